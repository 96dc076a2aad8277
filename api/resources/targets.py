"""Visit targets per site over a financial year (manager and viewer)."""

from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import QuerySchema, financial_year
from icv.common.dates import year_or_current
from icv.models import SITE_KINDS
from icv.scheduling import targets
from icv.sites import sites

blp = Blueprint("targets", __name__, url_prefix="/api/v1", description="Visit targets")


class TargetsQuerySchema(QuerySchema):
    year = financial_year(metadata={"description": "financial year (2023 = 2023/24); default: now"})
    kind = fields.String(validate=OneOf(SITE_KINDS))


class TargetSchema(Schema):
    site_id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    period = fields.String(metadata={"description": "week (custody suites) or month (dog units)"})
    required = fields.Integer(metadata={"description": "periods of the year the site was open"})
    visits = fields.Integer(metadata={"description": "completed, submitted visits in the year"})
    abandoned = fields.Integer()
    percent = fields.Float(allow_none=True, metadata={"description": "visits / required * 100"})
    periods_met = fields.Integer()
    periods_missed = fields.Integer(metadata={"description": "periods over without a visit"})
    status = fields.String(metadata={"description": "closed | met | in_progress | missed"})


# Examples for the OpenAPI document.
TARGETS_EXAMPLE = [
    {
        "site_id": 1,
        "name": "Central Custody Suite",
        "kind": "custody_suite",
        "period": "week",
        "required": 52,
        "visits": 51,
        "abandoned": 1,
        "percent": 98.1,
        "periods_met": 51,
        "periods_missed": 1,
        "status": "missed",
    },
    {
        "site_id": 4,
        "name": "Dog Unit",
        "kind": "dog_unit",
        "period": "month",
        "required": 12,
        "visits": 12,
        "abandoned": 0,
        "percent": 100.0,
        "periods_met": 12,
        "periods_missed": 0,
        "status": "met",
    },
]


@blp.route("/targets", methods=["GET"])
@blp.conditional()
@allow("manager", "viewer")
@blp.arguments(TargetsQuerySchema, location="query")
@blp.response(200, TargetSchema(many=True), example=TARGETS_EXAMPLE)
@blp.paginate(**PAGE_SIZES)
def list_targets(query, pagination_parameters):
    """Visit targets of each site in a year.

    Each site's target for the year (default: the current one), sites by name.
    """
    caller = current_person()
    year = year_or_current(query.get("year"), caller.scheme.timezone)
    page = page_of(sites.sites_query(caller, kind=query.get("kind")), pagination_parameters)
    return targets.site_targets(page, year, caller.scheme.timezone)
