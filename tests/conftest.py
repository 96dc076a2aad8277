"""One app per test database: SQLite by default, PostgreSQL when ICV_TEST_DATABASE_URL is set.

The schema is built once per run through the Alembic migrations (never `create_all`), and every
test starts from empty tables. Fixtures give two schemes, their sites and one person per role,
and `login(person)` returns the headers of a signed-in client.
"""

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete

from api import create_app
from api.extensions import limiter
from icv.admin import schemes
from icv.common.database import db
from tests.support.app import PASSWORD, app_config, database_url_under_test, drop_everything
from tests.support.mail_server import MailServer, free_port
from tests.support.records import make_person, make_site


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
    """The world of `tests.support.api_world`, shared by a module's tests while none of them
    writes."""
    from tests.support.api_world import Stage, empty_database  # it builds on this module's helpers

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


@pytest.fixture
def mail_server():
    """A running SMTP server on a free port of 127.0.0.1."""
    server = MailServer(free_port())
    server.start()
    yield server
    server.stop()


# The demo as on a pinned day -------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_present(app):
    """The demo loaded by `icv demo --today DEMO_TODAY`, shared by a module's tests while none of
    them writes; its digest right after loading. Every table is emptied afterwards."""
    from tests.support.demo import DEMO_TODAY, demo_digest

    with app.app_context():
        result = app.test_cli_runner().invoke(args=["demo", "--today", DEMO_TODAY.isoformat()])
        assert result.exit_code == 0, (result.output, result.exception)
        digest = demo_digest()
        db.session.remove()
    yield digest
    with app.app_context():
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
        db.session.commit()
        db.session.remove()
    limiter.reset()


@pytest.fixture
def in_demo(app, demo_present):
    """An app context on the pinned-day demo, for reading it."""
    with app.app_context():
        yield db.session
        db.session.rollback()
        db.session.remove()


@pytest.fixture(scope="module")
def demo_headers(app, demo_present):
    """`demo_headers(role)`: the headers of the demo's person with that role, signed in once
    per module (sign-ins are rate limited)."""
    from icv.demo import demo_scheme

    signed_in: dict[str, dict] = {}

    def headers(role: str) -> dict:
        if role not in signed_in:
            response = app.test_client().post(
                "/api/v1/auth/login",
                json={
                    "email": demo_scheme.demo_email(role),
                    "password": demo_scheme.demo_password(role),
                },
            )
            assert response.status_code == 200, response.get_json()
            signed_in[role] = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
        return signed_in[role]

    return headers
