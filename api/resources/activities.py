"""Volunteering besides visits: training, meetings and other activities, and team meetings.

Managers record and read them; a visitor reads their own activities. A team meeting is recorded
once with its attendees and gives each attendee an activity of kind `meeting`.
"""

from decimal import Decimal

from flask import url_for
from marshmallow import Schema, ValidationError, fields
from marshmallow.validate import Length, OneOf, Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import QuerySchema, calendar_date, financial_year, text
from icv import visibility
from icv.models import ACTIVITY_KINDS
from icv.people import activities

blp = Blueprint(
    "activities",
    __name__,
    url_prefix="/api/v1",
    description="Training, meetings and other volunteering",
)


def two_places_at_most(value: Decimal) -> None:
    if value.as_tuple().exponent < -2:
        raise ValidationError("At most two decimal places.")


def hours_field(**kwargs) -> fields.Decimal:
    return fields.Decimal(
        validate=[Range(0, 24, min_inclusive=False), two_places_at_most],
        metadata={"description": "more than 0, at most 24, to two places"},
        **kwargs,
    )


class ActivitySchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    kind = fields.String()
    date = fields.Date(attribute="done_on")
    hours = fields.Float()
    notes = fields.String(allow_none=True)
    meeting_id = fields.Integer(allow_none=True)
    recorded_at = fields.AwareDateTime()
    recorded_by_id = fields.Integer(allow_none=True)


class ActivityCreateSchema(Schema):
    person_id = fields.Integer(required=True, strict=True)
    kind = fields.String(required=True, validate=OneOf(ACTIVITY_KINDS))
    date = calendar_date(required=True)
    hours = hours_field(required=True)
    notes = text(1000, allow_none=True)


class ActivitiesQuerySchema(QuerySchema):
    person_id = fields.Integer()
    year = financial_year()
    kind = fields.String(validate=OneOf(ACTIVITY_KINDS))


class MeetingSchema(Schema):
    id = fields.Integer()
    date = fields.Date(attribute="held_on")
    hours = fields.Float()
    notes = fields.String(allow_none=True)
    attendee_ids = fields.List(fields.Integer())
    recorded_at = fields.AwareDateTime()
    recorded_by_id = fields.Integer(allow_none=True)


class MeetingCreateSchema(Schema):
    date = calendar_date(required=True)
    hours = hours_field(required=True)
    attendee_ids = fields.List(
        fields.Integer(strict=True), required=True, validate=Length(min=1, max=500)
    )
    notes = text(2000, allow_none=True)


class MeetingsQuerySchema(QuerySchema):
    year = financial_year()


# Examples for the OpenAPI document.
NEW_ACTIVITY_EXAMPLE = {
    "person_id": 12,
    "kind": "training",
    "date": "2024-05-14",
    "hours": 3.5,
    "notes": "PACE Code C refresher with the custody inspector",
}
ACTIVITY_EXAMPLE = {
    "id": 208,
    "person_id": 12,
    "kind": "training",
    "date": "2024-05-14",
    "hours": 3.5,
    "notes": "PACE Code C refresher with the custody inspector",
    "meeting_id": None,
    "recorded_at": "2024-05-15T09:12:30+01:00",
    "recorded_by_id": 1,
}
NEW_MEETING_EXAMPLE = {
    "date": "2024-02-19",
    "hours": 2,
    "attendee_ids": [5, 9, 12, 19],
    "notes": "Quarterly team meeting with the custody inspector",
}
MEETING_EXAMPLE = {
    "id": 4,
    "date": "2024-02-19",
    "hours": 2.0,
    "notes": "Quarterly team meeting with the custody inspector",
    "attendee_ids": [5, 9, 12, 19],
    "recorded_at": "2024-02-20T10:04:11+00:00",
    "recorded_by_id": 1,
}


@blp.route("/activities", methods=["POST"])
@allow("manager")
@blp.arguments(ActivityCreateSchema, example=NEW_ACTIVITY_EXAMPLE)
@blp.response(201, ActivitySchema)
def create_activity(data):
    """Record time a volunteer gave besides visits.

    A meeting, training, or other volunteering.
    """
    manager = current_person()
    activity = activities.record_activity(manager.scheme, manager, data)
    return activity, 201, {"Location": url_for("activities.get_activity", activity_id=activity.id)}


@blp.route("/activities", methods=["GET"])
@blp.conditional()
@allow("manager", "visitor")
@blp.arguments(ActivitiesQuerySchema, location="query")
@blp.response(200, ActivitySchema(many=True), example=[ACTIVITY_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_activities(filters, pagination_parameters):
    """List volunteers' activities.

    The latest first; filter by `person_id`, financial `year` and `kind`. A visitor lists only
    their own.
    """
    caller = current_person()
    query = activities.activities_query(caller, **filters)
    return page_of(query, pagination_parameters)


@blp.route("/activities/<int:activity_id>", methods=["GET"])
@allow("manager", "visitor")
@blp.response(200, ActivitySchema, example=ACTIVITY_EXAMPLE)
def get_activity(activity_id: int):
    """Read an activity.

    A manager reads any activity of the scheme; a visitor only their own.
    """
    return visibility.activity_for(current_person(), activity_id)


@blp.route("/activities/<int:activity_id>", methods=["DELETE"])
@allow("manager")
@blp.response(204)
def delete_activity(activity_id: int):
    """Delete an activity recorded in error.

    The deletion is kept in the audit trail.
    """
    manager = current_person()
    activity = visibility.activity_for(manager, activity_id, for_update=True)
    activities.delete_activity(activity, manager)


@blp.route("/meetings", methods=["POST"])
@allow("manager")
@blp.arguments(MeetingCreateSchema, example=NEW_MEETING_EXAMPLE)
@blp.response(201, MeetingSchema)
def create_meeting(data):
    """Record a team meeting.

    Recorded once, with the volunteers who attended: each gets an activity of kind `meeting`.
    """
    manager = current_person()
    meeting = activities.record_meeting(manager.scheme, manager, data)
    return meeting, 201, {"Location": url_for("activities.get_meeting", meeting_id=meeting.id)}


@blp.route("/meetings", methods=["GET"])
@blp.conditional()
@allow("manager")
@blp.arguments(MeetingsQuerySchema, location="query")
@blp.response(200, MeetingSchema(many=True), example=[MEETING_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_meetings(filters, pagination_parameters):
    """List team meetings.

    The latest first; filter by financial `year`.
    """
    query = activities.meetings_query(current_person().scheme_id, **filters)
    return page_of(query, pagination_parameters)


@blp.route("/meetings/<int:meeting_id>", methods=["GET"])
@allow("manager")
@blp.response(200, MeetingSchema, example=MEETING_EXAMPLE)
def get_meeting(meeting_id: int):
    """Read a team meeting, with who attended."""
    return activities.get_meeting(current_person().scheme_id, meeting_id)


@blp.route("/meetings/<int:meeting_id>", methods=["DELETE"])
@allow("manager")
@blp.response(204)
def delete_meeting(meeting_id: int):
    """Delete a team meeting recorded in error.

    Its attendances go with it; the deletion is kept in the audit trail.
    """
    manager = current_person()
    activities.delete_meeting(activities.get_meeting(manager.scheme_id, meeting_id), manager)
