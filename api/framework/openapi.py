"""The Api extension, with an OpenAPI document that says what the app answers: the
X-Pagination header as the JSON it is, and number bounds as numbers. Its interactive docs at
`/docs` run Swagger UI from the app's own copy (see `api.framework.swagger_ui`)."""

from decimal import Decimal

from flask import make_response
from marshmallow.validate import Range

from api.framework import swagger_ui
from api.framework.blueprint import PaginationMetadataSchema
from api.framework.errors import ProblemApi
from api.framework.security import docs_policy


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def range_bounds(self, field, ret, **kwargs) -> dict:
    """A Range's bounds as JSON numbers (apispec writes a Decimal field's as strings), with
    `exclusiveMinimum`/`exclusiveMaximum` (OpenAPI 3.0) for a bound not included."""
    if ret.get("type") not in ("number", "integer"):
        return {}
    ranges = [validator for validator in field.validators if isinstance(validator, Range)]
    bounds = {}
    lows = [validator for validator in ranges if validator.min is not None]
    if lows:
        low = max(lows, key=lambda validator: (validator.min, not validator.min_inclusive))
        bounds["minimum"] = _number(low.min)
        if not low.min_inclusive:
            bounds["exclusiveMinimum"] = True
    highs = [validator for validator in ranges if validator.max is not None]
    if highs:
        high = min(highs, key=lambda validator: (validator.max, validator.max_inclusive))
        bounds["maximum"] = _number(high.max)
        if not high.max_inclusive:
            bounds["exclusiveMaximum"] = True
    return bounds


class Api(ProblemApi):
    def _init_spec(self, **kwargs):
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(range_bounds)

    def _register_swagger_ui_rule(self, blueprint):
        """The docs page, and Swagger UI's files beside it when the page is to load them from
        the app (`OPENAPI_SWAGGER_UI_URL` is `swagger_ui.ASSETS_URL`)."""
        # Imported here: authorization needs the extensions, which are made with this module.
        from api.framework.authorization import public

        super()._register_swagger_ui_rule(blueprint)
        if self.config.get("OPENAPI_SWAGGER_UI_URL") == swagger_ui.ASSETS_URL:
            blueprint.add_url_rule(
                f"{swagger_ui.ASSETS_URL}<filename>",
                endpoint="swagger_ui_asset",
                view_func=public(swagger_ui.asset),
            )

    def _openapi_swagger_ui(self):
        """The docs page with a Content-Security-Policy that lets its own inline script run (by
        hash) and Swagger UI's files load from the app, and nothing else; never kept stale, as
        it names the Swagger UI version to load."""
        page = super()._openapi_swagger_ui()
        response = make_response(page)
        response.headers["Content-Security-Policy"] = docs_policy(
            swagger_ui.inline_script_hashes(page)
        )
        response.headers["Cache-Control"] = "no-cache"
        return response

    def _register_pagination_header(self):
        header = {
            "description": "Pagination metadata",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }
        self.spec.components.header("PAGINATION", header, lazy=True)
