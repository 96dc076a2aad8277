"""The annual statistics a scheme reports to its Police and Crime Panel.

Every figure is an SQL aggregate over the records of the financial year (local time): submitted
visits only; custody and dog-unit visits apart; abandoned visits counted apart and never in the
detainee figures. Percentages have one decimal place.

Visits, access, detainee and welfare figures count in-person visits that took place: a curtailed
visit counts like a completed one (the visitors were in the suite and saw who they saw), and a
remote visit (`mode: phone | video`) never counts in them - it fills no slot, meets no target,
has no access delay - and is shown apart in `visits.remote`. Issues count wherever they were
raised, remote visits included: a problem told by phone is still a problem.

Every section reads a period of days: a financial year (given as its number or as a
`FinancialYear`) or a quarter of one (`FinancialQuarter`, for the quarterly returns in
`icv.reporting.quarterly`), so each figure has one definition whatever the period.
"""

from functools import cached_property

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.orm import joinedload

from icv.common.database import db
from icv.common.dates import FinancialYear, ReportingPeriod
from icv.common.numbers import percent
from icv.common.sql import days_between, json_member_text, json_text
from icv.models import (
    ABANDON_REASONS,
    CHECK_RESULTS,
    DETAINEE_DEMOGRAPHICS,
    DETAINEE_OUTCOMES,
    DOG_LOCATIONS,
    ISSUE_STATUSES,
    OBSERVATION_ANSWERS,
    REMOTE_MODES,
    TACT_REPORT_STATUSES,
    WELFARE_NEEDS,
    DetaineeEntry,
    DogEntry,
    Issue,
    Scheme,
    Site,
    TactReport,
    Visit,
)
from icv.people import cohort as cohort_figures
from icv.people import compliance, hours
from icv.scheduling import coverage, targets
from icv.visits import checklists, issues

# The outcomes of visits that took place: a curtailed visit was made, if cut short.
TOOK_PLACE = ("completed", "curtailed")


def period_of(year: int | ReportingPeriod) -> ReportingPeriod:
    """The period a section reads: a year's number stands for that financial year."""
    return FinancialYear(year) if isinstance(year, int) else year


def year_visits(
    scheme: Scheme,
    year: int | ReportingPeriod,
    *,
    kind: str | None = None,
    outcomes: tuple[str, ...] | None = TOOK_PLACE,
    in_person: bool = True,
):
    """The condition for the year's (or the period's) submitted visits of the scheme: of a site
    kind, with one of the outcomes (any with None) and, unless told otherwise, made in person."""
    start, end = period_of(year).utc_bounds(scheme.timezone)
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


def access_section(scheme: Scheme, year: int | ReportingPeriod) -> dict:
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


def detainee_section(scheme: Scheme, year: int | ReportingPeriod) -> dict:
    """People in cells at the times of custody visits made in person, by what happened, with the
    demographics of those seen, and juveniles and vulnerable adults apart. One GROUP BY by
    outcome, demographics and the juvenile and vulnerable flags, added up here (a few hundred
    groups at most, however many people).

    Those denied (the police refused the visitors access to them) are in `in_cells` and counted
    apart in `denied`: they were never offered a visit, so they are not in `offered`."""
    in_year = year_visits(scheme, year, kind="custody_suite")
    demographics = [getattr(DetaineeEntry, attribute) for attribute in DETAINEE_DEMOGRAPHICS]
    rows = db.session.execute(
        select(
            DetaineeEntry.outcome,
            DetaineeEntry.juvenile,
            DetaineeEntry.vulnerable,
            *demographics,
            func.count(DetaineeEntry.id),
        )
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .where(in_year)
        .group_by(
            DetaineeEntry.outcome, DetaineeEntry.juvenile, DetaineeEntry.vulnerable, *demographics
        )
    ).all()
    counts = dict.fromkeys(DETAINEE_OUTCOMES, 0)
    seen: dict[str, dict] = {attribute: {} for attribute in DETAINEE_DEMOGRAPHICS}
    juveniles = {"in_cells": 0, "seen": 0}
    vulnerable = {"in_cells": 0, "seen": 0}
    for outcome, juvenile, is_vulnerable, *values, number in rows:
        counts[outcome] += number
        for flag, figures in ((juvenile, juveniles), (is_vulnerable, vulnerable)):
            if flag:
                figures["in_cells"] += number
                figures["seen"] += number if outcome == "seen" else 0
        if outcome == "seen":
            for attribute, value in zip(DETAINEE_DEMOGRAPHICS, values, strict=True):
                seen[attribute][value] = seen[attribute].get(value, 0) + number
    offered = counts["seen"] + counts["refused"]
    in_cells = (
        offered
        + counts["not_offered"]
        + counts["unavailable"]
        + counts["asleep_observed"]
        + counts["denied"]
    )
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
        "denied": counts["denied"],
        "seen": counts["seen"],
        "refused": counts["refused"],
        "percent_of_in_cells": {
            key: percent(value, in_cells)
            for key, value in (
                ("offered", offered),
                ("not_offered", counts["not_offered"]),
                ("unavailable", counts["unavailable"]),
                ("asleep_observed", counts["asleep_observed"]),
                ("denied", counts["denied"]),
            )
        },
        "percent_of_offered": {
            "seen": percent(counts["seen"], offered),
            "refused": percent(counts["refused"], offered),
        },
        "seen_by": seen_by,
        "juveniles": juveniles,
        "vulnerable": vulnerable,
    }


