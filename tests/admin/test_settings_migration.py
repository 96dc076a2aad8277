"""Migration 0017 carries schemes, people and visits over with their meaning: no custody
reference pattern (any reference, as before), the default retention periods, a first version
for the ETag; nothing redacted or anonymised yet."""

import importlib.util
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import Person, Scheme, Visit
from tests.support.visits import log_visit

_PATH = (
    Path(__file__).parents[2] / "migrations" / "versions" / "0017_scheme_settings_and_retention.py"
)
_SPEC = importlib.util.spec_from_file_location("migration_0017", _PATH)
MIGRATION = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(MIGRATION)


def test_0017_keeps_the_meaning_of_schemes_people_and_visits(
    scheme, manager, suite, visitor, partner
):
    visit_id = log_visit(suite, manager, [visitor, partner], "2024-05-07T10:00:00+01:00").id
    db.session.remove()
    downgrade(revision=MIGRATION.down_revision)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scheme (name, timezone, hourly_rate, acknowledge_days,"
                " tact_report_days, created_at) VALUES ('Eastshire', 'Europe/London', 18.35,"
                " 7, 14, '2020-01-01 00:00:00')"
            )
        )

    upgrade(revision="heads")

    for found in db.session.scalars(db.select(Scheme)):
        assert found.custody_ref_pattern is None
        assert (found.visit_detail_retention_years, found.leaver_retention_years) == (3, 6)
        assert found.version == 1
    assert db.session.get(Visit, visit_id).redacted_at is None
    assert db.session.get(Person, visitor.id).anonymised_at is None
    assert sorted(db.session.get(Visit, visit_id).visitor_ids) == sorted([visitor.id, partner.id])
