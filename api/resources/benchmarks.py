"""Cross-scheme benchmarks for a scheme that opted in (managers and viewers): its value of each
indicator beside the participating schemes' median, quartiles and its rank; never another
scheme's name or id. A scheme that has not opted in gets a 409 saying how to."""

from marshmallow import Schema, fields

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.schemas import QuerySchema, financial_year
from icv.reporting import benchmarks

blp = Blueprint("benchmarks", __name__, url_prefix="/api/v1", description="Cross-scheme benchmarks")


class BenchmarkYearQuerySchema(QuerySchema):
    year = financial_year(
        required=True, metadata={"description": "financial year (2023 = 2023/24)"}
    )


def figure(description: str) -> fields.Float:
    return fields.Float(required=True, allow_none=True, metadata={"description": description})


class IndicatorDistributionSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    better = fields.String(
        required=True, metadata={"description": "higher | lower: which end ranks first"}
    )
    participants = fields.Integer(
        required=True, metadata={"description": "schemes giving a value for the indicator"}
    )
    median = figure("of the participating schemes; null below min_participants")
    lower_quartile = figure("of the participating schemes (inclusive method)")
    upper_quartile = figure("of the participating schemes (inclusive method)")


class SchemeIndicatorSchema(IndicatorDistributionSchema):
    value = figure("the scheme's own; null when it has no data for it")
    rank = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "1 = best; equal values share a rank; null below the minimum"},
    )


class SchemeBenchmarksSchema(Schema):
    year = fields.Integer(required=True)
    label = fields.String(required=True)
    participants = fields.Integer(required=True, metadata={"description": "schemes opted in"})
    min_participants = fields.Integer(
        required=True, metadata={"description": "values needed before a distribution is shown"}
    )
    indicators = fields.List(fields.Nested(SchemeIndicatorSchema), required=True)


INDICATOR_EXAMPLE = {
    "key": "immediate_access",
    "label": "Share of visits with immediate access (%)",
    "better": "higher",
    "value": 90.1,
    "median": 84.3,
    "lower_quartile": 76.0,
    "upper_quartile": 91.2,
    "rank": 9,
    "participants": 31,
}
BENCHMARKS_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "participants": 31,
    "min_participants": benchmarks.MIN_PARTICIPANTS,
    "indicators": [INDICATOR_EXAMPLE],
}


@blp.route("/benchmarks", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(BenchmarkYearQuerySchema, location="query")
@blp.response(200, SchemeBenchmarksSchema, example=BENCHMARKS_EXAMPLE)
def scheme_benchmarks(args):
    """Your scheme against the others that opted in.

    For each indicator your value, the participating schemes' median and quartiles, your rank
    and how many took part. 409 until your scheme opts in to benchmarking.
    """
    return benchmarks.for_scheme(current_person().scheme, args["year"])
