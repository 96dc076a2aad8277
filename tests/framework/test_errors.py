import pytest
from sqlalchemy import text

from api import create_app
from api.framework.authorization import public
from icv.common.database import db
from tests.support.app import app_config
from tests.support.problems import assert_problem


def test_unknown_url_is_a_404_problem(client):
    body = assert_problem(client.get("/api/v1/nothing-here"), 404)

    assert body["type"] == "about:blank"


def test_wrong_method_is_a_405_problem_with_allow(client):
    response = client.delete("/api/v1/sites")

    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_a_body_over_the_limit_is_a_413_problem(client, manager, login):
    huge = "x" * (1024 * 1024 + 1)

    response = client.post(
        "/api/v1/people",
        headers={**login(manager), "Content-Type": "application/json"},
        data=f'{{"name": "{huge}"}}',
    )

    assert_problem(response, 413)


def test_a_json_array_instead_of_an_object_is_a_422(client, manager, login):
    response = client.post("/api/v1/people", headers=login(manager), json=[1, 2])

    assert_problem(response, 422)


def test_a_validation_error_names_nested_fields_with_dots(client, manager, login):
    response = client.post(
        "/api/v1/people",
        headers=login(manager),
        json={"roles": ["visitor", 7], "name": "N", "email": "n@x.example"},
    )

    assert_problem(response, 422, "roles.1", "status", "joined_on")


@pytest.fixture
def failing_app(database_url_for_tests):
    app = create_app(app_config(database_url_for_tests, PROPAGATE_EXCEPTIONS=False))

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("secret internals: password=hunter2")

    return app


def test_an_unexpected_error_is_a_500_problem_without_internals(failing_app):
    response = failing_app.test_client().get("/boom")

    body = assert_problem(response, 500)
    assert "hunter2" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)
    assert "RuntimeError" not in body["detail"]


def test_a_connection_the_database_dropped_is_let_go_quietly_when_the_request_ends(app, ctx):
    """Else the session's last rollback, at teardown, escapes Flask: gunicorn's HTML 500."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the server ends a connection on PostgreSQL only")
    with app.app_context():
        backend = db.session.scalar(text("SELECT pg_backend_pid()"))
        with db.engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})

    with app.app_context():
        assert db.session.scalar(text("SELECT 1")) == 1
