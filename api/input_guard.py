"""Input no column can hold, refused before any view sees it (422 naming the field, or 404).

Ids are 32-bit integers on PostgreSQL and at most 64-bit on SQLite; a larger number in a path,
query or body would reach the database and fail there (a 500). A NUL character cannot be stored
in PostgreSQL text and is never meaningful in this domain's text.
"""

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from api.errors import problem

LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number beyond any id matches no route (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


def _unstorable(value, path: str, found: dict[str, list[str]]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > LARGEST_ID:
        found.setdefault(path or "body", []).append(f"Must be at most {LARGEST_ID}.")
    elif isinstance(value, str) and "\x00" in value:
        found.setdefault(path or "body", []).append("Must not contain a NUL character.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _unstorable(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _unstorable(item, f"{path}.{index}" if path else str(index), found)


def unstorable_fields(body, query) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    _unstorable(body, "", found)
    for name, values in query.lists():
        for value in values:
            digits = value.lstrip("+-")
            if "\x00" in value or (digits.isdigit() and int(digits) > LARGEST_ID):
                found.setdefault(name, []).append("Out of range.")
    return found


def guard_input(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_unstorable():
        body = request.get_json(silent=True) if request.is_json else None
        found = unstorable_fields(body, request.args)
        if found:
            detail = "The request has invalid fields: " + ", ".join(sorted(found)) + "."
            return problem(422, "Unprocessable Entity", detail, found)
        return None
