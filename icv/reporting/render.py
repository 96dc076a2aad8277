"""Renders the annual statistics as the printable report and as CSV tables."""

import csv
import io

from jinja2 import Environment, PackageLoader, select_autoescape

from icv.models import labels
from icv.reporting import findings, report_charts

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
_environment.filters["plural"] = lambda count, singular, plural_form=None: plural(
    count, singular, plural_form
)
_environment.filters["pct"] = lambda value: _pct(value)


def css_string(text: str) -> str:
    """Text for inside a double-quoted CSS string: every character but letters, digits and
    spaces as a CSS hex escape, so no quote, backslash or `</style>` can end the string."""
    return "".join(
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):06x}"
        for char in text
    )


_environment.filters["css_string"] = css_string


class HeatScale:
    """One colour scale for every timeslot table of the report, so a shade means the same
    number of visits at every site. Slots with no visit yet are the ones to target: green and
    marked in text, as the reference report marks them; visited slots deepen in red over
    `LEVELS` shades of the scale, each shade a range of counts the legend states."""

    LEVELS = 4

    def __init__(self, highest: int) -> None:
        self.highest = highest

    @classmethod
    def over(cls, tables: list[dict]) -> "HeatScale":
        return cls(max((n for table in tables for row in table["counts"] for n in row), default=0))

    def level(self, count: int) -> int:
        if count <= 0:
            return 0
        return min(self.LEVELS, -(-count * self.LEVELS // self.highest))

    def css_class(self, count: int) -> str:
        return "uncovered" if count <= 0 else f"heat-{self.level(count)}"

    def legend(self) -> list[dict]:
        """Each shade in use with the counts it stands for, the uncovered slots first."""
        ranges: dict[int, list[int]] = {}
        for count in range(1, self.highest + 1):
            ranges.setdefault(self.level(count), []).append(count)
        keys = [
            {"css_class": "uncovered", "counts": "0", "meaning": "no visit yet: a slot to target"}
        ]
        for level, counts in sorted(ranges.items()):
            span = str(counts[0]) if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
            keys.append(
                {
                    "css_class": f"heat-{level}",
                    "counts": span,
                    "meaning": "visited once" if span == "1" else f"visited {span} times",
                }
            )
        return keys

    def shade(self, table: dict) -> dict:
        return {
            **table,
            "classes": [[self.css_class(n) for n in row] for row in table["counts"]],
        }


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


plural = findings.plural


def _pct(value) -> str:
    return "n/a" if value is None else f"{value:.1f}%"


def render_html(stats: dict, scheme_name: str) -> str:
    """The report as one page. `stats` is `report.build`'s (with the year before and the
    figures over the year) or, with fewer sections, `annual.annual`'s."""
    aws = stats.get("aws") or {}
    tables = [*stats.get("coverage", []), *aws.get("by_site", [])]
    scale = HeatScale.over(tables)
    previous = stats.get("previous_year")
    rows = findings.comparison(stats, previous)
    return _environment.get_template("annual.html").render(
        stats=stats,
        previous=previous,
        comparison=rows,
        trends=stats.get("trends") or {},
        scheme_name=scheme_name,
        coverage=[scale.shade(table) for table in stats.get("coverage", [])],
        aws_tables=[scale.shade(table) for table in aws.get("by_site", [])],
        scale=scale,
        labels={
            row["category"]: row.get("label", row["category"])
            for row in stats["issues"]["by_category"]
        },
        charts=report_charts.draw_all(stats, rows),
        said=sentences(stats),
        key_findings=findings.key_findings(
            stats,
            previous,
            overdue_issues=(stats.get("trends") or {}).get("overdue_issues", 0),
        ),
        demographics=demographics(stats["detainees"]["seen_by"]),
        long_service=long_service(stats.get("volunteers") or {}),
        vocab=labels,
    )


def demographics(seen_by: dict) -> list[dict]:
    """Those seen by each attribute, labelled from the vocabularies and in their order (age
    groups in age order), what was not recorded last."""
    shown = []
    for attribute, rows in seen_by.items():
        words = labels.DEMOGRAPHIC_LABELS.get(attribute, {})
        order = list(words)
        ranked = sorted(
            rows,
            key=lambda row: (
                order.index(row["value"]) if row["value"] in order else len(order),
                row["value"],
            ),
        )
        shown.append(
            {
                "attribute": attribute,
                "heading": DEMOGRAPHIC_HEADINGS.get(attribute, humanize(attribute).lower()),
                "rows": [
                    {**row, "label": words.get(row["value"]) or humanize(row["value"])}
                    for row in ranked
                ],
            }
        )
    return shown


DEMOGRAPHIC_HEADINGS = {"gender": "gender", "age_group": "age group", "ethnicity": "ethnicity"}


def long_service(volunteers: dict) -> list[dict]:
    """Long-service certificates grouped by length ("3 years: 3 volunteers"), with the names
    when the reader may see them."""
    groups: dict[int, list] = {}
    for milestone in volunteers.get("milestones", []):
        groups.setdefault(milestone["years"], []).append(milestone)
    return [
        {
            "years": years,
            "text": f"{plural(years, 'year')}: {plural(len(reached), 'volunteer')}",
            "names": [
                f"{m['name']} ({m['reached_on']})" for m in reached if m.get("name") is not None
            ],
        }
        for years, reached in sorted(groups.items())
    ]


def spreadsheet_safe(cell):
    """Text a spreadsheet would run as a formula (=, +, -, @) is kept as text."""
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
        return "'" + cell
    return cell


class CsvTables:
    """Tables one after another, each under a title row and followed by a blank one; every cell
    a spreadsheet would run as a formula is kept as text (`spreadsheet_safe`)."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._out = csv.writer(self._buffer)

    def table(self, title: str, header: list[str], rows: list[list]) -> None:
        self._out.writerow([spreadsheet_safe(title)])
        self._out.writerow(header)
        self._out.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
        self._out.writerow([])

    def text(self) -> str:
        return self._buffer.getvalue()


def render_csv(stats: dict) -> str:
    """The report's tables, one after another, each under a title row."""
    tables = CsvTables()
    table = tables.table

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
    return tables.text()


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
