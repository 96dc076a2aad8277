"""A visitor's private calendar feed, for a phone's calendar app to subscribe to.

`POST /me/calendar-token` gives a new secret and the feed's address (the old secret stops
working); `GET /calendar/{token}.ics` needs no sign-in: the secret in the address is the key.
Anything but a live secret of a visitor who may sign in is a 404 that says nothing more.
"""

from urllib.parse import urlsplit

from flask import Response, current_app
from marshmallow import Schema, fields

from api.framework.authorization import allow, current_person, public
from api.framework.blueprint import Blueprint
from api.framework.schemas import TEXT_BODY
from icv.calendar import feed, tokens
from icv.common.dates import local_today
from icv.common.errors import NotFound

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="Calendar feed")

CALENDAR_MIMETYPE = "text/calendar"


class CalendarTokenSchema(Schema):
    token = fields.String(metadata={"description": "shown once; only its hash is kept"})
    url = fields.String(metadata={"description": "the feed's address, to subscribe to"})


# Examples for the OpenAPI document.
CALENDAR_TOKEN_EXAMPLE = {
    "token": "L1X3kOPxm5CZGAp7P4-9la6sxLxYkr7NBPrKYvLDue8",
    "url": "https://icv.example.org/api/v1/calendar/L1X3kOPxm5CZGAp7P4-9la6sxLxYkr7NBPrKYvLDue8.ics",
}
CALENDAR_FEED_EXAMPLE = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Independent custody visiting//Visit calendar//EN\r
CALSCALE:GREGORIAN\r
METHOD:PUBLISH\r
X-WR-CALNAME:Northshire: my visits\r
BEGIN:VEVENT\r
UID:claim-23-20240911@icv.example.org\r
DTSTAMP:20240902T190327Z\r
DTSTART:20240911T150000Z\r
DTEND:20240911T190000Z\r
SUMMARY:Visit: Riverside Custody Suite (claimed)\r
DESCRIPTION:You claimed Wed 16:00-19:59 at Riverside Custody Suite.\r
STATUS:CONFIRMED\r
TRANSP:OPAQUE\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _base_url() -> str:
    return current_app.config["ICV_BASE_URL"].rstrip("/")


@blp.route("/me/calendar-token", methods=["POST"])
@allow("visitor")
@blp.response(201, CalendarTokenSchema, example=CALENDAR_TOKEN_EXAMPLE)
def new_calendar_token():
    """Get a new address for your calendar feed.

    A new secret for your calendar feed; the address with the old one stops working.
    """
    token = tokens.new_token(current_person())
    return {"token": token, "url": f"{_base_url()}/api/v1/calendar/{token}.ics"}


@blp.route("/calendar/<token>.ics", methods=["GET"])
@public
@blp.response(
    200,
    TEXT_BODY,
    content_type=CALENDAR_MIMETYPE,
    description="iCalendar (RFC 5545)",
    example=CALENDAR_FEED_EXAMPLE,
)
@blp.doc(security=[])
def calendar_feed_of(token: str):
    """Your visits as a calendar feed, to subscribe to.

    Your claims and plan items as iCalendar events, one per date of each slot (no sign-in: the
    secret in the address is the key).
    """
    person = tokens.person_for(token)
    if person is None:
        raise NotFound("calendar")
    domain = urlsplit(_base_url()).hostname or "localhost"
    text = feed.feed(person, local_today(person.scheme.timezone), domain)
    return Response(
        text,
        mimetype=CALENDAR_MIMETYPE,
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": 'inline; filename="visits.ics"',
        },
    )
