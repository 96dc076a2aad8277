"""The phone's home in one request: what is coming up for the caller and what waits for them."""

from marshmallow import Schema, fields

from api.framework.authorization import current_person, signed_in
from api.framework.blueprint import Blueprint
from api.framework.pagination import answer_unless_modified, list_validator
from api.resources.notifications import NOTIFICATION_EXAMPLE, NotificationSchema
from icv.models import Issue
from icv.sync import home
from icv.visits import issues

blp = Blueprint("home", __name__, url_prefix="/api/v1", description="Your home on the phone")


class ComingSchema(Schema):
    kind = fields.String(metadata={"description": "claim | plan_item"})
    id = fields.Integer()
    date = fields.Date(metadata={"description": "its next date from today"})
    site_id = fields.Integer()
    site_name = fields.String()
    day = fields.String()
    band = fields.String()
    status = fields.String(
        metadata={
            "description": "a claim's partner response (pending | accepted | declined | none);"
            " a plan item's answer of yours (proposed | accepted)"
        }
    )
    with_ids = fields.List(fields.Integer(), metadata={"description": "the others named with you"})
    answers = fields.List(
        fields.String(),
        metadata={
            "description": "what you may do about it now, each a POST to /claims/{id}/<answer>"
            " or /plan-items/{id}/<answer>: accept | decline (its partner, a planned visitor)"
            " or withdraw (a claim's claimant)"
        },
    )


class HomeIssueSchema(Schema):
    id = fields.Integer()
    visit_id = fields.String()
    site_id = fields.Integer()
    site_name = fields.String(attribute="site.name")
    category = fields.String()
    urgent = fields.Boolean()
    status = fields.String()
    overdue = fields.Method("issue_overdue")
    response = fields.String(allow_none=True)
    raised_at = fields.AwareDateTime(allow_none=True)
    acknowledged_at = fields.AwareDateTime(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)

    def issue_overdue(self, issue: Issue) -> bool:
        return issues.is_overdue(issue, current_person().scheme)


class NotificationsPartSchema(Schema):
    unread = fields.Integer()
    latest = fields.List(fields.Nested(NotificationSchema))


class IssuesPartSchema(Schema):
    awaiting = fields.Integer(
        metadata={
            "description": "an inspector's open issues at their sites; a manager's overdue"
            " ones; a visitor's issues answered since their latest visit (roles add up)"
        }
    )
    latest = fields.List(fields.Nested(HomeIssueSchema))


class HomeSchema(Schema):
    today = fields.Date(metadata={"description": "the scheme's local date the home was read on"})
    coming = fields.List(fields.Nested(ComingSchema))
    notifications = fields.Nested(NotificationsPartSchema)
    issues = fields.Nested(IssuesPartSchema)
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={
            "description": "by role: drafts, partner_answers_due, plan_answers_due (visitor);"
            " claims_needing_partner (manager); overdue_issues (all but viewers)"
        },
    )


HOME_EXAMPLE = {
    "today": "2024-09-03",
    "coming": [
        {
            "kind": "claim",
            "id": 77,
            "date": "2024-09-05",
            "site_id": 2,
            "site_name": "Riverside Custody Suite",
            "day": "Thu",
            "band": "16:00-19:59",
            "status": "accepted",
            "with_ids": [19],
            "answers": ["withdraw"],
        },
        {
            "kind": "plan_item",
            "id": 57,
            "date": "2024-09-11",
            "site_id": 2,
            "site_name": "Riverside Custody Suite",
            "day": "Wed",
            "band": "16:00-19:59",
            "status": "proposed",
            "with_ids": [19],
            "answers": ["accept", "decline"],
        },
    ],
    "notifications": {"unread": 1, "latest": [NOTIFICATION_EXAMPLE]},
    "issues": {
        "awaiting": 1,
        "latest": [
            {
                "id": 318,
                "visit_id": "5b0e7c52-3d1a-4f6e-9a43-2c8f1e6d7a90",
                "site_id": 2,
                "site_name": "Riverside Custody Suite",
                "category": "healthcare",
                "urgent": False,
                "status": "acknowledged",
                "overdue": False,
                "response": "The healthcare practitioner saw him at 21:30.",
                "raised_at": "2024-07-14T20:31:40+00:00",
                "acknowledged_at": "2024-07-16T08:55:02+00:00",
                "resolved_at": None,
            }
        ],
    },
    "counts": {"drafts": 1, "partner_answers_due": 0, "plan_answers_due": 1, "overdue_issues": 0},
}


@blp.route("/me/home", methods=["GET"])
@blp.conditional()
@signed_in
@blp.response(200, HomeSchema, example=HOME_EXAMPLE)
def my_home():
    """Read your home: what is coming up and what waits for you.

    One request for the phone's first screen: your claims and plan items of the coming four
    weeks, unread notifications and the latest few, the issues awaiting you and counts, as your
    roles give them. Carries a weak ETag: `If-None-Match` with it answers an empty 304 while
    nothing on it changed.
    """
    person = current_person()
    answer_unless_modified(list_validator(*home.marks(person)))
    found = home.home_of(person)
    return {
        "today": found.today,
        "coming": found.coming,
        "notifications": {"unread": found.unread, "latest": found.latest_notifications},
        "issues": {"awaiting": found.issues_awaiting, "latest": found.latest_issues},
        "counts": found.counts,
    }
