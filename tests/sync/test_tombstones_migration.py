"""Migration 0022 adds the tombstone table only: visits recorded before it keep their rows, and
a delta from before it finds no removals (nothing was buried then)."""

import importlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from icv.common.database import db
from icv.models import Tombstone, Visit
from tests.support.visits import log_visit

MIGRATION = importlib.import_module("migrations.versions.0022_tombstones")


def test_0022_adds_tombstones_and_keeps_every_visit(manager, suite, visitor, partner):
    visit_id = log_visit(suite, manager, [visitor, partner], "2024-05-07T10:00:00+01:00").id
    db.session.remove()
    downgrade(revision=MIGRATION.down_revision)
    assert "tombstone" not in inspect(db.engine).get_table_names()

    upgrade(revision="heads")

    assert db.session.scalar(select(Visit.id)) == visit_id
    assert db.session.scalars(select(Tombstone)).all() == []
