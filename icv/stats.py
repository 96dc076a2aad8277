"""The annual statistics a scheme reports to its Police and Crime Panel.

Every figure is an SQL aggregate over the records of the financial year (local time): submitted
visits only; custody and dog-unit visits apart; abandoned visits counted apart and never in the
detainee figures. Percentages have one decimal place.
"""

from sqlalchemy import and_, case, func, select

from icv import coverage, hours, issues, targets, volunteers
from icv.database import db
from icv.dates import FinancialYear
from icv.models import DetaineeEntry, Issue, Scheme, Site, Visit
from icv.numbers import percent

DETAINEE_OUTCOMES = ("seen", "refused", "not_offered", "unavailable", "asleep_observed")
DEMOGRAPHICS = ("gender", "age_group", "ethnicity")


def year_visits(scheme: Scheme, year: int, *, kind: str | None = None, outcome="completed"):
    """The condition for the year's submitted visits of the scheme (of a site kind, outcome)."""
    start, end = FinancialYear(year).utc_bounds(scheme.timezone)
    conditions = [
        Visit.scheme_id == scheme.id,
        Visit.status == "submitted",
        Visit.arrived_at >= start,
        Visit.arrived_at < end,
    ]
    if outcome:
        conditions.append(Visit.outcome == outcome)
    if kind:
        conditions.append(Visit.site_id.in_(select(Site.id).where(Site.kind == kind)))
    return and_(*conditions)


def visit_counts(scheme: Scheme, year: int) -> dict:
    """Completed and abandoned visits per site, in one GROUP BY."""
    rows = db.session.execute(
        select(
            Visit.site_id,
            func.sum(case((Visit.outcome == "completed", 1), else_=0)),
            func.sum(case((Visit.outcome == "abandoned", 1), else_=0)),
        )
        .where(year_visits(scheme, year, outcome=None))
        .group_by(Visit.site_id)
    ).all()
    return {
        site_id: {"completed": int(done), "abandoned": int(gave_up)}
        for site_id, done, gave_up in rows
    }


def access_section(scheme: Scheme, year: int) -> dict:
    """Access at custody suites: immediate (5 minutes or less), 6-15 and over 15, with the
    reasons given for the waits."""
    condition = and_(year_visits(scheme, year, kind="custody_suite"), Visit.access.is_not(None))
    bands = dict(
        db.session.execute(
            select(Visit.access, func.count(Visit.id)).where(condition).group_by(Visit.access)
        ).all()
    )
    reasons = db.session.execute(
        select(Visit.access_delay_reason, func.count(Visit.id))
        .where(condition, Visit.access != "immediate")
        .group_by(Visit.access_delay_reason)
        .order_by(func.count(Visit.id).desc(), Visit.access_delay_reason)
    ).all()
    immediate = bands.get("immediate", 0)
    total = sum(bands.values())
    return {
        "immediate": immediate,
        "delay_6_15": bands.get("delay_6_15", 0),
        "delay_over_15": bands.get("delay_over_15", 0),
        "immediate_percent": percent(immediate, total),
        "reasons": [{"reason": reason or "not recorded", "count": n} for reason, n in reasons],
    }


def detainee_section(scheme: Scheme, year: int) -> dict:
    """People in cells at the times of completed custody visits, by what happened, with the
    demographics of those seen."""
    in_year = year_visits(scheme, year, kind="custody_suite")
    counts = dict.fromkeys(DETAINEE_OUTCOMES, 0) | dict(
        db.session.execute(
            select(DetaineeEntry.outcome, func.count(DetaineeEntry.id))
            .join(Visit, DetaineeEntry.visit_id == Visit.id)
            .where(in_year)
            .group_by(DetaineeEntry.outcome)
        ).all()
    )
    offered = counts["seen"] + counts["refused"]
    in_cells = offered + counts["not_offered"] + counts["unavailable"] + counts["asleep_observed"]
    seen_by = {}
    for attribute in DEMOGRAPHICS:
        column = getattr(DetaineeEntry, attribute)
        rows = db.session.execute(
            select(column, func.count(DetaineeEntry.id))
            .join(Visit, DetaineeEntry.visit_id == Visit.id)
            .where(in_year, DetaineeEntry.outcome == "seen")
            .group_by(column)
            .order_by(func.count(DetaineeEntry.id).desc(), column)
        ).all()
        seen_by[attribute] = [{"value": value or "not_recorded", "count": n} for value, n in rows]
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
    """Issues raised at the year's submitted visits, by category and by where they stand."""
    in_year = year_visits(scheme, year, outcome=None)
    by_category = db.session.execute(
        select(Issue.category, func.count(Issue.id))
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_year)
        .group_by(Issue.category)
        .order_by(func.count(Issue.id).desc(), Issue.category)
    ).all()
    by_status = dict(
        db.session.execute(
            select(Issue.status, func.count(Issue.id))
            .join(Visit, Issue.visit_id == Visit.id)
            .where(in_year)
            .group_by(Issue.status)
        ).all()
    )
    labels = {
        item["key"]: item["label"] for item in issues.categories(scheme.id, include_retired=True)
    }
    return {
        "total": sum(n for _, n in by_category),
        "by_category": [
            {"category": key, "label": labels.get(key, key), "count": n} for key, n in by_category
        ],
        "resolved_during_visit": by_status.get("resolved_during_visit", 0),
        "open": by_status.get("open", 0),
        "acknowledged": by_status.get("acknowledged", 0),
        "resolved": by_status.get("resolved", 0),
    }


