"""Key findings: the few sentences a Panel member reads first, generated from the year's figures
by rules, never written by hand.

- **changes**: the headline figures that moved most against the year before (only when the year
  before has records): a count by at least `MIN_COUNT_CHANGE_PERCENT` of itself, a percentage
  by at least `MIN_POINTS_CHANGE` points; the largest `MOST_CHANGES` of them.
- **themes**: the categories most reported, with their share of all issues.
- **overdue**: anything still owed - issues open past the scheme's days to acknowledge, TACT
  reports not sent, urgent dog concerns still open, a suite whose weekly target was missed
  (a week already over without a visit).
- **access**: waits of over 15 minutes, when there were any.
"""

from dataclasses import dataclass

MIN_COUNT_CHANGE_PERCENT = 10.0
MIN_POINTS_CHANGE = 5.0
MOST_CHANGES = 3
THEMES = 2


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    path: tuple[str, ...]
    is_percent: bool = False

    def value(self, figures: dict):
        for step in self.path:
            if not isinstance(figures, dict) or figures.get(step) is None:
                return None
            figures = figures[step]
        return figures


# The figures a report compares with the year before, in the order it shows them.
HEADLINES = (
    Headline("visits", "Custody visits", ("visits", "total")),
    Headline("target_percent", "Weekly target met", ("visits", "percent"), is_percent=True),
    Headline("immediate_percent", "Admitted immediately", ("access", "immediate_percent"), True),
    Headline("in_cells", "People in cells at visits", ("detainees", "in_cells")),
    Headline("seen", "People seen", ("detainees", "seen")),
    Headline("issues", "Issues raised", ("issues", "total")),
    Headline("volunteers", "Volunteers at the year's end", ("volunteers", "at_end")),
    Headline("hours", "Volunteer hours", ("hours", "volunteer_hours")),
)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def _number(value) -> str:
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{value:,}"


def comparison(current: dict, previous: dict | None) -> list[dict]:
    """Each headline figure this year and the year before (None when it had no records), with
    the change: in points for a percentage, else in units and as a percent of last year's."""
    rows = []
    for headline in HEADLINES:
        now = headline.value(current)
        before = headline.value(previous) if previous else None
        change = None if now is None or before is None else round(now - before, 2)
        relative = (
            None
            if change is None or headline.is_percent or not before
            else round(100 * change / before, 1)
        )
        rows.append(
            {
                "key": headline.key,
                "label": headline.label,
                "is_percent": headline.is_percent,
                "value": now,
                "previous": before,
                "change": change,
                "change_percent": relative,
            }
        )
    return rows


def _is_notable(row: dict) -> bool:
    if row["change"] is None or row["change"] == 0:
        return False
    if row["is_percent"]:
        return abs(row["change"]) >= MIN_POINTS_CHANGE
    return row["change_percent"] is not None and abs(row["change_percent"]) >= (
        MIN_COUNT_CHANGE_PERCENT
    )


def _size(row: dict) -> float:
    """How large a change is, so percentages (points) and counts (percent) rank together."""
    return abs(row["change"]) * 2 if row["is_percent"] else abs(row["change_percent"])


def change_findings(rows: list[dict], previous_label: str) -> list[str]:
    notable = sorted((row for row in rows if _is_notable(row)), key=_size, reverse=True)
    said = []
    for row in notable[:MOST_CHANGES]:
        direction = "rose" if row["change"] > 0 else "fell"
        if row["is_percent"]:
            said.append(
                f"{row['label']} {direction} from {row['previous']:.1f}% in {previous_label} "
                f"to {row['value']:.1f}% ({abs(row['change']):.1f} points)."
            )
        else:
            said.append(
                f"{row['label']} {direction} from {_number(row['previous'])} in {previous_label} "
                f"to {_number(row['value'])} ({abs(row['change_percent']):.1f}%)."
            )
    return said


def theme_findings(issues: dict) -> list[str]:
    total = issues["total"]
    themes = [row for row in issues["by_category"][:THEMES] if row["count"]]
    if not themes:
        return []
    named = " and ".join(
        f"{row.get('label', row['category']).lower()} ({plural(row['count'], 'issue')}, "
        f"{100 * row['count'] / total:.0f}%)"
        for row in themes
    )
    return [f"The most reported {'theme was' if len(themes) == 1 else 'themes were'} {named}."]


def overdue_findings(figures: dict, overdue_issues: int) -> list[str]:
    said = []
    if overdue_issues:
        said.append(
            f"{plural(overdue_issues, 'issue')} {'is' if overdue_issues == 1 else 'are'} still "
            "open past the days the custody team has to acknowledge it."
        )
    due = (figures.get("tact") or {}).get("reports_due", 0)
    if due:
        said.append(
            f"{plural(due, 'TACT report')} to the Independent Reviewer "
            f"{'is' if due == 1 else 'are'} still to be sent."
        )
    urgent = ((figures.get("aws") or {}).get("urgent_concerns") or {}).get("open", 0)
    if urgent:
        said.append(
            f"{plural(urgent, 'urgent dog welfare concern')} "
            f"{'is' if urgent == 1 else 'are'} still open."
        )
    missed = [site for site in figures["visits"]["by_site"] if site.get("status") == "missed"]
    for site in missed:
        said.append(
            f"{site['name']} had {plural(site['visits'], 'visit')} against a target of "
            f"{site['target']} ({site['percent']:.1f}%)."
        )
    return said


def access_findings(access: dict) -> list[str]:
    waited = access["delay_over_15"]
    if not waited:
        return []
    return [
        f"Visitors waited over 15 minutes to be admitted on {plural(waited, 'visit')}"
        + (
            f", most often because of {access['reasons'][0]['reason']}."
            if access["reasons"]
            else "."
        )
    ]


def key_findings(figures: dict, previous: dict | None, *, overdue_issues: int = 0) -> list[dict]:
    """The findings of the year, each {"kind", "text"}, in the order the report lists them:
    changes, themes, anything overdue or missed, then long waits for access."""
    findings = []
    if previous is not None:
        rows = comparison(figures, previous)
        findings += [
            {"kind": "change", "text": text} for text in change_findings(rows, previous["label"])
        ]
    findings += [{"kind": "theme", "text": text} for text in theme_findings(figures["issues"])]
    findings += [
        {"kind": "overdue", "text": text} for text in overdue_findings(figures, overdue_issues)
    ]
    findings += [{"kind": "access", "text": text} for text in access_findings(figures["access"])]
    return findings
