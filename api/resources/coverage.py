"""Timeslot coverage of a site over a financial year (manager and viewer).

Inspectors are refused: a coverage table shows which slots have not been visited, which would
tell a custody suite when to expect the visitors.
"""

from marshmallow import Schema, fields

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.schemas import QuerySchema, financial_year
from icv import visibility
from icv.common.dates import year_or_current
from icv.scheduling import coverage

blp = Blueprint("coverage", __name__, url_prefix="/api/v1", description="Timeslot coverage")


class CoverageQuerySchema(QuerySchema):
    site_id = fields.Integer(required=True)
    year = financial_year(metadata={"description": "financial year (2023 = 2023/24); default: now"})


class CoverageSchema(Schema):
    site_id = fields.Integer()
    site_name = fields.String(attribute="site.name")
    kind = fields.String(attribute="site.kind")
    year = fields.Integer(attribute="year.year")
    label = fields.String(attribute="year.label")
    grid = fields.Function(lambda table: table.grid.as_dict(), metadata={"type": "object"})
    handover_windows = fields.Function(
        lambda table: [window.label for window in table.grid.handover_windows]
    )
    counts = fields.List(fields.List(fields.Integer()), metadata={"description": "days x bands"})
    day_totals = fields.List(fields.Integer())
    band_totals = fields.List(fields.Integer())
    total = fields.Integer(metadata={"description": "completed visits, outside_grid included"})
    uncovered = fields.Method("uncovered_slots")
    outside_grid = fields.Integer()
    abandoned = fields.Integer(metadata={"description": "abandoned visits, not in counts"})
    in_handover = fields.Integer(allow_none=True)
    entropy_bits = fields.Function(lambda table: round(table.entropy_bits, 4))
    max_entropy_bits = fields.Function(lambda table: round(table.max_entropy_bits, 4))
    entropy_share = fields.Function(
        lambda table: round(table.entropy_bits / table.max_entropy_bits, 4)
    )

    def uncovered_slots(self, table) -> list[dict]:
        days, bands = table.grid.day_labels, table.grid.band_labels
        return [{"day": days[day], "band": bands[band]} for day, band in table.uncovered]


# Examples for the OpenAPI document.
COVERAGE_EXAMPLE = {
    "site_id": 1,
    "site_name": "Central Custody Suite",
    "kind": "custody_suite",
    "year": 2023,
    "label": "2023/24",
    "grid": {
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "bands": ["00:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"],
    },
    "handover_windows": ["06:30-07:15", "18:30-19:15"],
    "counts": [
        [1, 2, 2, 2, 3],
        [0, 1, 1, 2, 1],
        [1, 0, 1, 2, 2],
        [1, 1, 1, 1, 3],
        [1, 1, 2, 2, 2],
        [1, 2, 1, 1, 1],
        [1, 3, 2, 2, 1],
    ],
    "day_totals": [10, 5, 6, 7, 8, 6, 9],
    "band_totals": [6, 10, 10, 12, 13],
    "total": 51,
    "uncovered": [{"day": "Tue", "band": "00:00-07:59"}, {"day": "Wed", "band": "08:00-11:59"}],
    "outside_grid": 0,
    "abandoned": 0,
    "in_handover": 3,
    "entropy_bits": 4.9221,
    "max_entropy_bits": 5.1293,
    "entropy_share": 0.9596,
}


@blp.route("/coverage", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(CoverageQuerySchema, location="query")
@blp.response(200, CoverageSchema, example=COVERAGE_EXAMPLE)
def get_coverage(query):
    """Timeslot coverage of a site in a year.

    How many submitted, completed visits fell in each slot of the site's grid in the year.
    """
    caller = current_person()
    site = visibility.site_for(caller, query["site_id"])
    return coverage.coverage_of(site, year_or_current(query.get("year"), caller.scheme.timezone))
