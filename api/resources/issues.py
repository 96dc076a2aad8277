"""Issues raised at visits: inspectors answer them, managers follow them up, visitors hear back.

An inspector sees and acts on issues at their sites (of submitted visits); a visitor reads the
issues of visits they took part in; a manager sees the scheme's; a viewer reads the summary.
"""

from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Regexp

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from api.framework.schemas import QuerySchema, WarningSchema, financial_year, text
from icv import visibility
from icv.models import ISSUE_STATUSES, Issue
from icv.visits import issues, text_screening

blp = Blueprint("issues", __name__, url_prefix="/api/v1", description="Issues raised at visits")


class IssueEventSchema(Schema):
    action = fields.String()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    text = fields.String(allow_none=True)
    actor_id = fields.Integer(allow_none=True)
    at = fields.AwareDateTime()


class IssueSchema(Schema):
    id = fields.Integer()
    visit_id = fields.String()
    site_id = fields.Integer()
    category = fields.String()
    description = fields.String()
    raised_by = fields.String()
    detainee_ref = fields.String(allow_none=True)
    resolved_during_visit = fields.Boolean()
    urgent = fields.Boolean()
    status = fields.String()
    response = fields.String(allow_none=True)
    overdue = fields.Method("issue_overdue")
    raised_at = fields.AwareDateTime(allow_none=True)
    acknowledged_at = fields.AwareDateTime(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)
    events = fields.List(fields.Nested(IssueEventSchema))
    version = fields.Integer()

    def issue_overdue(self, issue: Issue) -> bool:
        return issues.is_overdue(issue, current_person().scheme)


class WrittenIssueSchema(IssueSchema):
    """An issue as a write answers it: with warnings about personal data in its text."""

    warnings = fields.List(fields.Nested(WarningSchema))

    def get_attribute(self, obj, attr, default):
        if attr == "warnings":
            return text_screening.issue_warnings(obj)
        return super().get_attribute(obj, attr, default)


class IssuesQuerySchema(SyncQuerySchema):
    site_id = fields.Integer()
    status = fields.String(validate=OneOf(ISSUE_STATUSES))
    category = fields.String(validate=Length(max=40))
    year = financial_year()
    overdue = fields.Boolean()


class ResponseSchema(Schema):
    response = text(5000, required=True)


class ReopenSchema(Schema):
    reason = text(5000, required=True)
    category = fields.String(validate=Length(1, 40))


class RecategoriseSchema(Schema):
    category = fields.String(required=True, validate=Length(1, 40))


class SummaryQuerySchema(QuerySchema):
    year = financial_year(required=True)


class CategoryCountSchema(Schema):
    category = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class QuarterCountSchema(Schema):
    quarter = fields.Integer(required=True, metadata={"description": "1 is April to June"})
    count = fields.Integer(required=True)


class SiteCountSchema(Schema):
    site_id = fields.Integer(required=True)
    name = fields.String(required=True, allow_none=True)
    count = fields.Integer(required=True)


class IssuesSummarySchema(Schema):
    year = fields.Integer(required=True)
    label = fields.String(required=True)
    total = fields.Integer(required=True)
    by_category = fields.List(fields.Nested(CategoryCountSchema), required=True)
    by_quarter = fields.List(fields.Nested(QuarterCountSchema), required=True)
    by_site = fields.List(fields.Nested(SiteCountSchema), required=True)
    top_categories = fields.List(fields.String(), required=True)
    resolved_during_visit = fields.Integer(required=True)
    resolved_during_visit_percent = fields.Float(required=True, allow_none=True)
    median_days_to_acknowledge = fields.Float(required=True, allow_none=True)
    median_days_to_resolve = fields.Float(required=True, allow_none=True)
    open = fields.Integer(required=True)
    overdue = fields.Integer(required=True)


class CategorySchema(Schema):
    key = fields.String(
        required=True,
        validate=[Length(1, 40), Regexp(r"^[a-z][a-z0-9_]*$", error="Use lower_snake_case.")],
    )
    label = text(100, required=True)
    active = fields.Boolean(load_default=True)


# Examples for the OpenAPI document.
ISSUE_EXAMPLE = {
    "id": 318,
    "visit_id": "5b0e7c52-3d1a-4f6e-9a43-2c8f1e6d7a90",
    "site_id": 2,
    "category": "healthcare",
    "description": "Asked twice for his prescribed inhaler; not given by the end of the visit",
    "raised_by": "detainee",
    "detainee_ref": "CU/1234",
    "resolved_during_visit": False,
    "urgent": False,
    "status": "acknowledged",
    "response": "The healthcare practitioner saw him at 21:30 and the inhaler was given.",
    "overdue": False,
    "raised_at": "2024-07-14T20:31:40+00:00",
    "acknowledged_at": "2024-07-16T08:55:02+00:00",
    "resolved_at": None,
    "events": [
        {
            "action": "acknowledge",
            "from_status": "open",
            "to_status": "acknowledged",
            "text": "The healthcare practitioner saw him at 21:30 and the inhaler was given.",
            "actor_id": 3,
            "at": "2024-07-16T08:55:02+00:00",
        }
    ],
    "version": 2,
}
ISSUES_SUMMARY_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "total": 55,
    "by_category": [
        {"category": "food_and_drink", "label": "Food and drink", "count": 16},
        {"category": "cell_and_contents", "label": "The cell and its contents", "count": 12},
        {"category": "healthcare", "label": "Healthcare and medication", "count": 4},
    ],
    "by_quarter": [
        {"quarter": 1, "count": 11},
        {"quarter": 2, "count": 14},
        {"quarter": 3, "count": 17},
        {"quarter": 4, "count": 13},
    ],
    "by_site": [
        {"site_id": 1, "name": "Central Custody Suite", "count": 38},
        {"site_id": 2, "name": "Riverside Custody Suite", "count": 17},
    ],
    "top_categories": ["food_and_drink", "cell_and_contents"],
    "resolved_during_visit": 26,
    "resolved_during_visit_percent": 47.3,
    "median_days_to_acknowledge": 1.9,
    "median_days_to_resolve": 5.8,
    "open": 3,
    "overdue": 3,
}
ACKNOWLEDGEMENT_EXAMPLE = {
    "response": "The healthcare practitioner saw him at 21:30 and the inhaler was given."
}
RESOLUTION_EXAMPLE = {
    "response": "Inhalers are now logged at booking-in and checked at each cell visit."
}
REOPENING_EXAMPLE = {
    "reason": "The same problem was raised again at the visit of 2 August.",
    "category": "healthcare",
}
CATEGORY_EXAMPLE = {"key": "interpreters", "label": "Interpreters and translation", "active": True}


@blp.route("/issues", methods=["GET"])
@blp.conditional(sync=True)
@allow("manager", "inspector", "visitor")
@blp.arguments(IssuesQuerySchema, location="query")
@blp.response(200, IssueSchema(many=True), example=[ISSUE_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_issues(filters, pagination_parameters):
    """List issues raised at visits.

    Filter by `site_id`, `status`, `category`, financial `year` and `overdue`.
    """
    caller = current_person()
    since = filters.pop("updated_since", None)
    query = issues.issues_query(caller, **filters)
    return page_of(query, pagination_parameters, updated_since=since)


@blp.route("/issues/summary", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(SummaryQuerySchema, location="query")
@blp.response(200, IssuesSummarySchema, example=ISSUES_SUMMARY_EXAMPLE)
def issues_summary(args):
    """The themes of a year's issues.

    By category, quarter and site; top categories; medians in days.
    """
    return issues.summary(current_person().scheme, args["year"])


@blp.route("/issues/<int:issue_id>", methods=["GET"])
@allow("manager", "inspector", "visitor")
@blp.response(200, IssueSchema, example=ISSUE_EXAMPLE)
def get_issue(issue_id: int):
    """Read an issue, with every change of its status."""
    return visibility.issue_for(current_person(), issue_id)


@blp.route("/issues/<int:issue_id>/acknowledge", methods=["POST"])
@allow("inspector", "manager")
@blp.arguments(ResponseSchema, example=ACKNOWLEDGEMENT_EXAMPLE)
@blp.response(200, WrittenIssueSchema)
def acknowledge_issue(data, issue_id: int):
    """Acknowledge an open issue, with a response.

    An inspector of the issue's site, or the manager; the visitors hear of the response.
    """
    caller = current_person()
    return issues.acknowledge(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["response"]
    )


@blp.route("/issues/<int:issue_id>/resolve", methods=["POST"])
@allow("inspector", "manager")
@blp.arguments(ResponseSchema, example=RESOLUTION_EXAMPLE)
@blp.response(200, WrittenIssueSchema)
def resolve_issue(data, issue_id: int):
    """Resolve an open or acknowledged issue, with a response.

    An inspector of the issue's site, or the manager; the visitors hear of the response.
    """
    caller = current_person()
    return issues.resolve(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["response"]
    )


@blp.route("/issues/<int:issue_id>/reopen", methods=["POST"])
@allow("manager")
@blp.arguments(ReopenSchema, example=REOPENING_EXAMPLE)
@blp.response(200, WrittenIssueSchema)
def reopen_issue(data, issue_id: int):
    """Reopen an issue, with a reason.

    A new `category` re-categorises it at the same time.
    """
    caller = current_person()
    issue = visibility.issue_for(caller, issue_id, for_update=True)
    return issues.reopen(issue, caller, data["reason"], data.get("category"))


@blp.route("/issues/<int:issue_id>", methods=["PATCH"])
@allow("manager")
@blp.arguments(RecategoriseSchema, example={"category": "healthcare"})
@blp.response(200, WrittenIssueSchema)
def recategorise_issue(data, issue_id: int):
    """Move an issue to another category.

    One of the scheme's active categories; the change is kept in the issue's history.
    """
    caller = current_person()
    return issues.recategorise(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["category"]
    )


@blp.route("/issue-categories", methods=["GET"])
@allow("manager", "visitor", "inspector", "viewer")
@blp.response(200, CategorySchema(many=True), example=[CATEGORY_EXAMPLE])
def list_categories():
    """List the scheme's issue categories.

    The scheme's categories, `[{key, label}]`; retired ones are not offered.
    """
    return issues.categories(current_person().scheme_id)


@blp.route("/issue-categories", methods=["POST"])
@allow("manager")
@blp.arguments(CategorySchema, example=CATEGORY_EXAMPLE)
@blp.response(201, CategorySchema)
def save_category(data):
    """Add, relabel or retire an issue category.

    Add a category, or relabel (or retire with `active: false`) an existing one.
    """
    caller = current_person()
    return issues.save_category(caller.scheme, caller, data["key"], data["label"], data["active"])