def _counted(query) -> dict[tuple[str, str], int]:
    return {(key, answer): count for key, answer, count in db.session.execute(query)}


def _by_key(keys: list[str], answers: tuple[str, ...], counts: dict) -> dict:
    """Every key with every answer, zero where none was given (answers off the list are not
    counted: the rules never let them in)."""
    return {key: {answer: counts.get((key, answer), 0) for answer in answers} for key in keys}


# What women seen are asked about, counted for them alone ("offered a female officer: x of y").
WOMEN_OFFERED = ("female_officer_offered", "menstrual_products_offered")


def welfare_section(scheme: Scheme, year: int | ReportingPeriod) -> dict:
    """What visitors found: each detainee checklist item over the detainees seen (yes, no,
    unsure, not applicable) and each suite checklist item over the in-person custody visits (ok,
    concern, not checked); and, for women's welfare, the women seen and how many of them were
    offered a female officer and menstrual products (answered yes). The keys are the scheme's
    checklists, retired items included (old visits keep them), each with every answer; an item
    a visit or detainee has no answer for is in none of the counts. One SELECT of conditional
    counts and two GROUP BYs over the answers' (key, answer) pairs, however many visits or
    people."""
    in_year = year_visits(scheme, year, kind="custody_suite")
    labels = {
        kind: {
            item["key"]: item["label"]
            for item in checklists.items(scheme.id, kind, include_retired=True)
        }
        for kind in ("detainee", "suite")
    }
    detainee_keys, suite_keys = list(labels["detainee"]), list(labels["suite"])
    woman = DetaineeEntry.gender == "female"
    women_seen, *offered_to_women = db.session.execute(
        select(
            func.count(case((woman, 1))),
            *(
                func.count(
                    case((and_(woman, DetaineeEntry.observations[key].as_string() == "yes"), 1))
                )
                for key in WOMEN_OFFERED
            ),
        )
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .where(in_year, DetaineeEntry.outcome == "seen")
    ).one()
    offered_female_officer, offered_products = offered_to_women
    observed_pairs = func.json_each(DetaineeEntry.observations).table_valued("key", "value")
    answer = json_text(observed_pairs.c.value)
    observed = _counted(
        select(observed_pairs.c.key, answer, func.count())
        .select_from(DetaineeEntry)
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .join(observed_pairs, true())
        .where(in_year, DetaineeEntry.outcome == "seen")
        .group_by(observed_pairs.c.key, answer)
    )
    checked_pairs = func.json_each(Visit.checks).table_valued("key", "value")
    result = json_member_text(checked_pairs.c.value, "result")
    checked = _counted(
        select(checked_pairs.c.key, result, func.count())
        .select_from(Visit)
        .join(checked_pairs, true())
        .where(in_year)
        .group_by(checked_pairs.c.key, result)
    )
    return {
        "detainee": _by_key(detainee_keys, OBSERVATION_ANSWERS, observed),
        "suite": _by_key(suite_keys, CHECK_RESULTS, checked),
        "women": {
            "seen": women_seen,
            "female_officer_offered": offered_female_officer,
            "menstrual_products_offered": offered_products,
        },
        "labels": labels,
    }


