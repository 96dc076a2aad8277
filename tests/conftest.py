"""One app per test database: SQLite by default, PostgreSQL when ICV_TEST_DATABASE_URL is set.

The schema is built once per run through the Alembic migrations (never `create_all`), and every
test starts from empty tables. Fixtures give two schemes, their sites and one person per role,
and `login(person)` returns the headers of a signed-in client.
"""

import os
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import MetaData, delete, text

from api import create_app
from api.config import database_url
from api.extensions import limiter
from icv import people, schemes, sites
from icv.database import db

PASSWORD = "correct horse battery staple"
CHEAP_ARGON2 = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def database_url_under_test(tmp_path_factory) -> str:
    configured = os.environ.get("ICV_TEST_DATABASE_URL")
    if configured:
        return database_url(configured, "")
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'icv-test.sqlite3'}"


def app_config(url: str, **overrides) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "ICV_ARGON2": CHEAP_ARGON2,
        "RATELIMIT_STORAGE_URI": "memory://",
        "ICV_LOGIN_LIMIT": "5 per minute",
        "ICV_LOGIN_IP_LIMIT": "50 per minute",
        **overrides,
    }


def drop_everything() -> None:
    """Empties the database, including tables a newer revision made and alembic_version."""
    reflected = MetaData()
    reflected.reflect(bind=db.engine)
    reflected.drop_all(bind=db.engine)


@pytest.fixture(scope="session")
def database_url_for_tests(tmp_path_factory) -> str:
    return database_url_under_test(tmp_path_factory)


@pytest.fixture(scope="session")
def app(database_url_for_tests):
    app = create_app(app_config(database_url_for_tests))
    with app.app_context():
        drop_everything()
        upgrade(revision="heads")
        db.session.remove()
    return app


@pytest.fixture
def ctx(app):
    """An app context for domain calls; afterwards every table is emptied."""
    with app.app_context():
        yield db.session
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()
    limiter.reset()


@pytest.fixture
def client(app, ctx):
    return app.test_client()


@pytest.fixture(scope="module")
def stage(app):
    """The world of `tests.api_world`, shared by a module's tests while none of them writes."""
    from tests.api_world import Stage, empty_database  # it builds on this module's helpers

    stage = Stage(app)
    yield stage
    with app.app_context():
        empty_database()
    limiter.reset()


@pytest.fixture
def scene(app, stage):
    """The stage in an app context; a test that fails half-way leaves the world to be rebuilt."""
    with app.app_context():
        stage.current()
        finished = False
        try:
            yield stage
            finished = True
        finally:
            if not finished:
                stage.spoil()
            db.session.remove()


@pytest.fixture
def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


# Schemes, sites and people -------------------------------------------------------------------


@pytest.fixture
def scheme(ctx):
    return schemes.create_scheme("Northshire")


@pytest.fixture
def other_scheme(ctx):
    return schemes.create_scheme("Southshire")


def make_site(scheme, name: str, kind: str = "custody_suite", cells: int | None = 20, **extra):
    data = {"name": name, "kind": kind, "cells": cells, "status_on": date(2020, 4, 1), **extra}
    if kind == "dog_unit":
        data["cells"] = None
    return sites.create_site(scheme, None, data)


@pytest.fixture
def suite(scheme):
    return make_site(scheme, "Central Suite", cells=36)


@pytest.fixture
def second_suite(scheme):
    return make_site(scheme, "Harbour Suite", cells=18)


@pytest.fixture
def dog_unit(scheme):
    return make_site(scheme, "Dog Unit", kind="dog_unit")


@pytest.fixture
def other_suite(other_scheme):
    return make_site(other_scheme, "Southern Suite", cells=12)


def make_person(scheme, *roles: str, email: str | None = None, **fields):
    data = {
        "name": fields.pop("name", f"{roles[0].title()} of {scheme.name}"),
        "email": email or f"{'-'.join(roles)}@{scheme.name.lower()}.example",
        "password": PASSWORD,
        "roles": list(roles),
        "status": "active",
        "joined_on": date(2015, 6, 1),
        **fields,
    }
    return people.create_person(scheme, None, data)


def make_volunteer(scheme, name: str, joined_on: date, status: str = "active", **fields):
    """A visitor of `scheme` first recorded with `status` on `joined_on`; email from the name."""
    email = f"{name.lower().replace(' ', '.')}@{scheme.name.lower()}.example"
    return make_person(
        scheme, "visitor", email=email, name=name, status=status, joined_on=joined_on, **fields
    )


def move(person, status: str, on: date | None = None, **fields):
    """Moves a person to `status` on a day, as their manager would (a leaving on `left_on`)."""
    changes = {"status": status, **fields}
    if on is not None:
        changes["left_on" if status == "left" else "status_on"] = on
    return people.update_person(person, None, changes)


@pytest.fixture
def manager(scheme):
    return make_person(scheme, "manager")


@pytest.fixture
def visitor(scheme):
    return make_person(scheme, "visitor", aws=True)


@pytest.fixture
def inspector(scheme, suite):
    return make_person(scheme, "inspector", site_ids=[suite.id])


@pytest.fixture
def viewer(scheme):
    return make_person(scheme, "viewer")


@pytest.fixture
def other_manager(other_scheme):
    return make_person(other_scheme, "manager")


@pytest.fixture
def other_visitor(other_scheme):
    return make_person(other_scheme, "visitor")


@pytest.fixture
def login(client):
    """`login(person)` -> Authorization headers of a fresh sign-in."""

    def sign_in(person, password: str = PASSWORD) -> dict:
        response = client.post(
            "/api/v1/auth/login", json={"email": person.email, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['access_token']}"}

    return sign_in


def count_rows(table_name: str) -> int:
    return db.session.execute(text(f"SELECT COUNT(*) FROM {table_name}")).scalar_one()  # noqa: S608


def assert_problem(response, status: int, *fields: str) -> dict:
    """The response is problem+json with this status, naming each of `fields` under errors."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"]
    for field in fields:
        assert field in body.get("errors", {}), body
    return body


@pytest.fixture
def partner(scheme):
    """A second active visitor on the animal welfare scheme: `visitor`'s usual pair."""
    return make_person(
        scheme, "visitor", email="partner@northshire.example", name="Pat Partner", aws=True
    )


@pytest.fixture
def third_visitor(scheme):
    return make_person(scheme, "visitor", email="third@northshire.example", name="Terry Third")


@pytest.fixture
def fourth_visitor(scheme):
    return make_person(scheme, "visitor", email="fourth@northshire.example", name="Fran Fourth")


@pytest.fixture
def harbour_inspector(scheme, second_suite):
    """An inspector of Harbour Suite only."""
    return make_person(
        scheme,
        "inspector",
        email="harbour-inspector@northshire.example",
        name="Hana Harbour",
        site_ids=[second_suite.id],
    )


@pytest.fixture
def manager_headers(login, manager):
    return login(manager)


@pytest.fixture
def visitor_headers(login, visitor):
    return login(visitor)


@pytest.fixture
def inspector_headers(login, inspector):
    return login(inspector)


@pytest.fixture
def viewer_headers(login, viewer):
    return login(viewer)


@pytest.fixture
def other_manager_headers(login, other_manager):
    return login(other_manager)


@pytest.fixture
def record(client):
    """`record(headers, body)` -> the created visit's JSON, asserting it was created."""

    def create(headers: dict, body: dict) -> dict:
        response = client.post("/api/v1/visits", headers=headers, json=body)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create
