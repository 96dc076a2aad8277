"""What the annual report shows, gathered: the year's statistics (`annual.py`), the year before's
by the same SQL (or None when no visit was recorded in it: a comparison with zeros would
say nothing), the figures over the year (`trends.py`), the
force's custody throughput, and the issues still overdue. A year with no records is refused
(`trends.NoRecords`) rather than reported as zeros."""

from icv.common.dates import FinancialYear
from icv.models import Scheme
from icv.reporting import annual, throughput, trends
from icv.visits import issues


def build(scheme: Scheme, year: int) -> dict:
    """The statistics of the year with `previous_year` and `trends` beside them."""
    if not trends.has_records(scheme, year):
        raise trends.NoRecords(year)
    scheme_year = annual.SchemeYear(scheme, FinancialYear(year))
    figures = {
        "year": year,
        "label": scheme_year.fy.label,
        **{name: section(scheme_year) for name, section in annual.SECTIONS.items()},
    }
    previous = annual.annual(scheme, year - 1) if trends.has_visits(scheme, year - 1) else None
    summary = issues.summary(scheme, year)
    figures["previous_year"] = previous
    figures["trends"] = {
        "visits_by_month": trends.visits_by_month(scheme_year),
        "cohort_by_month": trends.cohort_by_month(scheme, scheme_year.fy),
        "response_times": trends.response_times(scheme, year),
        "issues_by_quarter": summary["by_quarter"],
        "overdue_issues": summary["overdue"],
        "themes": trends.theme_responses(scheme, year, figures["issues"]["by_category"]),
        "throughput": throughput.context(scheme, year, figures["detainees"]["in_cells"]),
    }
    return figures
