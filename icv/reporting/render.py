"""Renders the annual statistics as the printable report and as CSV tables."""

import csv
import io

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from icv.reporting.charts import issues_by_category_svg

_environment = Environment(
    loader=PackageLoader("icv.reporting", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def humanize(key: str) -> str:
    """A checklist item or reason key as words: `cells_clean` -> "Cells clean"."""
    return key.replace("_", " ").capitalize()


_environment.filters["humanize"] = humanize


def heat_class(count: int, highest: int) -> str:
    """Slots with no visit yet are the ones to target (green); visited ones deepen in red."""
    if count == 0:
        return "uncovered"
    share = count / highest if highest else 0
    return "visited-high" if share > 0.66 else "visited-mid" if share > 0.33 else "visited-low"


def with_heat(table: dict) -> dict:
    highest = max((max(row) for row in table["counts"]), default=0)
    return {**table, "classes": [[heat_class(n, highest) for n in row] for row in table["counts"]]}


def sentences(stats: dict) -> dict[str, str]:
    """Short sentences stating the figures, as the report's prose."""
    visits, access, detainees = stats["visits"], stats["access"], stats["detainees"]
    hours = stats["hours"]
    said = {
        "visits": (
            f"{plural(visits['total'], 'visit')} {'was' if visits['total'] == 1 else 'were'} "
            "made to custody suites, "
            f"{_pct(visits['percent'])} of the target of {visits['target']}."
        ),
        "access": (
            f"Visitors were admitted immediately on {access['immediate']} visits "
            f"({_pct(access['immediate_percent'])}); {access['delay_6_15']} waited 6-15 minutes "
            f"and {access['delay_over_15']} over 15 minutes."
        ),
        "detainees": (
            f"{detainees['in_cells']} people were in cells at the times of visits; "
            f"{detainees['offered']} ({_pct(detainees['percent_of_in_cells']['offered'])}) "
            f"were offered a visit and {detainees['seen']} "
            f"({_pct(detainees['percent_of_offered']['seen'])} of those offered) were seen."
        ),
        "hours": (
            f"Visitors gave {hours['volunteer_hours']:,.2f} hours, worth "
            f"£{hours['economic_value']:,.2f}."
        ),
    }
    if stats.get("aws"):
        aws = stats["aws"]
        said["aws"] = (
            f"The animal welfare scheme made {plural(aws['visits'], 'visit')} to the dog unit, "
            f"{_pct(aws['percent'])} of the target of {aws['target']}."
        )
        if "dogs_seen" in aws:
            said["dogs"] = _dogs_said(aws)
    return said


def _dogs_said(aws: dict) -> str:
    urgent = aws["urgent_concerns"]
    said = (
        f"Visitors checked {plural(aws['dogs_seen'], 'dog')} "
        f"({plural(aws['dog_checks'], 'check')} of a dog) against the five welfare needs of the "
        f"Animal Welfare Act 2006, and saw dogs in their handlers' home kennels on "
        f"{plural(aws['home_kennel_visits'], 'visit')}. "
        f"{plural(urgent['total'], 'urgent concern')} "
        f"{'was' if urgent['total'] == 1 else 'were'} told to the dog unit at once"
    )
    if not urgent["total"]:
        return said + "."
    return said + (
        f": {urgent['answered']} answered"
        + (
            f", on average {urgent['mean_days_to_answer']:.1f} days after being told"
            if urgent["mean_days_to_answer"] is not None
            else ""
        )
        + f"; {urgent['resolved']} resolved and {urgent['open']} still open."
    )


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else plural_form or singular + 's'}"


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def render_html(stats: dict, scheme_name: str) -> str:
    labels = {
        row["category"]: row.get("label", row["category"]) for row in stats["issues"]["by_category"]
    }
    aws = stats.get("aws") or {}
    chart = Markup(issues_by_category_svg(stats["issues"]["by_category"], labels))  # noqa: S704 - matplotlib's own SVG, its text escaped by matplotlib
    return _environment.get_template("annual.html").render(
        stats=stats,
        scheme_name=scheme_name,
        coverage=[with_heat(table) for table in stats.get("coverage", [])],
        aws_tables=[with_heat(table) for table in aws.get("by_site", [])],
        labels=labels,
        chart=chart,
        said=sentences(stats),
    )


def spreadsheet_safe(cell):
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


def render_csv(stats: dict) -> str:
    """The report's tables, one after another, each under a title row."""
    buffer = io.StringIO()
    out = csv.writer(buffer)

    def table(title: str, header: list[str], rows: list[list]) -> None:
        out.writerow([spreadsheet_safe(title)])
        out.writerow(header)
        out.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
        out.writerow([])

    visits = stats["visits"]
    table(
        f"Visits and target {stats['label']}",
        ["site", "visits", "target", "percent"],
        [[s["name"], s["visits"], s["target"], s["percent"]] for s in visits["by_site"]]
        + [["Total", visits["total"], visits["target"], visits["percent"]]],
    )
    access = stats["access"]
    table(
        "Access",
        ["immediate", "delay_6_15", "delay_over_15", "immediate_percent"],
        [
            [
                access["immediate"],
                access["delay_6_15"],
                access["delay_over_15"],
                access["immediate_percent"],
            ]
        ],
    )
    detainees = stats["detainees"]
    table(
        "Detainees",
        ["figure", "count", "percent"],
        [
            [key, detainees[key], detainees["percent_of_in_cells"].get(key)]
            for key in ("offered", "not_offered", "unavailable", "asleep_observed")
        ]
        + [
            [key, detainees[key], detainees["percent_of_offered"][key]]
            for key in ("seen", "refused")
        ]
        + [["in_cells", detainees["in_cells"], None]],
    )
    hours = stats["hours"]
    table(
        "Hours",
        ["volunteer_hours", "economic_value"],
        [[hours["volunteer_hours"], hours["economic_value"]]],
    )
    for grid in stats.get("coverage", []) + (stats.get("aws") or {}).get("by_site", []):
        table(
            f"Timeslots: {grid.get('name', grid['site_id'])}",
            ["day", *grid["grid"]["bands"], "total"],
            [
                [day, *row, total]
                for day, row, total in zip(
                    grid["grid"]["days"], grid["counts"], grid["day_totals"], strict=True
                )
            ]
            + [["total", *grid["band_totals"], grid["total"]]],
        )
    welfare = stats.get("welfare")
    if welfare:
        table(
            "Women's welfare",
            ["figure", "of women seen", "women seen"],
            [
                [key, welfare["women"][key], welfare["women"]["seen"]]
                for key in ("female_officer_offered", "menstrual_products_offered")
            ],
        )
        table(
            "Welfare of those seen",
            ["item", "yes", "no", "unsure", "not_applicable"],
            [
                [key, *(n[answer] for answer in ("yes", "no", "unsure", "not_applicable"))]
                for key, n in welfare["detainee"].items()
            ],
        )
        table(
            "Suites' condition",
            ["item", "ok", "concern", "not_checked"],
            [
                [key, *(n[result] for result in ("ok", "concern", "not_checked"))]
                for key, n in welfare["suite"].items()
            ],
        )
    if "juveniles" in detainees:
        table(
            "Children, vulnerable adults and denials",
            ["figure", "in_cells", "seen"],
            [
                [key, detainees[key]["in_cells"], detainees[key]["seen"]]
                for key in ("juveniles", "vulnerable")
            ]
            + [["denied", detainees["denied"], None]],
        )
    if "remote" in visits:
        table(
            "Remote, curtailed and abandoned visits",
            ["figure", "count"],
            [
                ["phone", visits["remote"]["phone"]],
                ["video", visits["remote"]["video"]],
                ["curtailed", visits["curtailed"]],
                ["feedback_recorded", visits["feedback_recorded"]],
            ]
            + [[f"abandoned: {key}", n] for key, n in visits["abandoned_by_reason"].items()],
        )
    if stats.get("tact"):
        tact = stats["tact"]
        table("TACT", list(tact), [list(tact.values())])
    table(
        "Issues by category",
        ["category", "count"],
        [[row["category"], row["count"]] for row in stats["issues"]["by_category"]],
    )
    if (stats.get("aws") or {}).get("needs"):
        _dog_tables(table, stats["aws"])
    return buffer.getvalue()


def _dog_tables(table, aws: dict) -> None:
    results = ("ok", "concern", "not_checked")
    table(
        "Dogs seen",
        ["figure", "count"],
        [
            ["dogs_seen", aws["dogs_seen"]],
            ["dog_checks", aws["dog_checks"]],
            ["home_kennel_visits", aws["home_kennel_visits"]],
        ]
        + [[f"seen at: {place}", n] for place, n in aws["by_location"].items()],
    )
    table(
        "Dogs' welfare needs",
        ["need", *results],
        [[need, *(n[result] for result in results)] for need, n in aws["needs"].items()],
    )
    table(
        "Dog unit checks",
        ["item", *results],
        [[key, *(n[result] for result in results)] for key, n in aws["checks"].items()],
    )
    urgent = aws["urgent_concerns"]
    table(
        "Urgent dog concerns",
        ["figure", "value"],
        [
            [key, urgent[key]]
            for key in (
                "total",
                "open",
                "acknowledged",
                "resolved",
                "resolved_during_visit",
                "answered",
                "mean_days_to_answer",
                "mean_days_to_resolve",
            )
        ]
        + [[f"from: {row['check']}", row["count"]] for row in urgent["by_check"]],
    )