def tact_section(scheme: Scheme, year: int | ReportingPeriod) -> dict:
    """People held under terrorism legislation seen at in-person custody visits: the visits that
    saw one, those seen, and the reports to the Independent Reviewer for those visits, due and
    sent. One aggregate over the entries and one GROUP BY over the reports."""
    in_year = year_visits(scheme, year, kind="custody_suite")
    visits, seen = db.session.execute(
        select(func.count(func.distinct(Visit.id)), func.count(DetaineeEntry.id))
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .where(in_year, DetaineeEntry.tact.is_(True), DetaineeEntry.outcome == "seen")
    ).one()
    reports = dict.fromkeys(TACT_REPORT_STATUSES, 0)
    for status, number in db.session.execute(
        select(TactReport.status, func.count(TactReport.id))
        .join(Visit, TactReport.visit_id == Visit.id)
        .where(in_year)
        .group_by(TactReport.status)
    ):
        reports[status] = number
    return {
        "visits": visits,
        "detainees_seen": seen,
        "reports_due": reports["due"],
        "reports_sent": reports["sent"],
    }


def visit_outcomes(scheme: Scheme, year: int | ReportingPeriod) -> dict:
    """The year's custody visits beyond the targets: remote visits (every submitted one, whatever
    its outcome: they are never in the other figures), and of the in-person ones those curtailed,
    those abandoned by reason (every reason, 0 if none) and those that took place with the
    feedback recorded. One GROUP BY by mode, outcome, reason and whether feedback was given."""
    condition = year_visits(scheme, year, kind="custody_suite", outcomes=None, in_person=False)
    has_feedback = Visit.feedback["summary"].as_string().is_not(None)
    rows = db.session.execute(
        select(Visit.mode, Visit.outcome, Visit.abandon_reason, has_feedback, func.count(Visit.id))
        .where(condition)
        .group_by(Visit.mode, Visit.outcome, Visit.abandon_reason, has_feedback)
    ).all()
    remote = dict.fromkeys(REMOTE_MODES, 0)
    abandoned_by_reason = dict.fromkeys(ABANDON_REASONS, 0)
    curtailed = feedback_recorded = 0
    for mode, outcome, reason, feedback, number in rows:
        if mode in REMOTE_MODES:
            remote[mode] += number
        elif outcome == "abandoned":
            key = reason or "not_recorded"
            abandoned_by_reason[key] = abandoned_by_reason.get(key, 0) + number
        else:
            curtailed += number if outcome == "curtailed" else 0
            feedback_recorded += number if feedback else 0
    return {
        "remote": remote,
        "curtailed": curtailed,
        "abandoned_by_reason": abandoned_by_reason,
        "feedback_recorded": feedback_recorded,
    }


def issue_section(scheme: Scheme, year: int | ReportingPeriod) -> dict:
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
    """One scheme's financial year (or quarter), with the reads several sections share: its
    sites, their targets (one query for every site) and their coverage tables (one query), each
    made once however many sections use them."""

    def __init__(self, scheme: Scheme, fy: ReportingPeriod) -> None:
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
    """Custody visits per suite against the weekly target; abandoned visits apart, by reason;
    curtailed visits (in `total`: they took place) and remote visits (not in it) apart."""
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
        **visit_outcomes(year.scheme, year.fy),
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
    """The animal welfare scheme: dog-unit visits against the monthly target, its grid, and
    what the visitors found (`dog_welfare_figures`)."""
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
        **dog_welfare_figures(year.scheme, year.fy.year),
    }