def _sites(scheme: Scheme, kind: str) -> list[Site]:
    return list(
        db.session.scalars(
            select(Site).where(Site.scheme_id == scheme.id, Site.kind == kind).order_by(Site.name)
        )
    )


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


def _target_rows(scheme: Scheme, fy: FinancialYear, kind: str) -> list[targets.SiteTarget]:
    return targets.site_targets(_sites(scheme, kind), fy, scheme.timezone)


def visits_section(scheme: Scheme, fy: FinancialYear) -> dict:
    """Custody visits per suite against the weekly target; abandoned visits apart."""
    rows = _target_rows(scheme, fy, "custody_suite")
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


def coverage_section(scheme: Scheme, fy: FinancialYear) -> list[dict]:
    """The timeslot table of every custody suite that was open or visited in the year."""
    rows = _target_rows(scheme, fy, "custody_suite")
    return [
        coverage_table(coverage.coverage_of(row.site, fy))
        for row in rows
        if row.required or row.visits or row.abandoned
    ]


def aws_section(scheme: Scheme, fy: FinancialYear) -> dict | None:
    """The animal welfare scheme: dog-unit visits against the monthly target, and its grid."""
    rows = _target_rows(scheme, fy, "dog_unit")
    if not rows:
        return None
    visits = sum(row.visits for row in rows)
    required = sum(row.required for row in rows)
    tables = [coverage_table(coverage.coverage_of(row.site, fy)) for row in rows]
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


def hours_section(scheme: Scheme, fy: FinancialYear) -> dict:
    figures = hours.scheme_hours(scheme, fy)
    return {
        "volunteer_hours": float(figures["volunteer_hours"]),
        "visit_hours": float(figures["visit_hours"]),
        "activity_hours": float(figures["activity_hours"]),
        "hourly_rate": float(figures["hourly_rate"]),
        "economic_value": float(figures["economic_value"]),
    }


def volunteers_section(scheme: Scheme, fy: FinancialYear) -> dict:
    cohort = volunteers.cohort(scheme, fy)
    cohort.pop("year", None)
    cohort.pop("label", None)
    cohort["leavers"] = [
        {**leaver, "left_on": leaver["left_on"].isoformat()} for leaver in cohort["leavers"]
    ]
    cohort["milestones"] = [
        {**item, "reached_on": item["reached_on"].isoformat()}
        for item in volunteers.milestones(scheme, fy)
    ]
    return cohort


SECTIONS = {
    "visits": visits_section,
    "access": lambda scheme, fy: access_section(scheme, fy.year),
    "detainees": lambda scheme, fy: detainee_section(scheme, fy.year),
    "hours": hours_section,
    "coverage": coverage_section,
    "issues": lambda scheme, fy: issue_section(scheme, fy.year),
    "volunteers": volunteers_section,
    "aws": aws_section,
}


def section(name: str, scheme: Scheme, year: int) -> dict:
    """One section of the year's statistics, keyed by its name (the year and label with it)."""
    fy = FinancialYear(year)
    return {"year": year, "label": fy.label, name: SECTIONS[name](scheme, fy)}


def annual(scheme: Scheme, year: int) -> dict:
    """Every section of the year's statistics."""
    fy = FinancialYear(year)
    return {
        "year": year,
        "label": fy.label,
        **{name: build(scheme, fy) for name, build in SECTIONS.items()},
    }


def annual_with_previous(scheme: Scheme, year: int) -> dict:
    """The year's statistics and, under `previous_year`, the year before's, so each figure can
    show its change."""
    return {**annual(scheme, year), "previous_year": annual(scheme, year - 1)}
