"""Quarterly returns to the national association (managers and viewers): the annual
statistics' figures over one quarter of the financial year, as JSON or CSV."""

from flask import Response
from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.schemas import TEXT_BODY, QuerySchema, financial_year
from api.resources.stats import YEAR_2023_EXAMPLE
from api.resources.stats_schemas import (
    AccessSectionSchema,
    DetaineesSectionSchema,
    HoursSectionSchema,
    IssuesSectionSchema,
    TactSectionSchema,
    VisitsSectionSchema,
    integer,
    percentage,
)
from icv.common.dates import QUARTERS
from icv.reporting import quarterly

blp = Blueprint("returns", __name__, url_prefix="/api/v1", description="Quarterly returns")

READERS = ("manager", "viewer")


class QuarterQuerySchema(QuerySchema):
    year = financial_year(
        required=True, metadata={"description": "financial year (2023 = 2023/24)"}
    )
    quarter = fields.Integer(
        required=True,
        validate=OneOf(QUARTERS, error="Must be 1 (April-June), 2, 3 or 4 (January-March)."),
        metadata={"description": "quarter of the financial year: 1 = April to June"},
    )


class ReturnIssuesSchema(IssuesSectionSchema):
    answered = integer(metadata={"description": "acknowledged or resolved by the force"})
    answered_percent = percentage(
        metadata={"description": "answered of those not put right during the visit"}
    )


class ReturnVolunteersSchema(Schema):
    at_start = integer(metadata={"description": "serving as the quarter began (a stock)"})
    joined = integer()
    left = integer()
    withdrawn = integer()
    at_end = integer(metadata={"description": "serving at the quarter's end (a stock)"})
    in_probation = integer()
    suspended = integer()
    recruits_in_checks = integer()


class QuarterlyReturnSchema(Schema):
    year = integer()
    quarter = integer()
    label = fields.String(required=True)
    first_day = fields.String(required=True)
    last_day = fields.String(required=True)
    visits = fields.Nested(VisitsSectionSchema, required=True)
    access = fields.Nested(AccessSectionSchema, required=True)
    detainees = fields.Nested(DetaineesSectionSchema, required=True)
    tact = fields.Nested(TactSectionSchema, required=True)
    issues = fields.Nested(ReturnIssuesSchema, required=True)
    volunteers = fields.Nested(ReturnVolunteersSchema, required=True)
    hours = fields.Nested(HoursSectionSchema, required=True)


# The demo scheme's first quarter of 2023/24, its lists shortened to their first entries.
RETURN_EXAMPLE = {
    "year": 2023,
    "quarter": 1,
    "label": "2023/24 Q1",
    "first_day": "2023-04-01",
    "last_day": "2023-06-30",
    "visits": {
        **YEAR_2023_EXAMPLE["visits"],
        "by_site": [
            {
                "site_id": 1,
                "name": "Suite A",
                "visits": 12,
                "target": 13,
                "percent": 92.3,
                "periods_met": 13,
                "abandoned": 0,
                "status": "met",
            }
        ],
        "total": 24,
        "target": 26,
        "percent": 92.3,
        "remote": {"phone": 0, "video": 0},
        "curtailed": 0,
        "feedback_recorded": 24,
    },
    "access": {
        "immediate": 23,
        "delay_6_15": 0,
        "delay_over_15": 1,
        "immediate_percent": 95.8,
        "reasons": [{"reason": "suite very busy", "count": 1}],
    },
    "detainees": {
        "in_cells": 262,
        "offered": 97,
        "not_offered": 19,
        "unavailable": 52,
        "asleep_observed": 94,
        "denied": 0,
        "seen": 87,
        "refused": 10,
        "percent_of_in_cells": {
            "offered": 37.0,
            "not_offered": 7.3,
            "unavailable": 19.8,
            "asleep_observed": 35.9,
            "denied": 0.0,
        },
        "percent_of_offered": {"seen": 89.7, "refused": 10.3},
        "seen_by": {
            "gender": [{"value": "male", "count": 72}],
            "age_group": [{"value": "25_34", "count": 32}],
            "ethnicity": [{"value": "white", "count": 65}],
        },
        "juveniles": {"in_cells": 2, "seen": 2},
        "vulnerable": {"in_cells": 7, "seen": 7},
    },
    "tact": {"visits": 0, "detainees_seen": 0, "reports_due": 0, "reports_sent": 0},
    "issues": {
        "total": 13,
        "by_category": [
            {"category": "cell_and_contents", "label": "The cell and its contents", "count": 3}
        ],
        "resolved_during_visit": 7,
        "open": 1,
        "acknowledged": 0,
        "resolved": 5,
        "answered": 5,
        "answered_percent": 83.3,
    },
    "volunteers": {
        "at_start": 18,
        "joined": 0,
        "left": 0,
        "withdrawn": 0,
        "at_end": 18,
        "in_probation": 0,
        "suspended": 0,
        "recruits_in_checks": 0,
    },
    "hours": {
        "volunteer_hours": 113.39,
        "visit_hours": 74.39,
        "activity_hours": 39.0,
        "hourly_rate": 18.3516,
        "economic_value": 2080.82,
    },
}
RETURN_CSV_EXAMPLE = """Quarterly return 2023/24 Q1 (2023-04-01 to 2023-06-30)
site,visits,target,percent,periods_met,abandoned
Suite A,12,13,92.3,13,0
Suite B,12,13,92.3,12,0
Total,24,26,92.3,,0
...
"""


@blp.route("/returns/quarterly", methods=["GET"])
@allow(*READERS)
@blp.arguments(QuarterQuerySchema, location="query")
@blp.response(200, QuarterlyReturnSchema, example=RETURN_EXAMPLE)
def quarterly_return(args):
    """The scheme's quarterly return.

    The annual statistics' figures over one quarter of the financial year (1 = April to June):
    the four quarters' counts add up to the year's. No names: a return is figures only.
    """
    return quarterly.quarterly_return(current_person().scheme, args["year"], args["quarter"])


@blp.route("/returns/quarterly.csv", methods=["GET"])
@allow(*READERS)
@blp.arguments(QuarterQuerySchema, location="query")
@blp.response(
    200,
    TEXT_BODY,
    content_type="text/csv",
    description="The return's tables as CSV",
    example=RETURN_CSV_EXAMPLE,
)
def quarterly_return_csv(args):
    """The scheme's quarterly return, as CSV.

    One table after another, each under its title line; text a spreadsheet would run as a
    formula is kept as text.
    """
    year, quarter = args["year"], args["quarter"]
    figures = quarterly.quarterly_return(current_person().scheme, year, quarter)
    return Response(
        quarterly.render_csv(figures),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="quarterly-return-{year}-q{quarter}.csv"'
        },
    )
