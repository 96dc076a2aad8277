"""The national body's overview (role `national`): the benchmark indicators of every scheme that
opted in, named only where the scheme agreed. A national account reads nothing else."""

from marshmallow import Schema, fields

from api.framework.authorization import allow
from api.framework.blueprint import Blueprint
from api.resources.benchmarks import (
    INDICATOR_EXAMPLE,
    BenchmarkYearQuerySchema,
    IndicatorDistributionSchema,
)
from icv.models import NATIONAL_ROLE
from icv.reporting import benchmarks

blp = Blueprint("national", __name__, url_prefix="/api/v1", description="The national overview")


class NationalSchemeSchema(Schema):
    scheme = fields.String(
        required=True,
        metadata={"description": "its name if it agreed to be named, else a label for this answer"},
    )
    named = fields.Boolean(required=True)
    values = fields.Dict(
        keys=fields.String(),
        values=fields.Float(allow_none=True),
        required=True,
        metadata={"description": "indicator key -> the scheme's value (null: no data)"},
    )


class NationalBenchmarksSchema(Schema):
    year = fields.Integer(required=True)
    label = fields.String(required=True)
    participants = fields.Integer(required=True)
    indicators = fields.List(fields.Nested(IndicatorDistributionSchema), required=True)
    schemes = fields.List(fields.Nested(NationalSchemeSchema), required=True)


VALUES_EXAMPLE = dict.fromkeys(benchmarks.INDICATOR_KEYS, 50.0)
NATIONAL_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "participants": 2,
    "indicators": [
        {key: value for key, value in INDICATOR_EXAMPLE.items() if key not in ("value", "rank")}
    ],
    "schemes": [
        {"scheme": "Northshire", "named": True, "values": VALUES_EXAMPLE},
        {"scheme": "Scheme A", "named": False, "values": VALUES_EXAMPLE},
    ],
}


@blp.route("/national/benchmarks", methods=["GET"])
@allow(NATIONAL_ROLE)
@blp.arguments(BenchmarkYearQuerySchema, location="query")
@blp.response(200, NationalBenchmarksSchema, example=NATIONAL_EXAMPLE)
def national_benchmarks(args):
    """Every participating scheme's indicators (national body).

    Named only where the scheme agreed; the others under labels ("Scheme A", ...) that hold
    within this answer only.
    """
    return benchmarks.for_national_body(args["year"])
