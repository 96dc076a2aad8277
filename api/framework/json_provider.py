"""Flask's JSON through orjson: every answer's body is dumped by it, request bodies that
Flask itself parses (`request.get_json`) are read by it, and so are JSON columns read from
PostgreSQL (psycopg's loader: a page of visits reads a few hundred).

The output is what Flask's own provider writes, keys sorted and compact, except that text is
sent as UTF-8 rather than as `\\u` escapes. Types orjson does not know (dates as Flask writes
them, decimals, UUIDs as strings, ...) go to Flask's own `default`.
"""

from typing import Any

import orjson
from flask import Flask
from flask.json.provider import DefaultJSONProvider
from psycopg.types.json import set_json_loads

OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class OrjsonProvider(DefaultJSONProvider):
    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return self._dump_bytes(obj).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)

    def response(self, *args, **kwargs):
        obj = self._prepare_response_obj(args, kwargs)
        return self._app.response_class(self._dump_bytes(obj), mimetype=self.mimetype)

    def _dump_bytes(self, obj: Any) -> bytes:
        """orjson's bytes; Flask's own for what orjson refuses (an integer past 64 bits, as an
        error echoing a client's value)."""
        options = OPTIONS | orjson.OPT_INDENT_2 if self._app.debug else OPTIONS
        try:
            return orjson.dumps(obj, default=self.default, option=options)
        except TypeError:
            return super().dumps(obj).encode()


def use_orjson(app: Flask) -> None:
    app.json_provider_class = OrjsonProvider
    app.json = OrjsonProvider(app)
    set_json_loads(orjson.loads)
