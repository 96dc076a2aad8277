"""The schema comes only from Alembic, and the models never drift from it."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from icv.common.database import db

TABLES = {
    "scheme",
    "person",
    "person_role",
    "person_site",
    "site",
    "site_status_change",
    "auth_session",
    "audit_event",
}


def schema_drift() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_migrations_build_every_table(ctx):
    assert set(inspect(db.engine).get_table_names()) >= TABLES


def test_models_and_migrations_do_not_drift(ctx):
    assert schema_drift() == []


def test_migrations_run_down_to_empty_and_up_again(ctx):
    db.session.remove()
    downgrade(revision="base")
    assert TABLES.isdisjoint(inspect(db.engine).get_table_names())

    upgrade(revision="heads")

    assert set(inspect(db.engine).get_table_names()) >= TABLES
    assert schema_drift() == []
