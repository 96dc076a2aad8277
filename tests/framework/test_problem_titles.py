"""Every problem the app answers is titled with its status's reason phrase, as RFC 9110 words
it (RFC 6585 for 428 and 429), whichever part of the app refused the request: routing, the
input guard, the body parser, the sign-in, a role check, the domain, the rate limit, the
database or an unexpected error. One status never reads two ways.
"""

from collections.abc import Callable

import pytest
from flask import Response

from api import create_app
from api.extensions import limiter
from api.framework.authorization import public
from tests.support.api_world import API, Stage
from tests.support.app import app_config

RFC_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
JSON = "application/json"
STALE_ETAG = '"visit-stale-v0"'
NOBODY = {"email": "nobody@example.org", "password": "not the password"}


def ask(method: str, path: str, actor: str = "anonymous", **options) -> Callable:
    """A request on the world of `tests.support.api_world`: `path` may name its ids."""

    def send(scene: Stage) -> Response:
        url = API + path.format(**scene.current().ids)
        sent = dict(options)
        headers = {**scene.headers(actor), **sent.pop("headers", {})}
        return scene.app.test_client().open(url, method=method, headers=headers, **sent)

    return send


def sign_in_until_refused(scene: Stage) -> Response:
    client = scene.app.test_client()
    for _ in range(10):
        response = client.post(f"{API}/auth/login", json=NOBODY)
        if response.status_code == 429:
            return response
    return response


REFUSALS = {
    "malformed JSON": (400, ask("POST", "/auth/login", data=b'{"email": ', content_type=JSON)),
    "an empty JSON body": (400, ask("POST", "/auth/login", data=b"", content_type=JSON)),
    "a body nested too deep": (
        400,
        ask("POST", "/auth/login", data=b"[" * 40 + b"]" * 40, content_type=JSON),
    ),
    "no token": (401, ask("GET", "/me")),
    "a malformed token": (401, ask("GET", "/me", headers={"Authorization": "Bearer a.b.c"})),
    "a wrong password": (401, ask("POST", "/auth/login", json=NOBODY)),
    "a role without access": (403, ask("GET", "/people", "visitor")),
    "an unknown URL": (404, ask("GET", "/nothing-here", "manager")),
    "no such record": (404, ask("GET", "/people/999999", "manager")),
    "a method the URL does not take": (405, ask("DELETE", "/sites", "manager")),
    "a name another site has": (
        409,
        ask("PATCH", "/sites/{second_site_id}", "manager", json={"name": "Central Suite"}),
    ),
    "a stale If-Match": (
        412,
        ask(
            "PATCH",
            "/visits/{draft_visit_id}",
            "visitor",
            json={"notes": "Later"},
            headers={"If-Match": STALE_ETAG},
        ),
    ),
    "a body over the limit": (
        413,
        ask("POST", "/auth/login", data=b" " * (1024 * 1024 + 1), content_type=JSON),
    ),
    "a body that is not JSON": (
        415,
        ask("POST", "/auth/login", data=b"email=x", content_type="text/plain"),
    ),
    "a value outside its list": (
        422,
        ask("POST", "/sites", "manager", json={"name": "Keep", "kind": "castle"}),
    ),
    "a NUL character": (
        422,
        ask("POST", "/sites", "manager", json={"name": "A\x00B", "kind": "custody_suite"}),
    ),
    "a rule of the domain": (
        422,
        ask("POST", "/sites", "manager", json={"name": "Pens", "kind": "dog_unit", "cells": 4}),
    ),
    "no If-Match": (428, ask("PATCH", "/visits/{draft_visit_id}", "visitor", json={})),
    "too many failed sign-ins": (429, sign_in_until_refused),
}


@pytest.fixture
def limits_reset():
    yield
    limiter.reset()


@pytest.mark.parametrize("refusal", REFUSALS)
@pytest.mark.usefixtures("limits_reset")
def test_a_problem_is_titled_with_its_status_phrase(scene, refusal):
    status, send = REFUSALS[refusal]

    response = send(scene)

    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == RFC_TITLES[status]


@pytest.fixture
def app_with_faults(database_url_for_tests):
    """An app with a view that fails and one that declares no access policy."""
    app = create_app(app_config(database_url_for_tests, PROPAGATE_EXCEPTIONS=False))

    @app.route("/boom")
    @public
    def boom():
        raise RuntimeError("an unexpected failure")

    @app.route("/undeclared")
    def undeclared():
        return {}

    return app


@pytest.mark.parametrize(("path", "status"), [("/boom", 500), ("/undeclared", 403)])
def test_a_problem_outside_the_api_is_titled_with_its_status_phrase(app_with_faults, path, status):
    response = app_with_faults.test_client().get(path)

    assert response.status_code == status
    assert response.get_json()["title"] == RFC_TITLES[status]


@pytest.fixture
def app_without_database(tmp_path):
    """An app whose database cannot be opened: a SQLite file in a folder that is not there."""
    missing = tmp_path / "not-there" / "icv.sqlite3"
    return create_app(app_config(f"sqlite:///{missing}", PROPAGATE_EXCEPTIONS=False))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("GET", "/health", None), ("POST", f"{API}/auth/login", NOBODY)],
    ids=["the health check", "a sign-in"],
)
def test_a_database_out_of_reach_is_titled_with_its_status_phrase(
    app_without_database, method, path, body
):
    response = app_without_database.test_client().open(path, method=method, json=body)

    assert response.status_code == 503
    assert response.get_json()["title"] == RFC_TITLES[503]
