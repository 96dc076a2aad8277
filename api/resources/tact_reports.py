"""TACT reports: the managers keep track of the visit report copies owed to the Independent
Reviewer of Terrorism Legislation, one per detainee held under terrorism legislation seen."""

from marshmallow import Schema, fields
from marshmallow.validate import OneOf

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import QuerySchema, calendar_date, financial_year
from icv import visibility
from icv.models import TACT_REPORT_STATUSES, TactReport
from icv.visits import tact_reports

blp = Blueprint(
    "tact_reports",
    __name__,
    url_prefix="/api/v1",
    description="Reports owed to the Independent Reviewer of Terrorism Legislation",
)


class TactReportSchema(Schema):
    id = fields.Integer()
    visit_id = fields.String()
    site_id = fields.Integer()
    detainee_ref = fields.String()
    visited_at = fields.AwareDateTime()
    status = fields.String(metadata={"description": "due | sent"})
    due_on = fields.Date()
    sent_on = fields.Date(allow_none=True)
    recordings_reviewed = fields.Boolean()
    overdue = fields.Method("report_overdue")

    def report_overdue(self, report: TactReport) -> bool:
        return tact_reports.is_overdue(report)


class TactReportsQuerySchema(QuerySchema):
    year = financial_year()
    status = fields.String(validate=OneOf(TACT_REPORT_STATUSES))
    overdue = fields.Boolean()


class SentSchema(Schema):
    sent_on = calendar_date(required=True)
    recordings_reviewed = fields.Boolean(
        metadata={"description": "whether the custody recordings were reviewed for the report"}
    )


REPORT_EXAMPLE = {
    "id": 4,
    "visit_id": "5b0e7c52-3d1a-4f6e-9a43-2c8f1e6d7a90",
    "site_id": 2,
    "detainee_ref": "CU/1234",
    "visited_at": "2024-07-14T18:42:00+00:00",
    "status": "due",
    "due_on": "2024-07-28",
    "sent_on": None,
    "recordings_reviewed": False,
    "overdue": False,
}


@blp.route("/tact-reports", methods=["GET"])
@blp.conditional()
@allow("manager")
@blp.arguments(TactReportsQuerySchema, location="query")
@blp.response(200, TactReportSchema(many=True), example=[REPORT_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_reports(filters, pagination_parameters):
    """List the TACT reports, the latest visit first.

    Filter by financial `year`, `status` (due | sent) and `overdue`: due after the scheme's
    days (14 unless set) from the visit's submission.
    """
    return page_of(tact_reports.reports_query(current_person(), **filters), pagination_parameters)


@blp.route("/tact-reports/<int:report_id>/sent", methods=["POST"])
@allow("manager")
@blp.arguments(SentSchema, example={"sent_on": "2024-07-20", "recordings_reviewed": True})
@blp.response(200, TactReportSchema, example={**REPORT_EXAMPLE, "status": "sent"})
def mark_sent(data, report_id: int):
    """Record that the report went to the Independent Reviewer."""
    manager = current_person()
    report = visibility.tact_report_for(manager, report_id, for_update=True)
    return tact_reports.mark_sent(report, manager, data["sent_on"], data.get("recordings_reviewed"))
