"""The annual statistics a scheme reports to its Police and Crime Panel.

Every figure is an SQL aggregate over the records of the financial year (local time): submitted
visits only; custody and dog-unit visits apart; abandoned visits counted apart and never in the
detainee figures. Percentages have one decimal place.

Visits, access, detainee and welfare figures count in-person visits that took place: a curtailed
visit counts like a completed one (the visitors were in the suite and saw who they saw), and a
remote visit (`mode: phone | video`) never counts in them - it fills no slot, meets no target,
has no access delay - and is shown apart in `visits.remote`. Issues count wherever they were
raised, remote visits included: a problem told by phone is still a problem.
"""

from functools import cached_property

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.numbers import percent
from icv.models import (
    DETAINEE_DEMOGRAPHICS,
    DETAINEE_OUTCOMES,
    REMOTE_MODES,
    DetaineeEntry,
    Issue,
    Scheme,
    Site,
    Visit,
)
from icv.people import cohort as cohort_figures
from icv.people import hours
from icv.scheduling import coverage, targets
from icv.visits import issues

# The outcomes of visits that took place: a curtailed visit was made, if cut short.
TOOK_PLACE = ("completed", "curtailed")


def year_visits(
    scheme: Scheme,
    year: int,
    *,
    kind: str | None = None,
    outcomes: tuple[str, ...] | None = TOOK_PLACE,
    in_person: bool = True,
):
    """The condition for the year's submitted visits of the scheme: of a site kind, with one of
    the outcomes (any with None) and, unless told otherwise, made in person."""
    start, end = FinancialYear(year).utc_bounds(scheme.timezone)
    conditions = [
        Visit.scheme_id == scheme.id,
        Visit.status == "submitted",
        Visit.arrived_at >= start,
        Visit.arrived_at < end,
    ]
    if outcomes:
        conditions.append(Visit.outcome.in_(outcomes))
    if in_person:
        conditions.append(Visit.mode.not_in(REMOTE_MODES))
    if kind:
        conditions.append(
            Visit.site_id.in_(select(Site.id).where(Site.scheme_id == scheme.id, Site.kind == kind))
        )
    return and_(*conditions)


def _by_count(items: dict) -> list[tuple]:
    """(key, count) pairs, most first, then by key with an unknown (None) key last."""
    return sorted(items.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))


def access_section(scheme: Scheme, year: int) -> dict:
    """Access at custody suites: immediate (5 minutes or less), 6-15 and over 15, with the
    reasons given for the waits. One GROUP BY by band and reason."""
    condition = and_(year_visits(scheme, year, kind="custody_suite"), Visit.access.is_not(None))
    rows = db.session.execute(
        select(Visit.access, Visit.access_delay_reason, func.count(Visit.id))
        .where(condition)
        .group_by(Visit.access, Visit.access_delay_reason)
    ).all()
    bands: dict[str, int] = {}
    reasons: dict[str | None, int] = {}
    for band, reason, number in rows:
        bands[band] = bands.get(band, 0) + number
        if band != "immediate":
            reasons[reason] = reasons.get(reason, 0) + number
    immediate = bands.get("immediate", 0)
    total = sum(bands.values())
    return {
        "immediate": immediate,
        "delay_6_15": bands.get("delay_6_15", 0),
        "delay_over_15": bands.get("delay_over_15", 0),
        "immediate_percent": percent(immediate, total),
        "reasons": [
            {"reason": reason or "not recorded", "count": n} for reason, n in _by_count(reasons)
        ],
    }


