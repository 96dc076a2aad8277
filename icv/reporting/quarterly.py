"""The quarterly return a scheme sends its national association.

A return is the annual statistics' own sections (`icv.reporting.annual`) read over a quarter of
the financial year instead of the whole year: one definition of each figure, whatever the
period. So the four quarters add up to the year, figure by figure, as follows:

- **Flows** (`FLOWS`) count what happened in the period (visits, abandoned visits by reason,
  access bands and reasons, detainees by outcome, TACT visits and reports, issues by category
  and status, volunteers who joined or left, weeks and months required and met, hours): the
  year's figure is the sum of its quarters'. A week counts in the quarter its Monday is in, as
  it counts in the year its Monday is in; an issue counts in the quarter of its visit, with its
  status today. Hours and their value are rounded to the penny per quarter, so their sum may
  differ from the year's by a penny a quarter at most.
- **Stocks** (`STOCKS`) are counts on one day: the volunteers at the quarter's start and end.
  The year's `at_start` is Q1's and its `at_end` (and the other end-of-period counts) Q4's.
- **Ratios** (every `percent`, `immediate_percent` and `percent_of_*`) are worked out again from
  the period's own flows, so they never add up; nor does a site's target `status`.
"""

from icv.common.dates import FinancialQuarter
from icv.common.numbers import percent
from icv.models import Scheme
from icv.people import cohort
from icv.reporting import annual
from icv.reporting.render import CsvTables

VOLUNTEER_FIGURES = (
    "at_start",
    "joined",
    "left",
    "withdrawn",
    "at_end",
    "in_probation",
    "suspended",
    "recruits_in_checks",
)
# Volunteer figures that are counts on one day, not over the period.
STOCKS = {
    "at_start": "the first quarter's",
    "at_end": "the last quarter's",
    "in_probation": "the last quarter's",
    "suspended": "the last quarter's",
    "recruits_in_checks": "the last quarter's",
}
FLOWS = ("visits", "access", "detainees", "tact", "issues", "hours", "volunteers")


def quarterly_return(scheme: Scheme, year: int, quarter: int) -> dict:
    """The scheme's return for quarter `quarter` (1 = April to June) of financial year `year`."""
    period = FinancialQuarter(year, quarter)
    scheme_quarter = annual.SchemeYear(scheme, period)
    issues = annual.issue_section(scheme, period)
    volunteers = cohort.cohort(scheme, period)
    visits = annual.visits_section(scheme_quarter)
    return {
        "year": year,
        "quarter": quarter,
        "label": period.label,
        "first_day": period.first_day.isoformat(),
        "last_day": period.last_day.isoformat(),
        "visits": visits,
        "access": annual.access_section(scheme, period),
        "detainees": annual.detainee_section(scheme, period),
        "tact": annual.tact_section(scheme, period),
        "issues": {
            **issues,
            "answered": issues["acknowledged"] + issues["resolved"],
            "answered_percent": percent(
                issues["acknowledged"] + issues["resolved"],
                issues["open"] + issues["acknowledged"] + issues["resolved"],
            ),
        },
        "volunteers": {key: volunteers[key] for key in VOLUNTEER_FIGURES},
        "hours": annual.hours_section(scheme_quarter),
    }


def render_csv(figures: dict) -> str:
    """The return's tables one after another, each under a title row; every cell a spreadsheet
    would run as a formula is kept as text."""
    tables = CsvTables()
    table = tables.table

    visits = figures["visits"]
    table(
        f"Quarterly return {figures['label']} ({figures['first_day']} to {figures['last_day']})",
        ["site", "visits", "target", "percent", "periods_met", "abandoned"],
        [
            [s["name"], s["visits"], s["target"], s["percent"], s["periods_met"], s["abandoned"]]
            for s in visits["by_site"]
        ]
        + [
            [
                "Total",
                visits["total"],
                visits["target"],
                visits["percent"],
                None,
                visits["abandoned"],
            ]
        ],
    )
    table(
        "Visits apart",
        ["figure", "count"],
        [[f"remote_{mode}", n] for mode, n in visits["remote"].items()]
        + [["curtailed", visits["curtailed"]]]
        + [[f"abandoned_{reason}", n] for reason, n in visits["abandoned_by_reason"].items()],
    )
    access = figures["access"]
    table(
        "Access",
        ["immediate", "delay_6_15", "delay_over_15", "immediate_percent"],
        [
            [
                access[key]
                for key in ("immediate", "delay_6_15", "delay_over_15", "immediate_percent")
            ]
        ],
    )
    table(
        "Access delay reasons",
        ["reason", "count"],
        [[row["reason"], row["count"]] for row in access["reasons"]],
    )
    detainees = figures["detainees"]
    table(
        "Detainees",
        ["figure", "count"],
        [
            [key, detainees[key]]
            for key in (
                "in_cells",
                "offered",
                "seen",
                "refused",
                "not_offered",
                "unavailable",
                "asleep_observed",
                "denied",
            )
        ],
    )
    table(
        "Juveniles and vulnerable adults",
        ["group", "in_cells", "seen"],
        [
            [group, detainees[group]["in_cells"], detainees[group]["seen"]]
            for group in ("juveniles", "vulnerable")
        ],
    )
    tact = figures["tact"]
    table("TACT", list(tact), [list(tact.values())])
    issues = figures["issues"]
    table(
        "Issues by category",
        ["category", "label", "count"],
        [[row["category"], row["label"], row["count"]] for row in issues["by_category"]]
        + [["total", None, issues["total"]]],
    )
    statuses = ("resolved_during_visit", "open", "acknowledged", "resolved", "answered")
    table("Issues by status", list(statuses), [[issues[key] for key in statuses]])
    volunteers = figures["volunteers"]
    table("Volunteers", list(volunteers), [list(volunteers.values())])
    hours = figures["hours"]
    table("Hours", list(hours), [list(hours.values())])
    return tables.text()
