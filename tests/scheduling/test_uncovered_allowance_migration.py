"""Migration 0019 gives every existing scheme the planner it had: no slot left uncovered."""

import importlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import Scheme

MIGRATION = importlib.import_module("migrations.versions.0019_planner_uncovered_allowance")


def test_0019_gives_existing_schemes_an_allowance_of_no_uncovered_slot(scheme):
    kept = scheme.id
    db.session.remove()
    downgrade(revision=MIGRATION.down_revision)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO scheme (name, timezone, hourly_rate, acknowledge_days,"
                " tact_report_days, created_at) VALUES ('Older scheme', 'Europe/London', 18.35,"
                " 7, 14, CURRENT_TIMESTAMP)"
            )
        )

    upgrade(revision="heads")

    allowances = {
        name: allowance
        for name, allowance in db.session.execute(
            db.select(Scheme.name, Scheme.planner_uncovered_allowance)
        )
    }
    assert allowances["Older scheme"] == 0
    assert db.session.get(Scheme, kept).planner_uncovered_allowance == 0