def detainee_section(scheme: Scheme, year: int) -> dict:
    """People in cells at the times of completed custody visits, by what happened, with the
    demographics of those seen. One GROUP BY by outcome and demographics, added up here (a few
    hundred groups at most, however many people)."""
    in_year = year_visits(scheme, year, kind="custody_suite")
    demographics = [getattr(DetaineeEntry, attribute) for attribute in DETAINEE_DEMOGRAPHICS]
    rows = db.session.execute(
        select(DetaineeEntry.outcome, *demographics, func.count(DetaineeEntry.id))
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .where(in_year)
        .group_by(DetaineeEntry.outcome, *demographics)
    ).all()
    counts = dict.fromkeys(DETAINEE_OUTCOMES, 0)
    seen: dict[str, dict] = {attribute: {} for attribute in DETAINEE_DEMOGRAPHICS}
    for outcome, *values, number in rows:
        counts[outcome] += number
        if outcome == "seen":
            for attribute, value in zip(DETAINEE_DEMOGRAPHICS, values, strict=True):
                seen[attribute][value] = seen[attribute].get(value, 0) + number
    offered = counts["seen"] + counts["refused"]
    in_cells = offered + counts["not_offered"] + counts["unavailable"] + counts["asleep_observed"]
    seen_by = {
        attribute: [
            {"value": value or "not_recorded", "count": n} for value, n in _by_count(values)
        ]
        for attribute, values in seen.items()
    }
    return {
        "in_cells": in_cells,
        "offered": offered,
        "not_offered": counts["not_offered"],
        "unavailable": counts["unavailable"],
        "asleep_observed": counts["asleep_observed"],
        "seen": counts["seen"],
        "refused": counts["refused"],
        "percent_of_in_cells": {
            key: percent(value, in_cells)
            for key, value in (
                ("offered", offered),
                ("not_offered", counts["not_offered"]),
                ("unavailable", counts["unavailable"]),
                ("asleep_observed", counts["asleep_observed"]),
            )
        },
        "percent_of_offered": {
            "seen": percent(counts["seen"], offered),
            "refused": percent(counts["refused"], offered),
        },
        "seen_by": seen_by,
    }


def issue_section(scheme: Scheme, year: int) -> dict:
    """Issues raised at the year's submitted visits, by category and by where they stand, from
    one GROUP BY by category and status."""
    in_year = year_visits(scheme, year, outcomes=None, in_person=False)
    rows = db.session.execute(
        select(Issue.category, Issue.status, func.count(Issue.id))
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_year)
        .group_by(Issue.category, Issue.status)
    ).all()
    by_category: dict[str, int] = {}
    by_status: dict[str, int] = {}
    for category, status, number in rows:
        by_category[category] = by_category.get(category, 0) + number
        by_status[status] = by_status.get(status, 0) + number
    labels = {
        item["key"]: item["label"] for item in issues.categories(scheme.id, include_retired=True)
    }
    return {
        "total": sum(by_category.values()),
        "by_category": [
            {"category": key, "label": labels.get(key, key), "count": n}
            for key, n in _by_count(by_category)
        ],
        "resolved_during_visit": by_status.get("resolved_during_visit", 0),
        "open": by_status.get("open", 0),
        "acknowledged": by_status.get("acknowledged", 0),
        "resolved": by_status.get("resolved", 0),
    }


class SchemeYear:
    """One scheme's financial year, with the reads several sections share: its sites, their
    targets (one query for every site) and their coverage tables (one query), each made once
    however many sections use them."""

    def __init__(self, scheme: Scheme, fy: FinancialYear) -> None:
        self.scheme, self.fy = scheme, fy

    @cached_property
    def sites(self) -> list[Site]:
        # With their status histories (for the targets) in the same statement.
        return list(
            db.session.scalars(
                select(Site)
                .where(Site.scheme_id == self.scheme.id)
                .options(joinedload(Site.status_history))
                .order_by(Site.name, Site.id)
            ).unique()
        )

    @cached_property
    def _targets(self) -> dict[int, targets.SiteTarget]:
        rows = targets.site_targets(self.sites, self.fy, self.scheme.timezone)
        return {row.site_id: row for row in rows}

    def targets(self, kind: str) -> list[targets.SiteTarget]:
        """The targets of the sites of a kind, by site name."""
        return [self._targets[site.id] for site in self.sites if site.kind == kind]

    @cached_property
    def _coverage(self) -> dict[int, coverage.Coverage]:
        return coverage.coverage_of_sites(self.sites, self.fy)

    def coverage(self, site: Site) -> coverage.Coverage:
        return self._coverage[site.id]


def coverage_table(table: coverage.Coverage) -> dict:
    """A site's coverage for the year as the contract shapes it (as `GET /coverage` does)."""
    days, bands = table.grid.day_labels, table.grid.band_labels
    return {
        "site_id": table.site_id,
        "name": table.site.name,
        "year": table.year.year,
        "label": table.year.label,
        "grid": table.grid.as_dict(),
        "counts": table.counts,
        "day_totals": table.day_totals,
        "band_totals": table.band_totals,
        "total": table.total,
        "uncovered": [{"day": days[day], "band": bands[band]} for day, band in table.uncovered],
        "outside_grid": table.outside_grid,
        "abandoned": table.abandoned,
        "entropy_bits": round(table.entropy_bits, 4),
        "max_entropy_bits": round(table.max_entropy_bits, 4),
    }


