"""`GET /me/export`: everything the scheme holds about the caller, as JSON (a subject access
request answered at once). Of anyone else it gives ids only; visits come without detainees."""

from marshmallow import Schema, fields

from api.framework.authorization import current_person, signed_in
from api.framework.blueprint import Blueprint
from icv.admin.subject_access import export_for

blp = Blueprint("me_export", __name__, url_prefix="/api/v1", description="Your own data")


class SlotSchema(Schema):
    day = fields.String()
    band = fields.String()


class ExportedSchemeSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class ExportedPersonSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    status = fields.String()
    aws = fields.Boolean()
    joined_on = fields.Date()
    probation_ends_on = fields.Date(allow_none=True)
    buddy_id = fields.Integer(allow_none=True)
    appointed_on = fields.Date(allow_none=True)
    term_ends_on = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)
    leave_reason = fields.String(allow_none=True)
    exit_interview_notes = fields.String(allow_none=True)
    home_area = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    birth_year = fields.Integer(allow_none=True)
    tact_trained_on = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    scheme = fields.Nested(ExportedSchemeSchema)
    roles = fields.List(fields.String())
    site_ids = fields.List(fields.Integer())


class ExportedStatusChangeSchema(Schema):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    effective_on = fields.Date()
    note = fields.String(allow_none=True)
    leave_reason = fields.String(allow_none=True)
    recorded_at = fields.AwareDateTime()


class ExportedVisitSchema(Schema):
    id = fields.String()
    site_id = fields.Integer()
    site_name = fields.String()
    arrived_at = fields.AwareDateTime()
    admitted_at = fields.AwareDateTime(allow_none=True)
    departed_at = fields.AwareDateTime(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True)
    mode = fields.String()
    outcome = fields.String()
    status = fields.String()
    recorded_by_me = fields.Boolean()
    other_visitor_ids = fields.List(fields.Integer())


class ExportedActivitySchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    date = fields.Date()
    hours = fields.Float()
    notes = fields.String(allow_none=True)
    meeting_id = fields.Integer(allow_none=True)


class ExportedHoursSchema(Schema):
    year = fields.Integer()
    label = fields.String()
    visits = fields.Integer()
    visit_hours = fields.Float()
    activity_hours = fields.Float()
    volunteer_hours = fields.Float()
    economic_value = fields.Float()


class ExportedClaimSchema(Schema):
    id = fields.Integer()
    site_id = fields.Integer()
    week_start = fields.Date()
    slot = fields.Nested(SlotSchema)
    claimant_id = fields.Integer()
    partner_id = fields.Integer(allow_none=True)
    partner_response = fields.String(allow_none=True)
    created_at = fields.AwareDateTime()
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    visit_id = fields.String(allow_none=True)


class ExportedPlanItemSchema(Schema):
    id = fields.Integer()
    plan_id = fields.Integer()
    site_id = fields.Integer()
    week_start = fields.Date()
    slot = fields.Nested(SlotSchema)
    status = fields.String()
    my_response = fields.String()
    responded_at = fields.AwareDateTime(allow_none=True)
    visitor_ids = fields.List(fields.Integer())


class ExportedNotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    subject = fields.String()
    created_at = fields.AwareDateTime()
    read_at = fields.AwareDateTime(allow_none=True)
    email_status = fields.String()


class ExportedSignInSchema(Schema):
    created_at = fields.AwareDateTime()
    expires_at = fields.AwareDateTime()
    revoked_at = fields.AwareDateTime(allow_none=True)


class ExportedCalendarFeedSchema(Schema):
    created_at = fields.AwareDateTime()


class ExportedDeclarationSchema(Schema):
    kind = fields.String()
    detail = fields.String()
    declared_on = fields.Date()
    decision = fields.String(allow_none=True)
    site_ids = fields.List(fields.Integer())
    review_note = fields.String(allow_none=True)
    reviewed_at = fields.AwareDateTime(allow_none=True)


class PersonalDataExportSchema(Schema):
    """One field per section of `icv.admin.subject_access.SECTIONS`."""

    person = fields.Nested(ExportedPersonSchema)
    status_history = fields.List(fields.Nested(ExportedStatusChangeSchema))
    visits = fields.List(fields.Nested(ExportedVisitSchema))
    activities = fields.List(fields.Nested(ExportedActivitySchema))
    hours = fields.List(fields.Nested(ExportedHoursSchema))
    claims = fields.List(fields.Nested(ExportedClaimSchema))
    plan_items = fields.List(fields.Nested(ExportedPlanItemSchema))
    notifications = fields.List(fields.Nested(ExportedNotificationSchema))
    sign_ins = fields.List(fields.Nested(ExportedSignInSchema))
    calendar_feed = fields.Nested(ExportedCalendarFeedSchema, allow_none=True)
    declarations = fields.List(fields.Nested(ExportedDeclarationSchema))


