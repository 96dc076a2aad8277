"""The report's charts from its figures, each with the sentence that says what it shows (its
text alternative). A chart whose figures are missing (a section the statistics lack, or a
year before without records) is not drawn."""

from icv.models import labels
from icv.reporting import charts
from icv.reporting.findings import plural

QUARTERS = ("Apr-Jun", "Jul-Sep", "Oct-Dec", "Jan-Mar")
DETAINEE_OUTCOMES_SHOWN = (
    "seen",
    "refused",
    "not_offered",
    "unavailable",
    "asleep_observed",
    "denied",
)


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def visits_by_month(months: list[dict]) -> charts.Chart:
    visits = sum(m["visits"] for m in months)
    target = sum(m["target"] for m in months)
    short = [m["month"] for m in months if m["target"] and m["visits"] < m["target"]]
    summary = f"{plural(visits, 'custody visit')} over the year against a target of {target}; " + (
        f"below the target in {plural(len(short), 'month')} ({', '.join(short)})."
        if short
        else "the target was met in every month."
    )
    return charts.bars_against_target(
        "chart-visits-by-month",
        "Custody visits per month against the target",
        summary,
        [m["month"] for m in months],
        [m["visits"] for m in months],
        [m["target"] for m in months],
        value_axis="Visits",
        category_axis="Month",
    )


def access(figures: dict) -> charts.Chart:
    counts = [figures[band] for band in labels.ACCESS_BAND_LABELS]
    summary = (
        f"Immediate access on {plural(figures['immediate'], 'visit')} "
        f"({_pct(figures['immediate_percent'])}); delayed 6-15 minutes on "
        f"{figures['delay_6_15']} and over 15 minutes on {figures['delay_over_15']}."
    )
    return charts.bars(
        "chart-access",
        "Time to be admitted to the custody suite",
        summary,
        ["Immediate", "6-15 minutes", "Over 15 minutes"],
        counts,
        value_axis="Visits",
        category_axis="Wait from arrival to admittance",
    )


def detainee_outcomes(figures: dict) -> charts.Chart:
    shown = [key for key in DETAINEE_OUTCOMES_SHOWN if key != "denied" or figures.get("denied")]
    summary = (
        f"Of {plural(figures['in_cells'], 'person', 'people')} in cells at the times of visits, "
        + ", ".join(
            f"{figures[key]} {labels.DETAINEE_OUTCOME_LABELS[key].lower()}" for key in shown
        )
        + "."
    )
    return charts.bars(
        "chart-detainees",
        "What happened for the people in cells",
        summary,
        [labels.DETAINEE_OUTCOME_LABELS[key] for key in shown],
        [figures[key] for key in shown],
        value_axis="People",
        category_axis="Outcome",
        horizontal=True,
    )


def issues_by_category(issues: dict) -> charts.Chart:
    rows = issues["by_category"]
    summary = (
        f"{plural(issues['total'], 'issue')} in {plural(len(rows), 'category', 'categories')}"
        + (
            "; the most reported: "
            + ", ".join(f"{row.get('label', row['category'])} ({row['count']})" for row in rows[:3])
            + "."
            if rows
            else "."
        )
    )
    return charts.bars(
        "chart-issues-by-category",
        "Issues raised, by category",
        summary,
        [row.get("label", row["category"]) for row in rows],
        [row["count"] for row in rows],
        value_axis="Issues raised",
        category_axis="Category",
        horizontal=True,
    )


def issues_by_quarter(quarters: list[dict]) -> charts.Chart:
    counts = [row["count"] for row in quarters]
    busiest = QUARTERS[counts.index(max(counts))] if any(counts) else None
    summary = (
        "Issues raised per quarter: "
        + ", ".join(f"{name} {n}" for name, n in zip(QUARTERS, counts, strict=True))
        + (f"; the most in {busiest}." if busiest else ".")
    )
    return charts.bars(
        "chart-issues-by-quarter",
        "Issues raised, by quarter",
        summary,
        list(QUARTERS),
        counts,
        value_axis="Issues raised",
        category_axis="Quarter of the financial year",
    )


def response_times(times: dict) -> charts.Chart:
    ack, res = times["acknowledge"], times["resolve"]

    def mean(figure):
        return "no answer yet" if figure["mean_days"] is None else f"{figure['mean_days']:.1f} days"

    summary = (
        f"Of {plural(times['total'], 'issue')} the custody team had to answer, the mean time "
        f"to acknowledge was {mean(ack)} and to resolve {mean(res)}; "
        f"{res['counts'][-1]} not yet resolved."
    )
    return charts.grouped_bars(
        "chart-response-times",
        "Days for the force to acknowledge and to resolve issues",
        summary,
        times["bands"],
        [
            ("Acknowledged", ack["counts"], charts.LAST_YEAR),
            ("Resolved", res["counts"], charts.THIS_YEAR),
        ],
        value_axis="Issues",
        category_axis="Time from being raised",
        rotate=True,
    )


def cohort(months: list[dict]) -> charts.Chart:
    values = [m["serving"] for m in months]
    summary = (
        f"Volunteers serving went from {values[0]} at the end of {months[0]['month']} to "
        f"{values[-1]} at the end of {months[-1]['month']} (lowest {min(values)}, "
        f"highest {max(values)})."
    )
    return charts.line(
        "chart-cohort",
        "Volunteers serving at each month's end",
        summary,
        [m["month"] for m in months],
        values,
        value_axis="Volunteers",
        category_axis="Month",
    )


def year_on_year(rows: list[dict], label: str, previous_label: str) -> charts.Chart:
    """This year against the year before for the headline figures, one panel each."""
    shown = [row for row in rows if row["value"] is not None and row["previous"] is not None]
    summary = "; ".join(
        f"{row['label']}: {_fmt(row['value'], row['is_percent'])} against "
        f"{_fmt(row['previous'], row['is_percent'])}"
        for row in shown
    )
    return charts.paired_panels(
        "chart-year-on-year",
        f"{label} against {previous_label}",
        f"{label} against {previous_label}. {summary}.",
        [
            (row["label"] + (" (%)" if row["is_percent"] else ""), row["previous"], row["value"])
            for row in shown
        ],
        (previous_label, label),
        value_axis="Value",
    )


def _fmt(value, is_percent: bool) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}%" if is_percent else f"{value:,}"


def draw_all(stats: dict, comparison: list[dict]) -> dict[str, charts.Chart]:
    """Every chart the figures allow, by name."""
    drawn = {
        "access": access(stats["access"]),
        "detainees": detainee_outcomes(stats["detainees"]),
        "issues_by_category": issues_by_category(stats["issues"]),
    }
    trends = stats.get("trends") or {}
    if trends:
        drawn["visits_by_month"] = visits_by_month(trends["visits_by_month"])
        drawn["issues_by_quarter"] = issues_by_quarter(trends["issues_by_quarter"])
        drawn["response_times"] = response_times(trends["response_times"])
        drawn["cohort"] = cohort(trends["cohort_by_month"])
    previous = stats.get("previous_year")
    if previous:
        drawn["year_on_year"] = year_on_year(comparison, stats["label"], previous["label"])
    return drawn
