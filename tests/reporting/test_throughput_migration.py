"""Migration 0021 adds the force's custody throughput: every record made before it keeps its
meaning, and no year has a figure until the manager records one."""

import importlib

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from icv.common.database import db
from icv.models import CustodyThroughput, Scheme, Visit
from icv.reporting import throughput
from tests.support.visits import log_visit

MIGRATION = importlib.import_module("migrations.versions.0021_custody_throughput")


def test_0021_adds_an_empty_throughput_table_and_keeps_the_visits(
    manager, scheme, suite, visitor, partner
):
    visit_id = log_visit(suite, manager, [visitor, partner], "2023-05-07T10:00:00+01:00").id
    throughput.record(scheme, manager, 2023, 15475)
    scheme_id = scheme.id
    db.session.remove()

    downgrade(revision=MIGRATION.down_revision)
    assert "custody_throughput" not in inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        assert (
            connection.execute(
                text("SELECT count(*) FROM visit WHERE id = :id"), {"id": visit_id}
            ).scalar_one()
            == 1
        )

    upgrade(revision="heads")

    assert db.session.get(Visit, visit_id) is not None
    assert db.session.scalars(db.select(CustodyThroughput)).all() == []
    assert throughput.context(db.session.get(Scheme, scheme_id), 2023, in_cells=10) is None
