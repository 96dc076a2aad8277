"""Every error as application/problem+json (RFC 9457), with the bad fields under `errors`."""

import http
import json
import logging

from flask import Flask, Response, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from api.framework.schemas import ProblemSchema
from icv.common.database import db
from icv.common.errors import DomainError

PROBLEM_MIMETYPE = "application/problem+json"
LOCATION_FIELDS = {"json": "body", "query": "query", "headers": "headers"}
SCHEMA_ERRORS = "_schema"
# How long a client should wait before trying again while the database is away.
RETRY_AFTER_SECONDS = "5"
# The reason phrases RFC 9110 renamed, which Python's HTTPStatus only says from 3.13 on.
RFC_9110_PHRASES = {
    413: "Content Too Large",
    414: "URI Too Long",
    416: "Range Not Satisfiable",
    422: "Unprocessable Content",
}
TITLES = {status.value: status.phrase for status in http.HTTPStatus} | RFC_9110_PHRASES
log = logging.getLogger(__name__)


def title_of(status: int) -> str:
    """The title of every problem with this status: its reason phrase in RFC 9110. With
    `type` "about:blank" the title must be the status's phrase (RFC 9457 4.2.1), so one
    status never reads two ways."""
    return TITLES.get(status, "Server Error" if status >= 500 else "Client Error")


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: dict | None = None,
    headers: dict | None = None,
    extensions: dict | None = None,
) -> Response:
    """A problem+json response, titled by its status; `extensions` adds members of the problem
    type's own (RFC 9457 3.2), such as the alternatives to a refused claim."""
    body = {"type": "about:blank", "title": title_of(status), "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    body.update(extensions or {})
    return Response(
        json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE, headers=headers or {}
    )


def size_in_words(size: int) -> str:
    """A size in bytes as people write it, in units of 1024: 1048576 is "1 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"


def body_over_the_limit() -> str:
    """What a 413 says: the limit the app is configured with (`MAX_CONTENT_LENGTH`)."""
    limit = request.max_content_length
    if limit is None:
        return "The body is too large."
    return f"The body is over the {size_in_words(limit)} limit."


def rollback_quietly() -> None:
    """Drops the failed request's changes; never lets a second failure hide the first."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the database may be the thing that is down
        log.exception("rollback failed")


def end_session_quietly(error: BaseException | None = None) -> None:
    """Ends the request's session. If the database dropped the connection meanwhile (a
    restart), its last rollback fails: the connection is let go, as SQLAlchemy has already
    invalidated it, instead of the error escaping Flask as the server's own HTML 500 after the
    answer was made."""
    try:
        db.session.remove()
    except DBAPIError as failure:
        log.warning("closing the session failed: %s", failure.orig)
        db.session.registry.clear()


def flatten_errors(messages, prefix: str = "", whole: str = "_request") -> dict[str, list[str]]:
    """{'json': {'detainees': {0: {'outcome': [...]}}}} -> {'detainees.0.outcome': [...]}.

    The request location (json, query, headers) is dropped: a field name is what a client needs.
    marshmallow's `_schema` (a value of the wrong type as a whole, such as a body that is `null`)
    is named as the value itself: its field, or `whole` at the top.
    """
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = prefix if key == SCHEMA_ERRORS else ".".join(filter(None, (prefix, str(key))))
            flat.update(flatten_errors(value, name, whole))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or whole] = list(messages)
    else:
        flat[prefix or whole] = [str(messages)]
    return flat


def _validation_errors(data: dict | None) -> dict | None:
    if not data:
        return None
    if "errors" in data:
        return data["errors"]
    messages = data.get("messages")
    if not messages:
        return None
    merged: dict[str, list[str]] = {}
    for location, location_messages in messages.items():
        merged.update(
            flatten_errors(location_messages, whole=LOCATION_FIELDS.get(location, location))
        )
    return merged


class ProblemApi(Api):
    """flask-smorest's Api with its HTTP error handler answering in problem+json, and the
    OpenAPI document saying so."""

    ERROR_SCHEMA = ProblemSchema

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": title_of(status)}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIMETYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "An error, as problem details", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_MIMETYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException):
        rollback_quietly()
        data = getattr(error, "data", None) or {}
        errors = _validation_errors(data)
        detail = data.get("message") or error.description
        if error.code == 422 and errors:
            detail = "The request has invalid fields: " + ", ".join(sorted(errors)) + "."
        elif error.code == 400 and errors:
            detail = " ".join(message for messages in errors.values() for message in messages)
        elif error.code == 413:
            detail = body_over_the_limit()
            errors = {"body": [detail]}
        if error.code >= 500:
            detail = "Something went wrong on our side. It has been logged."
        headers = dict(data.get("headers") or {})
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
        response = problem(error.code, detail, errors=errors, headers=headers)
        if error.code == 429:
            retry_after = getattr(error, "retry_after", None)
            if retry_after:
                response.headers["Retry-After"] = str(retry_after)
        return response


def register_error_handlers(app: Flask) -> None:
    # Registered after Flask-SQLAlchemy's teardown, so Flask runs it first.
    app.teardown_appcontext(end_session_quietly)

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        rollback_quietly()
        return problem(error.status, error.detail, errors=error.errors)

    @app.errorhandler(StaleDataError)
    def stale(error):
        rollback_quietly()
        return problem(412, "The record was changed by someone else: fetch it again.")

    @app.errorhandler(IntegrityError)
    def integrity(error):
        rollback_quietly()
        log.warning("integrity error: %s", error.orig)
        return problem(409, "The change clashes with another record.")

    @app.errorhandler(OperationalError)
    def database_unavailable(error):
        rollback_quietly()
        log.error("database error: %s", error.orig)
        return problem(
            503,
            "The database cannot be reached. Try again shortly.",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
