"""Annual statistics and the printable report (managers and viewers)."""

from flask import Response

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.schemas import FIRST_YEAR, LAST_YEAR, TEXT_BODY, QuerySchema, financial_year
from api.resources.stats_schemas import AnnualStatisticsSchema
from icv import visibility
from icv.common.errors import RuleViolation
from icv.reporting import annual
from icv.reporting.render import render_csv, render_html

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="Statistics and reports")

READERS = ("manager", "viewer")


class YearQuerySchema(QuerySchema):
    year = financial_year(required=True)


@blp.route("/stats/annual", methods=["GET"])
@allow(*READERS)
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, AnnualStatisticsSchema)
def annual_statistics(args):
    """The year's figures for the Panel, with the year before for comparison."""
    caller = current_person()
    figures = annual.annual_with_previous(caller.scheme, args["year"])
    if not visibility.sees_private_records(caller):
        for year in (figures, figures["previous_year"]):
            without_names(year["volunteers"])
    return figures


# Dates of leaving or of a service anniversary can identify someone in a small cohort.
PERSONAL = ("name", "person_id", "reached_on", "left_on")


def without_names(cohort: dict) -> None:
    """Viewers read the cohort as figures: leavers' reasons and milestones, never names."""
    for key in ("leavers", "milestones"):
        cohort[key] = [{k: v for k, v in row.items() if k not in PERSONAL} for row in cohort[key]]


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RuleViolation("year", f"Must be between {FIRST_YEAR} and {LAST_YEAR}.")
    return year


@blp.route("/reports/annual/<int:year>.html", methods=["GET"])
@allow(*READERS)
@blp.response(200, TEXT_BODY, content_type="text/html", description="The report as a web page")
def annual_report_html(year: int):
    """The printable report: tables, timeslot heat maps and an issues chart."""
    caller = current_person()
    figures = annual.annual(caller.scheme, _checked_year(year))
    if not visibility.sees_private_records(caller):
        without_names(figures["volunteers"])
    html = render_html(figures, caller.scheme.name)
    return Response(html, mimetype="text/html")


@blp.route("/reports/annual/<int:year>.csv", methods=["GET"])
@allow(*READERS)
@blp.response(200, TEXT_BODY, content_type="text/csv", description="The report's tables as CSV")
def annual_report_csv(year: int):
    scheme = current_person().scheme
    body = render_csv(annual.annual(scheme, _checked_year(year)))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="annual-report-{year}.csv"'},
    )