def dog_welfare_figures(scheme: Scheme, year: int) -> dict:
    """What animal welfare visitors found at the year's dog-unit visits made in person: the
    dogs seen (different dogs, by reference, and checks of a dog), where they were seen, the
    visits that saw a dog in its handler's home kennel, each of the five welfare needs and each
    dog-unit check (the scheme's checklist, retired items included) with its results, and the
    urgent concerns (`urgent_dog_concerns`). Aggregates over the entries and two GROUP BYs over
    the answers' (key, result) pairs, however many dogs."""
    in_year = year_visits(scheme, year, kind="dog_unit")
    at_home = func.count(
        func.distinct(case((DogEntry.location == "home_kennel", DogEntry.visit_id)))
    )
    dogs_seen, dog_checks, home_kennel_visits = db.session.execute(
        select(func.count(func.distinct(func.upper(DogEntry.ref))), func.count(), at_home)
        .select_from(DogEntry)
        .join(Visit, DogEntry.visit_id == Visit.id)
        .where(in_year)
    ).one()
    by_location = dict.fromkeys(DOG_LOCATIONS, 0) | dict(
        db.session.execute(
            select(DogEntry.location, func.count())
            .join(Visit, DogEntry.visit_id == Visit.id)
            .where(in_year)
            .group_by(DogEntry.location)
        ).all()
    )
    need_pairs = func.json_each(DogEntry.needs).table_valued("key", "value")
    need_result = json_member_text(need_pairs.c.value, "result")
    needs = _counted(
        select(need_pairs.c.key, need_result, func.count())
        .select_from(DogEntry)
        .join(Visit, DogEntry.visit_id == Visit.id)
        .join(need_pairs, true())
        .where(in_year)
        .group_by(need_pairs.c.key, need_result)
    )
    check_pairs = func.json_each(Visit.checks).table_valued("key", "value")
    check_result = json_member_text(check_pairs.c.value, "result")
    checks = _counted(
        select(check_pairs.c.key, check_result, func.count())
        .select_from(Visit)
        .join(check_pairs, true())
        .where(in_year)
        .group_by(check_pairs.c.key, check_result)
    )
    labels = {
        item["key"]: item["label"]
        for item in checklists.items(scheme.id, "dog", include_retired=True)
    }
    return {
        "dogs_seen": dogs_seen,
        "dog_checks": dog_checks,
        "by_location": by_location,
        "home_kennel_visits": home_kennel_visits,
        "needs": _by_key(list(WELFARE_NEEDS), CHECK_RESULTS, needs),
        "checks": _by_key(list(labels), CHECK_RESULTS, checks),
        "check_labels": labels,
        "urgent_concerns": urgent_dog_concerns(scheme, year),
    }


def _mean_days(values) -> float | None:
    return None if values is None else round(float(values), 1)


def urgent_dog_concerns(scheme: Scheme, year: int) -> dict:
    """The urgent issues of the year's submitted dog-unit visits (raised by an urgent check, by
    `check_key`, or flagged by the visitors), where they stand, and how quickly they were
    answered: the mean days from being told to the first answer (acknowledged, or resolved
    at once) and to resolution. One aggregate and one GROUP BY."""
    in_year = and_(
        year_visits(scheme, year, kind="dog_unit", outcomes=None, in_person=False),
        Issue.urgent.is_(True),
    )
    told = func.coalesce(Issue.notified_at, Issue.raised_at)
    answered = func.coalesce(Issue.acknowledged_at, Issue.resolved_at)
    total, answered_count, to_answer, to_resolve = db.session.execute(
        select(
            func.count(Issue.id),
            func.count(answered),
            func.avg(days_between(answered, told)),
            func.avg(days_between(Issue.resolved_at, told)),
        )
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_year)
    ).one()
    by_status = dict.fromkeys(ISSUE_STATUSES, 0)
    by_check: dict[str, int] = {}
    for key, status, number in db.session.execute(
        select(Issue.check_key, Issue.status, func.count(Issue.id))
        .join(Visit, Issue.visit_id == Visit.id)
        .where(in_year)
        .group_by(Issue.check_key, Issue.status)
    ):
        by_status[status] += number
        by_check[key or "flagged_by_visitors"] = (
            by_check.get(key or "flagged_by_visitors", 0) + number
        )
    return {
        "total": total,
        "open": by_status["open"],
        "acknowledged": by_status["acknowledged"],
        "resolved": by_status["resolved"],
        "resolved_during_visit": by_status["resolved_during_visit"],
        "answered": answered_count,
        "mean_days_to_answer": _mean_days(to_answer),
        "mean_days_to_resolve": _mean_days(to_resolve),
        "by_check": [{"check": key, "count": n} for key, n in _by_count(by_check)],
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
    cohort["compliance"] = compliance.compliance_counts(scheme, fy)
    return cohort


SECTIONS = {
    "visits": visits_section,
    "access": lambda year: access_section(year.scheme, year.fy),
    "detainees": lambda year: detainee_section(year.scheme, year.fy),
    "hours": hours_section,
    "coverage": coverage_section,
    "issues": lambda year: issue_section(year.scheme, year.fy),
    "welfare": lambda year: welfare_section(year.scheme, year.fy),
    "tact": lambda year: tact_section(year.scheme, year.fy),
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
