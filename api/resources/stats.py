"""Annual statistics and the printable report (managers and viewers)."""

from flask import Response
from marshmallow import Schema, fields
from marshmallow.validate import Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.schemas import FIRST_YEAR, LAST_YEAR, TEXT_BODY, QuerySchema, financial_year
from api.resources.coverage import COVERAGE_EXAMPLE
from api.resources.stats_schemas import AnnualStatisticsSchema
from icv import visibility
from icv.common.dates import FinancialYear
from icv.common.errors import RuleViolation
from icv.models import DEFAULT_CHECKLISTS, WELFARE_NEEDS
from icv.reporting import annual, report, throughput, trends
from icv.reporting.render import render_csv, render_html

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="Statistics and reports")

READERS = ("manager", "viewer")
# More people than any force holds in custody in a year (the largest hold a few hundred thousand).
MOST_DETAINEES = 10_000_000


class YearQuerySchema(QuerySchema):
    year = financial_year(required=True)


# Examples for the OpenAPI document: a scheme of two custody suites and a dog unit, whose lists
# (sites, reasons, categories, coverage tables) are shortened to their first entries.
SUITE_GRID = {
    "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    "bands": ["00:00-07:59", "08:00-11:59", "12:00-15:59", "16:00-19:59", "20:00-23:59"],
}
DOG_UNIT_GRID = {
    "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat/Sun"],
    "bands": ["07:00-13:00", "15:00-20:00"],
}
DOG_UNIT_COVERAGE_2023 = {
    "site_id": 4,
    "name": "Dog Unit",
    "year": 2023,
    "label": "2023/24",
    "grid": DOG_UNIT_GRID,
    "counts": [[1, 1], [1, 1], [1, 1], [1, 1], [1, 2], [0, 1]],
    "day_totals": [2, 2, 2, 2, 3, 1],
    "band_totals": [5, 7],
    "total": 12,
    "uncovered": [{"day": "Sat/Sun", "band": "07:00-13:00"}],
    "outside_grid": 0,
    "abandoned": 0,
    "entropy_bits": 3.4183,
    "max_entropy_bits": 3.585,
}
DOG_CHECK_LABELS = {key: label for key, label in DEFAULT_CHECKLISTS["dog"]}
DOG_WELFARE_2023 = {
    "dogs_seen": 14,
    "dog_checks": 71,
    "by_location": {"force_kennels": 52, "home_kennel": 12, "vehicle": 7},
    "home_kennel_visits": 5,
    "needs": {need: {"ok": 68, "concern": 1, "not_checked": 2} for need in WELFARE_NEEDS},
    "checks": {key: {"ok": 11, "concern": 0, "not_checked": 1} for key in DOG_CHECK_LABELS},
    "check_labels": DOG_CHECK_LABELS,
    "urgent_concerns": {
        "total": 2,
        "open": 0,
        "acknowledged": 0,
        "resolved": 2,
        "resolved_during_visit": 0,
        "answered": 2,
        "mean_days_to_answer": 0.2,
        "mean_days_to_resolve": 1.5,
        "by_check": [
            {"check": "kennel_temperature", "count": 1},
            {"check": "water_available", "count": 1},
        ],
    },
}
DOG_WELFARE_2022 = {
    **DOG_WELFARE_2023,
    "dogs_seen": 13,
    "dog_checks": 66,
    "by_location": {"force_kennels": 52, "home_kennel": 10, "vehicle": 4},
    "home_kennel_visits": 4,
    "needs": {need: {"ok": 65, "concern": 0, "not_checked": 1} for need in WELFARE_NEEDS},
    "checks": {key: {"ok": 10, "concern": 1, "not_checked": 0} for key in DOG_CHECK_LABELS},
    "urgent_concerns": {
        "total": 1,
        "open": 0,
        "acknowledged": 1,
        "resolved": 0,
        "resolved_during_visit": 0,
        "answered": 1,
        "mean_days_to_answer": 0.1,
        "mean_days_to_resolve": None,
        "by_check": [{"check": "vehicle_temperature_and_heat_alarm", "count": 1}],
    },
}
DOG_UNIT_COVERAGE_2022 = {
    **DOG_UNIT_COVERAGE_2023,
    "year": 2022,
    "label": "2022/23",
    "counts": [[1, 1], [1, 1], [1, 0], [1, 1], [1, 1], [1, 1]],
    "day_totals": [2, 2, 1, 2, 2, 2],
    "band_totals": [6, 5],
    "total": 11,
    "uncovered": [{"day": "Wed", "band": "15:00-20:00"}],
    "entropy_bits": 3.4594,
}
# The suite's table in the year's figures is the coverage endpoint's example, named and gridded.
SUITE_TABLE_KEYS = (
    "site_id",
    "year",
    "label",
    "counts",
    "day_totals",
    "band_totals",
    "total",
    "uncovered",
    "outside_grid",
    "abandoned",
    "entropy_bits",
    "max_entropy_bits",
)
YEAR_2023_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "visits": {
        "by_site": [
            {
                "site_id": 1,
                "name": "Central Custody Suite",
                "visits": 51,
                "target": 52,
                "percent": 98.1,
                "periods_met": 51,
                "abandoned": 0,
                "status": "missed",
            }
        ],
        "total": 101,
        "target": 104,
        "percent": 97.1,
        "abandoned": 0,
        "remote": {"phone": 2, "video": 1},
        "curtailed": 3,
        "abandoned_by_reason": {
            "entry_refused": 0,
            "suite_closed": 0,
            "wait_too_long": 0,
            "incident_in_suite": 0,
            "visitors_unsafe": 0,
            "other": 0,
        },
        "feedback_recorded": 101,
    },
    "access": {
        "immediate": 91,
        "delay_6_15": 1,
        "delay_over_15": 9,
        "immediate_percent": 90.1,
        "reasons": [{"reason": "staff handover", "count": 5}],
    },
    "detainees": {
        "in_cells": 1096,
        "offered": 407,
        "not_offered": 72,
        "unavailable": 222,
        "asleep_observed": 395,
        "denied": 0,
        "seen": 365,
        "refused": 42,
        "percent_of_in_cells": {
            "offered": 37.1,
            "not_offered": 6.6,
            "unavailable": 20.3,
            "asleep_observed": 36.0,
            "denied": 0.0,
        },
        "percent_of_offered": {"seen": 89.7, "refused": 10.3},
        "seen_by": {
            "gender": [{"value": "male", "count": 306}, {"value": "female", "count": 58}],
            "age_group": [{"value": "25_34", "count": 116}, {"value": "35_44", "count": 90}],
            "ethnicity": [{"value": "white", "count": 279}, {"value": "asian", "count": 33}],
        },
        "juveniles": {"in_cells": 31, "seen": 12},
        "vulnerable": {"in_cells": 64, "seen": 27},
    },
    "hours": {
        "volunteer_hours": 442.43,
        "visit_hours": 308.43,
        "activity_hours": 134.0,
        "hourly_rate": 18.3516,
        "economic_value": 8119.32,
    },
    "coverage": [
        {
            **{key: COVERAGE_EXAMPLE[key] for key in SUITE_TABLE_KEYS},
            "name": COVERAGE_EXAMPLE["site_name"],
            "grid": SUITE_GRID,
        }
    ],
    "issues": {
        "total": 55,
        "by_category": [{"category": "food_and_drink", "label": "Food and drink", "count": 16}],
        "resolved_during_visit": 26,
        "open": 3,
        "acknowledged": 4,
        "resolved": 22,
    },
    "welfare": {
        "detainee": {
            "rights_and_entitlements_given": {
                "yes": 341,
                "no": 6,
                "unsure": 18,
                "not_applicable": 0,
            },
            "female_officer_offered": {"yes": 49, "no": 7, "unsure": 2, "not_applicable": 306},
        },
        "suite": {
            "cells_clean": {"ok": 92, "concern": 7, "not_checked": 2},
            "call_bells_working": {"ok": 98, "concern": 1, "not_checked": 2},
        },
        "women": {"seen": 58, "female_officer_offered": 49, "menstrual_products_offered": 51},
        "labels": {
            "detainee": {"rights_and_entitlements_given": "Told of their rights and entitlements"},
            "suite": {"cells_clean": "Cells clean"},
        },
    },
    "tact": {"visits": 2, "detainees_seen": 3, "reports_due": 0, "reports_sent": 3},
    "volunteers": {
        "at_start": 18,
        "joined": 0,
        "left": 2,
        "leavers": [
            {"name": "Owen Ahmed", "left_on": "2024-01-17", "reason": "Moved out of the area"}
        ],
        "withdrawn": 0,
        "at_end": 16,
        "in_probation": 0,
        "suspended": 0,
        "recruits_in_checks": 15,
        "over_5_years_percent": 75.0,
        "by_home_area": {"City": 3, "East": 2, "North": 4, "South": 3, "West": 4},
        "by_gender": {"female": 9, "male": 7},
        "by_age_band": {"25-34": 1, "35-44": 6, "45-54": 4, "55-64": 2, "65+": 3},
        "milestones": [
            {"person_id": 19, "name": "Yusuf Morgan", "years": 3, "reached_on": "2023-07-24"}
        ],
        "compliance": {
            "volunteers": 18,
            "team_meetings": {"applies_to": 18, "met": 15},
            "national_training": {"applies_to": 18, "met": 18},
            "refresher_training": {"applies_to": 18, "met": 16},
            "tact_training": {"applies_to": 4, "met": 4},
            "all_met": 14,
        },
    },
    "aws": {
        "visits": 12,
        "target": 12,
        "percent": 100.0,
        "periods_met": 12,
        "coverage": DOG_UNIT_COVERAGE_2023,
        "by_site": [{**DOG_UNIT_COVERAGE_2023, "target": 12, "percent": 100.0}],
        **DOG_WELFARE_2023,
    },
}
ANNUAL_STATISTICS_EXAMPLE = {
    **YEAR_2023_EXAMPLE,
    "previous_year": {
        **YEAR_2023_EXAMPLE,
        "year": 2022,
        "label": "2022/23",
        "visits": {
            "by_site": [
                {
                    "site_id": 1,
                    "name": "Central Custody Suite",
                    "visits": 48,
                    "target": 52,
                    "percent": 92.3,
                    "periods_met": 47,
                    "abandoned": 1,
                    "status": "missed",
                }
            ],
            "total": 93,
            "target": 104,
            "percent": 89.4,
            "abandoned": 2,
            "remote": {"phone": 0, "video": 0},
            "curtailed": 1,
            "abandoned_by_reason": {
                "entry_refused": 0,
                "suite_closed": 1,
                "wait_too_long": 1,
                "incident_in_suite": 0,
                "visitors_unsafe": 0,
                "other": 0,
            },
            "feedback_recorded": 93,
        },
        "access": {
            "immediate": 80,
            "delay_6_15": 5,
            "delay_over_15": 8,
            "immediate_percent": 86.0,
            "reasons": [{"reason": "staff shortage", "count": 6}],
        },
        "coverage": [
            {
                **YEAR_2023_EXAMPLE["coverage"][0],
                "year": 2022,
                "label": "2022/23",
                "counts": [
                    [1, 2, 1, 2, 2],
                    [1, 1, 2, 1, 2],
                    [0, 1, 1, 2, 2],
                    [1, 1, 1, 2, 1],
                    [1, 2, 2, 1, 2],
                    [1, 1, 1, 1, 2],
                    [1, 2, 2, 1, 1],
                ],
                "day_totals": [8, 7, 6, 6, 8, 6, 7],
                "band_totals": [6, 10, 10, 10, 12],
                "total": 48,
                "uncovered": [{"day": "Wed", "band": "00:00-07:59"}],
                "abandoned": 1,
                "entropy_bits": 5.0016,
            }
        ],
        "volunteers": {
            **YEAR_2023_EXAMPLE["volunteers"],
            "at_start": 17,
            "joined": 3,
            "left": 2,
            "leavers": [{"name": "Glenys Price", "left_on": "2022-11-30", "reason": "Retired"}],
            "at_end": 18,
            "over_5_years_percent": 66.7,
            "milestones": [
                {"person_id": 12, "name": "Priya Shah", "years": 12, "reached_on": "2022-08-06"}
            ],
        },
        "aws": {
            "visits": 11,
            "target": 12,
            "percent": 91.7,
            "periods_met": 11,
            "coverage": DOG_UNIT_COVERAGE_2022,
            "by_site": [{**DOG_UNIT_COVERAGE_2022, "target": 12, "percent": 91.7}],
            **DOG_WELFARE_2022,
        },
    },
}
REPORT_HTML_EXAMPLE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Northshire: independent custody visiting annual report 2023/24</title>
...
"""
REPORT_CSV_EXAMPLE = """Visits and target 2023/24
site,visits,target,percent
Central Custody Suite,51,52,98.1
Riverside Custody Suite,50,52,96.2
Total,101,104,97.1

