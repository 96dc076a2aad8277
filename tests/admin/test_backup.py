"""A scheme's export restores into an empty database with identical statistics."""

import io
import json

import pytest
from flask_migrate import upgrade

from api import create_app
from icv.admin import backup
from icv.common.database import db
from icv.demo.demo_scheme import load_demo
from icv.models import Scheme
from icv.reporting import annual
from tests.support.app import app_config


@pytest.fixture
def empty_database_app(tmp_path):
    """A second app on its own new SQLite file, migrated and empty."""
    app = create_app(app_config(f"sqlite:///{tmp_path / 'restored.sqlite3'}"))
    with app.app_context():
        upgrade(revision="heads")
    return app


@pytest.fixture
def demo_scheme(ctx):
    return load_demo()


def export_of(scheme_id: int) -> str:
    out = io.StringIO()
    backup.write_export(scheme_id, out)
    return out.getvalue()


def test_a_restored_scheme_has_identical_statistics(app, demo_scheme, empty_database_app):
    original = annual.annual(demo_scheme, 2023)
    exported = export_of(demo_scheme.id)

    with empty_database_app.app_context():
        backup.restore(io.StringIO(exported))
        restored = annual.annual(db.session.get(Scheme, demo_scheme.id), 2023)
        db.session.remove()

    assert restored == original


def test_the_export_holds_only_that_schemes_records(ctx, scheme, other_scheme, suite, other_suite):
    lines = [json.loads(line) for line in export_of(scheme.id).splitlines()]

    sites = [line["row"] for line in lines[1:] if line["table"] == "site"]
    assert [site["id"] for site in sites] == [suite.id]
    assert {line["row"]["id"] for line in lines[1:] if line["table"] == "scheme"} == {scheme.id}


def test_the_export_leaves_out_sign_in_sessions_and_password_hashes_stay_hashed(
    client, manager, login
):
    login(manager)

    lines = [json.loads(line) for line in export_of(manager.scheme_id).splitlines()]

    assert not [line for line in lines[1:] if line["table"] == "auth_session"]
    person = next(line["row"] for line in lines[1:] if line["table"] == "person")
    assert person["password_hash"].startswith("$argon2")


def test_restoring_into_a_database_with_schemes_is_refused(ctx, scheme):
    exported = export_of(scheme.id)

    with pytest.raises(ValueError, match="empty"):
        backup.restore(io.StringIO(exported))


def test_export_and_import_commands(app, ctx, scheme, suite, tmp_path, empty_database_app):
    path = tmp_path / "scheme.jsonl"

    exported = app.test_cli_runner().invoke(
        args=["export", "--scheme", str(scheme.id), "--out", str(path)]
    )
    with empty_database_app.app_context():
        restored = empty_database_app.test_cli_runner().invoke(args=["import", "--in", str(path)])
        db.session.remove()

    assert exported.exit_code == 0, exported.output
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
