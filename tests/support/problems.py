"""Assertions on problem+json answers."""

from contextlib import contextmanager

from api.framework.errors import title_of


def assert_problem(response, status: int, *fields: str) -> dict:
    """The response is problem+json with this status and its one title, naming each of `fields`
    under errors."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"] == title_of(status)
    for field in fields:
        assert field in body.get("errors", {}), body
    return body


@contextmanager
def errors_answered(app):
    """As in production: an unhandled error is a 500 answer, not an exception in the test."""
    propagate = app.config["PROPAGATE_EXCEPTIONS"]
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        yield
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate
