"""Issues raised at visits: inspectors answer them, managers follow them up, visitors hear back.

An inspector sees and acts on issues at their sites (of submitted visits); a visitor reads the
issues of visits they took part in; a manager sees the scheme's; a viewer reads the summary.
"""

from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Regexp

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import QuerySchema, financial_year, text
from icv import visibility
from icv.models import ISSUE_STATUSES, Issue
from icv.visits import issues

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


class IssuesQuerySchema(QuerySchema):
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


@blp.route("/issues", methods=["GET"])
@allow("manager", "inspector", "visitor")
@blp.arguments(IssuesQuerySchema, location="query")
@blp.response(200, IssueSchema(many=True))
@blp.paginate(**PAGE_SIZES)
def list_issues(filters, pagination_parameters):
    """Filter by `site_id`, `status`, `category`, financial `year` and `overdue`."""
    caller = current_person()
    query = issues.issues_query(caller, **filters)
    return page_of(query, pagination_parameters)


@blp.route("/issues/summary", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(SummaryQuerySchema, location="query")
@blp.response(200, IssuesSummarySchema)
def issues_summary(args):
    """Themes for the year: by category, quarter and site; top categories; medians in days."""
    return issues.summary(current_person().scheme, args["year"])


@blp.route("/issues/<int:issue_id>", methods=["GET"])
@allow("manager", "inspector", "visitor")
@blp.response(200, IssueSchema)
def get_issue(issue_id: int):
    return visibility.issue_for(current_person(), issue_id)


@blp.route("/issues/<int:issue_id>/acknowledge", methods=["POST"])
@allow("inspector", "manager")
@blp.arguments(ResponseSchema)
@blp.response(200, IssueSchema)
def acknowledge_issue(data, issue_id: int):
    caller = current_person()
    return issues.acknowledge(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["response"]
    )


@blp.route("/issues/<int:issue_id>/resolve", methods=["POST"])
@allow("inspector", "manager")
@blp.arguments(ResponseSchema)
@blp.response(200, IssueSchema)
def resolve_issue(data, issue_id: int):
    caller = current_person()
    return issues.resolve(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["response"]
    )


@blp.route("/issues/<int:issue_id>/reopen", methods=["POST"])
@allow("manager")
@blp.arguments(ReopenSchema)
@blp.response(200, IssueSchema)
def reopen_issue(data, issue_id: int):
    """Reopen with a reason; a new `category` re-categorises it at the same time."""
    caller = current_person()
    issue = visibility.issue_for(caller, issue_id, for_update=True)
    return issues.reopen(issue, caller, data["reason"], data.get("category"))


@blp.route("/issues/<int:issue_id>", methods=["PATCH"])
@allow("manager")
@blp.arguments(RecategoriseSchema)
@blp.response(200, IssueSchema)
def recategorise_issue(data, issue_id: int):
    caller = current_person()
    return issues.recategorise(
        visibility.issue_for(caller, issue_id, for_update=True), caller, data["category"]
    )


@blp.route("/issue-categories", methods=["GET"])
@allow("manager", "visitor", "inspector", "viewer")
@blp.response(200, CategorySchema(many=True))
def list_categories():
    """The scheme's categories, `[{key, label}]`; retired ones are not offered."""
    return issues.categories(current_person().scheme_id)


@blp.route("/issue-categories", methods=["POST"])
@allow("manager")
@blp.arguments(CategorySchema)
@blp.response(201, CategorySchema)
def save_category(data):
    """Add a category, or relabel (or retire with `active: false`) an existing one."""
    caller = current_person()
    return issues.save_category(caller.scheme, caller, data["key"], data["label"], data["active"])
