"""Input no column can hold, refused before any view sees it (422 naming the field, or 404), and
request bodies that are not a readable JSON document (400, 415).

Ids are 32-bit integers on PostgreSQL and at most 64-bit on SQLite; a larger number in a path,
query or body would reach the database and fail there (a 500). A NUL character cannot be stored
in PostgreSQL text and is never meaningful in this domain's text; nor can half a surrogate pair
(`"\\ud800"`, valid JSON) be encoded for either database. A body is searched whole, before the
view; a query only in the parameters its endpoint declares (`ArgumentsParser`), as the others
are ignored.

A number is written with the digits 0-9. Python reads others too: `int()` takes "٣" (Arabic-
Indic) and "３" (fullwidth) as 3, and `str.isdigit()` holds for "³" and "①", which `int()`
refuses. A number field given any other digit is a 422 naming it (`ArgumentsParser`), and an id
in a path written so matches no route (404).

No body of this API nests deeper than a few levels; a deeper one is refused (400) before it is
walked, as the parser would otherwise run out of stack on `[[[[...]]]]` (a 500). An endpoint
that reads a body reads it only as JSON (`ArgumentsParser`): other content is a 415 (RFC 9110
15.5.16) and a body declared as JSON but empty a 400. A request with no body at all is an empty
object, which the endpoint's schema judges (so an action such as renewing a term needs none).
"""

import json
import re
from collections.abc import Mapping

from flask import Flask, request
from marshmallow import Schema, ValidationError, fields
from webargs.core import missing
from webargs.flaskparser import FlaskParser, abort, is_json_request
from werkzeug.routing import IntegerConverter

from api.framework.errors import problem

LARGEST_ID = 2**31 - 1
PARSED_BODY = "icv.parsed_json_body"  # the request's JSON body, parsed once
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
ASCII_INTEGER = re.compile(r"\s*[+-]?0*([0-9]+)\s*")
NOT_ASCII_DIGITS = "Write the number with the digits 0-9."
NUL = "Must not contain a NUL character."
BEYOND_ANY_ID = f"Must be between -{LARGEST_ID} and {LARGEST_ID}."
DEEPEST_BODY = 32


class IdConverter(IntegerConverter):
    """`<int:...>` in a route: a number beyond any id, or written with other digits than 0-9,
    matches no route (404)."""

    regex = r"[0-9]+"

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


class ArgumentsParser(FlaskParser):
    """webargs' parser, with a body that is not JSON refused instead of read as no body, and
    values the declared fields would misread or no column could hold refused by name
    (`unfit_values`)."""

    def pre_load(self, location_data, *, schema, req, location):
        found = unfit_values(schema, location_data)
        if found:
            raise ValidationError(found)
        return location_data

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

    def _raw_load_json(self, req):
        """The body `guard_input` already parsed, not parsed a second time."""
        parsed = req.environ.get(PARSED_BODY, missing)
        return parsed if parsed is not missing else super()._raw_load_json(req)


def unfit_values(schema: Schema, data, prefix: str = "") -> dict[str, list[str]]:
    """The values of `data` that the fields `schema` declares would misread or no column could
    hold, by field name (dotted into lists, nested records and dicts). Names the schema does
    not declare are not looked at."""
    found: dict[str, list[str]] = {}
    if not isinstance(data, Mapping):
        return found
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        value = data.get(key, missing)
        if value is not missing:
            _unfit(field, value, f"{prefix}{key}", found)
    return found


def _unfit(field: fields.Field, value, path: str, found: dict[str, list[str]]) -> None:
    if isinstance(field, fields.List) and isinstance(value, list):
        for index, item in enumerate(value):
            _unfit(field.inner, item, f"{path}.{index}", found)
    elif isinstance(field, fields.Nested):
        records = value if field.many and isinstance(value, list) else [value]
        for index, record in enumerate(records):
            where = f"{path}.{index}." if field.many else f"{path}."
            for name, messages in unfit_values(field.schema, record, where).items():
                found.setdefault(name, []).extend(messages)
    elif isinstance(field, fields.Dict) and field.value_field and isinstance(value, Mapping):
        for key, item in value.items():
            _unfit(field.value_field, item, f"{path}.{key}", found)
    elif isinstance(value, str) and (message := _unfit_text(field, value)):
        found.setdefault(path, []).append(message)


def _unfit_text(field: fields.Field, text: str) -> str | None:
    if "\x00" in text:
        return NUL
    if not isinstance(field, fields.Number):
        return None
    if not text.isascii():
        return NOT_ASCII_DIGITS
    if isinstance(field, fields.Integer) and beyond_any_id(text):
        return BEYOND_ANY_ID
    return None


def beyond_any_id(text: str) -> bool:
    """An integer as text, larger than any id; told by its length first, as int() refuses more
    than 4300 digits."""
    integer = ASCII_INTEGER.fullmatch(text)
    if integer is None:
        return False
    digits = integer.group(1)
    return len(digits) > len(str(LARGEST_ID)) or int(digits) > LARGEST_ID


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
        found.setdefault(path or "body", []).append(BEYOND_ANY_ID)
    elif isinstance(value, str):
        if "\x00" in value:
            found.setdefault(path or "body", []).append(NUL)
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


def unstorable_fields(body) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    _unstorable(body, "", found)
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
    request.environ[PARSED_BODY] = body
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
        found = unstorable_fields(body)
        if found:
            detail = "The request has invalid fields: " + ", ".join(sorted(found)) + "."
            return problem(422, detail, errors=found)
        return None
