"""The Api extension, with an OpenAPI document that says what the app answers: the
X-Pagination header as the JSON it is, and number bounds as numbers."""

from decimal import Decimal

from marshmallow.validate import Range

from api.framework.blueprint import PaginationMetadataSchema
from api.framework.errors import ProblemApi


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

    def _register_pagination_header(self):
        header = {
            "description": "Pagination metadata",
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }
        self.spec.components.header("PAGINATION", header, lazy=True)
