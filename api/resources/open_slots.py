"""Open slots: where a visitor may choose to go in the coming weeks (visitors and managers).

A visitor sees the sites they may visit (a dog unit only with the animal welfare scheme, after
probation); a manager sees every site of the scheme. Inspectors and viewers are refused: open
slots tell when visits will, and will not, come.
"""

from datetime import timedelta

from marshmallow import Schema, fields
from marshmallow.validate import Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of_list
from api.framework.schemas import QuerySchema, a_monday, calendar_date
from icv import visibility
from icv.common.dates import local_today
from icv.models import utcnow
from icv.scheduling import open_slots
from icv.sites.periods import monday_of

blp = Blueprint("open_slots", __name__, url_prefix="/api/v1", description="Open slots")


class OpenSlotsQuerySchema(QuerySchema):
    site_id = fields.Integer()
    starts_on = calendar_date(
        a_monday,
        data_key="from",
        metadata={"description": "a Monday; default: this week's Monday"},
    )
    weeks = fields.Integer(load_default=4, validate=Range(1, 13))


class OpenSlotSchema(Schema):
    site_id = fields.Integer()
    site_name = fields.String(attribute="site.name")
    week_start = fields.Date()
    day = fields.String()
    band = fields.String()
    dates = fields.List(fields.Date(), metadata={"description": "the dates the slot falls on"})
    visits = fields.Integer(
        metadata={"description": "the slot's visits, plan items and live claims this year"}
    )


# Examples for the OpenAPI document.
OPEN_SLOT_EXAMPLE = {
    "site_id": 2,
    "site_name": "Riverside Custody Suite",
    "week_start": "2024-09-09",
    "day": "Wed",
    "band": "16:00-19:59",
    "dates": ["2024-09-11"],
    "visits": 0,
}


@blp.route("/slots/open", methods=["GET"])
@allow("visitor", "manager")
@blp.arguments(OpenSlotsQuerySchema, location="query")
@blp.response(200, OpenSlotSchema(many=True), example=[OPEN_SLOT_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_open_slots(query, pagination_parameters):
    """List the open slots of the coming weeks.

    The slots that still need a visit, least covered first: every one listed may be claimed
    (`POST /claims`).
    """
    caller = current_person()
    if query.get("site_id") is not None:
        visibility.site_for(caller, query["site_id"])
    starts_on = query.get("starts_on") or monday_of(local_today(caller.scheme.timezone))
    weeks = [starts_on + timedelta(weeks=n) for n in range(query["weeks"])]
    choices = open_slots.visitable_sites(caller.scheme_id, caller, query.get("site_id"))
    return page_of_list(open_slots.open_slots(choices, weeks, utcnow()), pagination_parameters)
