"""Migration 0014 carries visits recorded before the visit report over with their meaning:
boolean checks become results, a free-text abandon reason becomes `other` with its text as the
note, and detainee entries get no observations."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import DetaineeEntry, Visit
from tests.support.visits import log_visit


def test_0014_keeps_the_meaning_of_visits_recorded_before_it(manager, suite, visitor, partner):
    """On SQLite the visit table is copied: its entries and visitors must survive the copy."""
    completed = log_visit(suite, manager, [visitor, partner], "2024-05-07T10:00:00+01:00").id
    abandoned = log_visit(
        suite, manager, [visitor, partner], "2024-05-08T10:00:00+01:00", outcome="abandoned"
    ).id
    db.session.remove()
    downgrade(revision="0013")
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE visit SET checks = :checks WHERE id = :id"),
            {
                "checks": '{"cells_clean": true, "cctv_working": false, "food_in_date": null}',
                "id": completed,
            },
        )
        connection.execute(
            text("UPDATE visit SET abandon_reason = :reason WHERE id = :id"),
            {"reason": "Suite shut for a fire drill", "id": abandoned},
        )
        connection.execute(
            text(
                "INSERT INTO detainee_entry (visit_id, position, ref, outcome, juvenile,"
                " vulnerable, tact) VALUES (:id, 0, 'C1', 'seen', true, false, false)"
            ),
            {"id": completed},
        )

    upgrade(revision="heads")

    first, second = db.session.get(Visit, completed), db.session.get(Visit, abandoned)
    assert first.checks == {
        "cells_clean": {"result": "ok"},
        "cctv_working": {"result": "concern"},
        "food_in_date": {"result": "not_checked"},
    }
    assert (second.abandon_reason, second.abandon_note) == ("other", "Suite shut for a fire drill")
    entry = db.session.scalars(
        db.select(DetaineeEntry).where(DetaineeEntry.visit_id == completed)
    ).one()
    assert (entry.observations, entry.appropriate_adult, entry.juvenile) == ({}, None, True)
    assert first.site.scheme.tact_report_days == 14
    assert sorted(first.visitor_ids) == sorted([visitor.id, partner.id])  # copied, not cascaded