EXPORT_EXAMPLE = {
    "person": {
        "id": 12,
        "name": "Priya Shah",
        "email": "priya.shah@example.org",
        "status": "active",
        "aws": True,
        "joined_on": "2019-06-01",
        "probation_ends_on": "2019-12-01",
        "buddy_id": 4,
        "appointed_on": "2019-12-01",
        "term_ends_on": "2025-11-30",
        "left_on": None,
        "leave_reason": None,
        "exit_interview_notes": None,
        "home_area": "North",
        "gender": "female",
        "birth_year": 1972,
        "tact_trained_on": "2022-03-14",
        "created_at": "2019-05-20T09:00:00+00:00",
        "updated_at": "2024-01-08T08:45:12+00:00",
        "scheme": {"id": 1, "name": "Northshire"},
        "roles": ["visitor"],
        "site_ids": [],
    },
    "status_history": [
        {
            "from_status": None,
            "to_status": "probation",
            "effective_on": "2019-06-01",
            "note": None,
            "leave_reason": None,
            "recorded_at": "2019-05-20T09:00:00+00:00",
        }
    ],
    "visits": [
        {
            "id": "6f1c7a52-3d0e-4c1b-9a57-0b8f0d2b6e11",
            "site_id": 2,
            "site_name": "Riverside Custody Suite",
            "arrived_at": "2024-03-05T10:02:00+00:00",
            "admitted_at": "2024-03-05T10:04:00+00:00",
            "departed_at": "2024-03-05T11:30:00+00:00",
            "duration_minutes": 88,
            "mode": "in_person",
            "outcome": "completed",
            "status": "submitted",
            "recorded_by_me": True,
            "other_visitor_ids": [15],
        }
    ],
    "activities": [
        {
            "id": 40,
            "kind": "training",
            "date": "2024-02-10",
            "hours": 2.5,
            "notes": None,
            "meeting_id": None,
        }
    ],
    "hours": [
        {
            "year": 2023,
            "label": "2023/24",
            "visits": 9,
            "visit_hours": 13.2,
            "activity_hours": 2.5,
            "volunteer_hours": 15.7,
            "economic_value": 288.1,
        }
    ],
    "claims": [
        {
            "id": 7,
            "site_id": 2,
            "week_start": "2024-03-04",
            "slot": {"day": "Tue", "band": "08:00-11:59"},
            "claimant_id": 12,
            "partner_id": 15,
            "partner_response": "accepted",
            "created_at": "2024-02-26T18:00:00+00:00",
            "withdrawn_at": None,
            "visit_id": "6f1c7a52-3d0e-4c1b-9a57-0b8f0d2b6e11",
        }
    ],
    "plan_items": [
        {
            "id": 31,
            "plan_id": 5,
            "site_id": 2,
            "week_start": "2024-03-11",
            "slot": {"day": "Thu", "band": "16:00-19:59"},
            "status": "proposed",
            "my_response": "accepted",
            "responded_at": "2024-03-01T12:00:00+00:00",
            "visitor_ids": [12, 15],
        }
    ],
    "notifications": [
        {
            "id": 88,
            "kind": "issue_response",
            "subject": "Response to an issue at Riverside Custody Suite: resolved",
            "created_at": "2024-03-07T09:00:00+00:00",
            "read_at": None,
            "email_status": "sent",
        }
    ],
    "sign_ins": [
        {
            "created_at": "2024-03-05T09:55:00+00:00",
            "expires_at": "2024-04-04T09:55:00+00:00",
            "revoked_at": None,
        }
    ],
    "calendar_feed": {"created_at": "2024-01-02T08:00:00+00:00"},
    "declarations": [
        {
            "kind": "family_in_police",
            "detail": "My brother is a sergeant at Northtown.",
            "declared_on": "2019-06-01",
            "decision": "restricted_to_sites",
            "site_ids": [2],
            "review_note": "Not to visit Northtown.",
            "reviewed_at": "2019-06-10T09:00:00+00:00",
        }
    ],
}


@blp.route("/me/export", methods=["GET"])
@signed_in
@blp.response(200, PersonalDataExportSchema, example=EXPORT_EXAMPLE)
def export_my_data():
    """Everything the scheme holds about you, as JSON.

    Your record, roles and status history; the visits you took part in (without detainees,
    and naming the other visitors by id only); your activities, hours, claims, plan items,
    notifications and sign-ins.
    """
    return export_for(current_person())
