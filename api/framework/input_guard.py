"""Input no column can hold, refused before any view sees it (422 naming the field, or 404), and
request bodies that are not a readable JSON document (400, 415).

Ids are 32-bit integers on PostgreSQL and at most 64-bit on SQLite; a larger number in a path,
query or body would reach the database and fail there (a 500). A NUL character cannot be stored
in PostgreSQL text and is never meaningful in this domain's text; nor can half a surrogate pair
(`"\\ud800"`, valid JSON) be encoded for either database.

No body of this API nests deeper than a few levels; a deeper one is refused (400) before it is
walked, as the parser would otherwise run out of stack on `[[[[...]]]]` (a 500). An endpoint
that reads a body reads it only as JSON (`JsonBodyParser`): other content is a 415 (RFC 9110
15.5.16) and a body declared as JSON but empty a 400. A request with no body at all is an empty
object, which the endpoint's schema judges (so an action such as renewing a term needs none).
"""

import json
import re

from flask import Flask, request
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request
from werkzeug.routing import IntegerConverter

from api.framework.errors import problem

LARGEST_ID = 2**31 - 1
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Not str.isdigit(): it holds for "³" and "①", which int() refuses, and for "٣", which it reads.
ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")
DEEPEST_BODY = 32


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number beyond any id matches no route (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


class JsonBodyParser(FlaskParser):
    """webargs' parser, with a body that is not JSON refused instead of read as no body."""

    def load_json(self, req, schema):
        if not req.get_data(cache=True).strip():
            if is_json_request(req):
                abort(400, messages={"json": ["The body is empty: send a JSON object."]})
            return missing
        if not is_json_request(req):
            accept = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}.get(req.method)
            abort(
                415,
                message="Send the body as application/json.",
                messages={"json": [f"The body is {req.mimetype or 'of no stated type'}."]},
                headers={accept: "application/json"} if accept else {},
            )
        return super().load_json(req, schema)


def nesting(value) -> int:
    """How deep arrays and objects nest (a scalar is 0), without recursion; stops past the
    deepest a body may be."""
    deepest = 0
    pending = [(value, 0)]
    while pending and deepest <= DEEPEST_BODY:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level + 1)
            pending.extend((child, level + 1) for child in item)
    return deepest


def _unstorable(value, path: str, found: dict[str, list[str]]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and abs(value) > LARGEST_ID:
        found.setdefault(path or "body", []).append(f"Must be at most {LARGEST_ID}.")
    elif isinstance(value, str):
        if "\x00" in value:
            found.setdefault(path or "body", []).append("Must not contain a NUL character.")
        if LONE_SURROGATE.search(value):
            found.setdefault(path or "body", []).append(
                "Must be Unicode text: a \\u escape of half a surrogate pair is not a character."
            )
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
            if "\x00" in value or (ASCII_INTEGER.fullmatch(value) and abs(int(value)) > LARGEST_ID):
                found.setdefault(name, []).append("Out of range.")
    return found


class BodyTooDeep(Exception):
    pass


def json_body():
    """The body parsed as JSON; None when it is not JSON (the endpoint's parser answers)."""
    if not request.is_json:
        return None
    try:
        body = json.loads(request.get_data(cache=True).decode())
    except ValueError:
        return None
    except RecursionError as error:
        raise BodyTooDeep from error
    if nesting(body) > DEEPEST_BODY:
        raise BodyTooDeep
    return body


def guard_input(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_unreadable_or_unstorable():
        try:
            body = json_body()
        except BodyTooDeep:
            detail = f"The body nests deeper than {DEEPEST_BODY} levels."
            return problem(400, detail, errors={"body": [detail]})
        found = unstorable_fields(body, request.args)
        if found:
            detail = "The request has invalid fields: " + ", ".join(sorted(found)) + "."
            return problem(422, detail, errors=found)
        return None