def visits_section(year: SchemeYear) -> dict:
    """Custody visits per suite against the weekly target; abandoned visits apart."""
    rows = year.targets("custody_suite")
    total = sum(row.visits for row in rows)
    required = sum(row.required for row in rows)
    return {
        "by_site": [
            {
                "site_id": row.site_id,
                "name": row.name,
                "visits": row.visits,
                "target": row.required,
                "percent": row.percent,
                "periods_met": row.periods_met,
                "abandoned": row.abandoned,
                "status": row.status,
            }
            for row in rows
        ],
        "total": total,
        "target": required,
        "percent": percent(total, required),
        "abandoned": sum(row.abandoned for row in rows),
    }


def coverage_section(year: SchemeYear) -> list[dict]:
    """The timeslot table of every custody suite that was open or visited in the year."""
    rows = year.targets("custody_suite")
    return [
        coverage_table(year.coverage(row.site))
        for row in rows
        if row.required or row.visits or row.abandoned
    ]


def aws_section(year: SchemeYear) -> dict | None:
    """The animal welfare scheme: dog-unit visits against the monthly target, and its grid."""
    rows = year.targets("dog_unit")
    if not rows:
        return None
    visits = sum(row.visits for row in rows)
    required = sum(row.required for row in rows)
    tables = [coverage_table(year.coverage(row.site)) for row in rows]
    return {
        "visits": visits,
        "target": required,
        "percent": percent(visits, required),
        "periods_met": sum(row.periods_met for row in rows),
        "coverage": tables[0],
        "by_site": [
            {**table, "target": row.required, "percent": row.percent}
            for row, table in zip(rows, tables, strict=True)
        ],
    }


def hours_section(year: SchemeYear) -> dict:
    figures = hours.scheme_hours(year.scheme, year.fy)
    return {
        "volunteer_hours": float(figures["volunteer_hours"]),
        "visit_hours": float(figures["visit_hours"]),
        "activity_hours": float(figures["activity_hours"]),
        "hourly_rate": float(figures["hourly_rate"]),
        "economic_value": float(figures["economic_value"]),
    }


def volunteers_section(year: SchemeYear) -> dict:
    scheme, fy = year.scheme, year.fy
    cohort = cohort_figures.cohort(scheme, fy)
    cohort.pop("year", None)
    cohort.pop("label", None)
    cohort["leavers"] = [
        {**leaver, "left_on": leaver["left_on"].isoformat()} for leaver in cohort["leavers"]
    ]
    cohort["milestones"] = [
        {**item, "reached_on": item["reached_on"].isoformat()}
        for item in cohort_figures.milestones(scheme, fy)
    ]
    return cohort


SECTIONS = {
    "visits": visits_section,
    "access": lambda year: access_section(year.scheme, year.fy.year),
    "detainees": lambda year: detainee_section(year.scheme, year.fy.year),
    "hours": hours_section,
    "coverage": coverage_section,
    "issues": lambda year: issue_section(year.scheme, year.fy.year),
    "volunteers": volunteers_section,
    "aws": aws_section,
}


def section(name: str, scheme: Scheme, year: int) -> dict:
    """One section of the year's statistics, keyed by its name (the year and label with it)."""
    fy = FinancialYear(year)
    return {"year": year, "label": fy.label, name: SECTIONS[name](SchemeYear(scheme, fy))}


def annual(scheme: Scheme, year: int) -> dict:
    """Every section of the year's statistics."""
    scheme_year = SchemeYear(scheme, FinancialYear(year))
    return {
        "year": year,
        "label": scheme_year.fy.label,
        **{name: build(scheme_year) for name, build in SECTIONS.items()},
    }


def annual_with_previous(scheme: Scheme, year: int) -> dict:
    """The year's statistics and, under `previous_year`, the year before's, so each figure can
    show its change."""
    return {**annual(scheme, year), "previous_year": annual(scheme, year - 1)}