Access
immediate,delay_6_15,delay_over_15,immediate_percent
91,1,9,90.1
...
"""


@blp.route("/stats/annual", methods=["GET"])
@allow(*READERS)
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, AnnualStatisticsSchema, example=ANNUAL_STATISTICS_EXAMPLE)
def annual_statistics(args):
    """The annual statistics of a financial year.

    The year's figures for the Panel, with the year before for comparison. Viewers get the
    volunteer figures without names.
    """
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
@blp.response(
    200,
    TEXT_BODY,
    content_type="text/html",
    description="The report as a web page",
    example=REPORT_HTML_EXAMPLE,
)
def annual_report_html(year: int):
    """The printable annual report, as a web page.

    Key findings, the year against the year before, tables, charts with their text
    alternatives, and timeslot heat maps on one colour scale. A year with no records yet is a
    404 naming the year ("No records for 2030/31"), not a report of zeros.
    """
    caller = current_person()
    figures = report.build(caller.scheme, _checked_year(year))
    if not visibility.sees_private_records(caller):
        for figures_of_year in (figures, figures["previous_year"]):
            if figures_of_year:
                without_names(figures_of_year["volunteers"])
    html = render_html(figures, caller.scheme.name)
    return Response(html, mimetype="text/html")


@blp.route("/reports/annual/<int:year>.csv", methods=["GET"])
@allow(*READERS)
@blp.response(
    200,
    TEXT_BODY,
    content_type="text/csv",
    description="The report's tables as CSV",
    example=REPORT_CSV_EXAMPLE,
)
def annual_report_csv(year: int):
    """The annual report's tables, as CSV.

    One table after another, each under its title line, for a spreadsheet.
    """
    scheme = current_person().scheme
    if not trends.has_records(scheme, _checked_year(year)):
        raise trends.NoRecords(year)
    body = render_csv(annual.annual(scheme, year))
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="annual-report-{year}.csv"'},
    )


# The force's custody throughput ---------------------------------------------------------------


class ThroughputSchema(Schema):
    year = fields.Integer(required=True)
    label = fields.String(required=True)
    detainees = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "people through the force's custody in the year; null: none"},
    )
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)


class ThroughputUpdateSchema(Schema):
    detainees = fields.Integer(
        required=True,
        strict=True,
        validate=Range(min=0, max=MOST_DETAINEES),
        metadata={"description": "the force's own figure for the financial year"},
    )


THROUGHPUT_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "detainees": 15475,
    "recorded_at": "2024-04-15T09:30:00+00:00",
}


def _throughput_of(year: int) -> dict:
    row = throughput.recorded(current_person().scheme, year)
    if row is None:
        return {
            "year": year,
            "label": FinancialYear(year).label,
            "detainees": None,
            "recorded_at": None,
        }
    return throughput.as_dict(row)


@blp.route("/stats/throughput/<int:year>", methods=["GET"])
@allow(*READERS)
@blp.response(200, ThroughputSchema, example=THROUGHPUT_EXAMPLE)
def get_throughput(year: int):
    """The force's custody throughput of a year.

    The number of people who passed through the force's custody in the financial year, as the
    manager recorded it from the force's figures; `detainees` is null until one is recorded.
    """
    return _throughput_of(_checked_year(year))


@blp.route("/stats/throughput/<int:year>", methods=["PUT"])
@allow("manager")
@blp.arguments(ThroughputUpdateSchema, example={"detainees": 15475})
@blp.response(200, ThroughputSchema, example=THROUGHPUT_EXAMPLE)
def put_throughput(data, year: int):
    """Record the force's custody throughput of a year.

    The report then sets the people in cells at the times of visits against it (their share
    of everyone through custody). Recording it again corrects it.
    """
    caller = current_person()
    throughput.record(caller.scheme, caller, _checked_year(year), data["detainees"])
    return _throughput_of(year)
