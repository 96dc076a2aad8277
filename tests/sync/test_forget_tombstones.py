"""`icv sync forget`: tombstones older than the days a delta can reach back are dropped; younger
ones stay, and no one can drop those a phone may still need."""

from datetime import timedelta

from sqlalchemy import select

from icv.common.database import db
from icv.models import Tombstone, utcnow
from icv.sync import tombstones


def bury_aged(scheme, record_id: str, days: int) -> None:
    tombstones.bury(scheme.id, "visit", [record_id])
    db.session.flush()
    db.session.execute(
        Tombstone.__table__.update()
        .where(Tombstone.record_id == record_id)
        .values(removed_at=utcnow() - timedelta(days=days))
    )
    db.session.commit()


def kept() -> list[str]:
    return sorted(db.session.scalars(select(Tombstone.record_id)))


def test_forget_drops_the_tombstones_older_than_the_retention_and_keeps_the_rest(app, scheme):
    bury_aged(scheme, "old", tombstones.RETENTION_DAYS + 1)
    bury_aged(scheme, "young", tombstones.RETENTION_DAYS - 1)

    result = app.test_cli_runner().invoke(args=["sync", "forget"])

    assert result.exit_code == 0, result.output
    assert "Forgot 1 tombstone(s) older than 90 days" in result.output
    assert kept() == ["young"]


def test_forget_takes_a_longer_age(app, scheme):
    bury_aged(scheme, "old", 100)
    bury_aged(scheme, "older", 200)

    result = app.test_cli_runner().invoke(args=["sync", "forget", "--older-than-days", "150"])

    assert result.exit_code == 0, result.output
    assert kept() == ["old"]


def test_forget_refuses_an_age_a_phone_may_still_sync_from(app, scheme):
    bury_aged(scheme, "young", 30)

    result = app.test_cli_runner().invoke(args=["sync", "forget", "--older-than-days", "10"])

    assert result.exit_code != 0
    assert "--older-than-days" in result.output
    assert kept() == ["young"]
