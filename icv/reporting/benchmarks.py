"""Cross-scheme benchmarks: ten indicators of each scheme that opted in, compared fairly.

Only schemes with `benchmarking` contribute, and only they see comparisons (`for_scheme`): their
own value of each indicator, the median and quartiles of the participating schemes, their rank
and how many took part, and never another scheme's name or id. The national body
(`for_national_body`) reads each participating scheme's values, named only where the scheme
agreed (`benchmarking_named`), otherwise under a label ("Scheme A") drawn afresh for each answer.

Every indicator is worked out from SQL aggregates over all participating schemes at once: a
fixed number of statements however many schemes take part (one set per time zone the schemes
keep, since a year's bounds are local midnights; in practice one). What is done in Python is
arithmetic on those aggregates (a share, entropy of a 35-cell table, the quartiles of one value
per scheme). The figures have the annual statistics' definitions:

- `weekly_targets_met`: weeks in which each open custody suite had an in-person visit that took
  place, as a share of the weeks it was due one (`icv.scheduling.targets`, all suites pooled);
- `immediate_access`: in-person custody visits with access in 5 minutes or less, of those with
  an access time;
- `offered_of_in_cells` and `seen_of_offered`: the detainee figures' two headline shares;
- `issues_per_100_seen`: issues raised at the year's custody visits per 100 detainees seen;
- `median_days_to_acknowledge`: of the issues not put right during the visit and acknowledged
  (as `icv.visits.issues.summary`);
- `uncovered_slots_per_suite` and `timeslot_entropy_share`: over the custody suites due visits
  in the year, the slots of the 35 with no visit, and the entropy of the slot table as a share
  of its maximum (log2 35), each averaged over the suites;
- `volunteers_per_suite`: volunteers serving (probation or active) at the year's end per suite;
- `hours_per_visit`: visitors' hours at the in-person custody visits that took place, per visit.

A share is a percentage to one decimal place; an indicator a scheme has no data for (no
detainees seen, no suites) is null and takes no part in that indicator's figures. With fewer
than `MIN_PARTICIPANTS` schemes giving a value, a scheme's comparison shows no median, quartiles
or rank: with two, the median would give the other scheme's value away.
"""

import math
import secrets
import statistics
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Integer, and_, bindparam, case, cast, func, select
from sqlalchemy.orm import selectinload

from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.errors import Conflict
from icv.common.numbers import percent
from icv.common.sql import days_between, seconds_between
from icv.models import (
    REMOTE_MODES,
    DetaineeEntry,
    Issue,
    Person,
    PersonStatusChange,
    Scheme,
    Site,
    Visit,
    visit_visitor,
)
from icv.people.cohort import SERVING
from icv.people.lifecycle import is_volunteer
from icv.reporting.annual import TOOK_PLACE
from icv.scheduling import targets
from icv.scheduling.coverage import entropy_bits
from icv.sites.grids import grid_for

MIN_PARTICIPANTS = 3
CUSTODY = "custody_suite"


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    better: str  # higher | lower: which end ranks first


INDICATORS = (
    Indicator("weekly_targets_met", "Share of weekly targets met (%)", "higher"),
    Indicator("immediate_access", "Share of visits with immediate access (%)", "higher"),
    Indicator("offered_of_in_cells", "Share of detainees in cells offered a visit (%)", "higher"),
    Indicator("seen_of_offered", "Share of those offered who were seen (%)", "higher"),
    Indicator("issues_per_100_seen", "Issues per 100 detainees seen", "higher"),
    Indicator("median_days_to_acknowledge", "Median days to acknowledge an issue", "lower"),
    Indicator("uncovered_slots_per_suite", "Uncovered timeslots per suite", "lower"),
    Indicator("timeslot_entropy_share", "Timeslot entropy, share of the maximum (%)", "higher"),
    Indicator("volunteers_per_suite", "Volunteers per suite", "higher"),
    Indicator("hours_per_visit", "Visitor hours per visit", "higher"),
)
INDICATOR_KEYS = tuple(indicator.key for indicator in INDICATORS)

SCHEME_IDS = bindparam("scheme_ids", expanding=True)


def _ratio(numerator, denominator, places: int = 2) -> float | None:
    return round(numerator / denominator, places) if denominator else None


# What SQL counts, per scheme -----------------------------------------------------------------


def _participants() -> list[Scheme]:
    return list(db.session.scalars(select(Scheme).where(Scheme.benchmarking).order_by(Scheme.id)))


def _suites(scheme_ids: list[int]) -> list[Site]:
    """The participants' custody suites with their status histories (two statements)."""
    return list(
        db.session.scalars(
            select(Site)
            .where(Site.scheme_id.in_(scheme_ids), Site.kind == CUSTODY)
            .options(selectinload(Site.status_history))
            .order_by(Site.id)
        )
    )


def _visits_in(fy: FinancialYear, timezone: str, *, took_place: bool = True):
    """The submitted custody visits of the participants of one time zone that arrived in the
    year: in person and took place, unless `took_place` is False (then every one)."""
    start, end = fy.utc_bounds(timezone)
    conditions = [
        Visit.scheme_id.in_(SCHEME_IDS),
        Visit.status == "submitted",
        Visit.arrived_at >= start,
        Visit.arrived_at < end,
        Visit.site_id.in_(select(Site.id).where(Site.kind == CUSTODY)),
    ]
    if took_place:
        conditions += [Visit.outcome.in_(TOOK_PLACE), Visit.mode.not_in(REMOTE_MODES)]
    return and_(*conditions)


def _tally(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _by_scheme(statement, scheme_ids: list[int]) -> dict[int, tuple]:
    return {
        row[0]: tuple(row[1:]) for row in db.session.execute(statement, {"scheme_ids": scheme_ids})
    }


def _visit_figures(fy, timezone, scheme_ids):
    """Per scheme: visits, those with an access time, those immediate."""
    return _by_scheme(
        select(
            Visit.scheme_id,
            func.count(Visit.id),
            _tally(Visit.access.is_not(None)),
            _tally(Visit.access == "immediate"),
        )
        .where(_visits_in(fy, timezone))
        .group_by(Visit.scheme_id),
        scheme_ids,
    )


def _visitor_seconds(fy, timezone, scheme_ids):
    return _by_scheme(
        select(Visit.scheme_id, func.sum(seconds_between(Visit.departed_at, Visit.arrived_at)))
        .select_from(visit_visitor)
        .join(Visit, Visit.id == visit_visitor.c.visit_id)
        .where(_visits_in(fy, timezone), Visit.departed_at.is_not(None))
        .group_by(Visit.scheme_id),
        scheme_ids,
    )


def _detainee_figures(fy, timezone, scheme_ids):
    """Per scheme: people in cells, offered (seen or refused), seen."""
    return _by_scheme(
        select(
            Visit.scheme_id,
            func.count(DetaineeEntry.id),
            _tally(DetaineeEntry.outcome.in_(("seen", "refused"))),
            _tally(DetaineeEntry.outcome == "seen"),
        )
        .join(Visit, DetaineeEntry.visit_id == Visit.id)
        .where(_visits_in(fy, timezone))
        .group_by(Visit.scheme_id),
        scheme_ids,
    )


def _issue_counts(fy, timezone, scheme_ids):
    return _by_scheme(
        select(Visit.scheme_id, func.count(Issue.id))
        .join(Visit, Issue.visit_id == Visit.id)
        .where(_visits_in(fy, timezone, took_place=False))
        .group_by(Visit.scheme_id),
        scheme_ids,
    )


def _median_days_to_acknowledge(fy, timezone, scheme_ids):
    """Per scheme, the median in SQL: each scheme's days numbered in order, then the middle one
    or two averaged (window functions, on either database)."""
    days = days_between(Issue.acknowledged_at, Issue.raised_at)
    start, end = fy.utc_bounds(timezone)
    numbered = (
        select(
            Issue.scheme_id.label("scheme_id"),
            days.label("days"),
            func.row_number().over(partition_by=Issue.scheme_id, order_by=days).label("n"),
            func.count().over(partition_by=Issue.scheme_id).label("of"),
        )
        .join(Visit, Issue.visit_id == Visit.id)
        .where(
            Issue.scheme_id.in_(SCHEME_IDS),
            Visit.status == "submitted",
            Visit.arrived_at >= start,
            Visit.arrived_at < end,
            Issue.resolved_during_visit.is_(False),
            Issue.acknowledged_at.is_not(None),
            Issue.raised_at.is_not(None),
        )
        .subquery()
    )
    middle = numbered.c.n.in_(
        [cast((numbered.c.of + 1) / 2, Integer), cast((numbered.c.of + 2) / 2, Integer)]
    )
    return _by_scheme(
        select(numbered.c.scheme_id, func.avg(numbered.c.days))
        .where(middle)
        .group_by(numbered.c.scheme_id),
        scheme_ids,
    )


def _slot_counts(fy, timezone, scheme_ids) -> dict[int, dict[tuple[int, int], int]]:
    """Per suite, visits by slot of its grid."""
    rows = db.session.execute(
        select(Visit.site_id, Visit.slot_day, Visit.slot_band, func.count(Visit.id))
        .where(_visits_in(fy, timezone), Visit.slot_day.is_not(None))
        .group_by(Visit.site_id, Visit.slot_day, Visit.slot_band),
        {"scheme_ids": scheme_ids},
    )
    slots: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    for site_id, day, band, number in rows:
        slots[site_id][(day, band)] = number
    return slots


def _volunteers_at_end(fy: FinancialYear, scheme_ids: list[int]) -> dict[int, int]:
    """Per scheme, volunteers serving at the end of the year's last day (as the cohort's
    `at_end`): each volunteer's latest change of status dated by then."""
    latest = (
        select(func.max(PersonStatusChange.id).label("change_id"))
        .join(Person, Person.id == PersonStatusChange.person_id)
        .where(
            Person.scheme_id.in_(SCHEME_IDS),
            is_volunteer(),
            PersonStatusChange.effective_on <= fy.last_day,
        )
        .group_by(PersonStatusChange.person_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Person.scheme_id, func.count())
        .select_from(latest)
        .join(PersonStatusChange, PersonStatusChange.id == latest.c.change_id)
        .join(Person, Person.id == PersonStatusChange.person_id)
        .where(PersonStatusChange.to_status.in_(SERVING))
        .group_by(Person.scheme_id),
        {"scheme_ids": scheme_ids},
    )
    return dict(rows.all())


# Indicators of each participating scheme -----------------------------------------------------


def scheme_values(year: int) -> list[tuple[Scheme, dict[str, float | None]]]:
    """Each participating scheme with its indicators for the year, by scheme id."""
    fy = FinancialYear(year)
    schemes = _participants()
    if not schemes:
        return []
    ids = [scheme.id for scheme in schemes]
    suites = _suites(ids)
    volunteers = _volunteers_at_end(fy, ids)
    by_zone: dict[str, list[int]] = defaultdict(list)
    for scheme in schemes:
        by_zone[scheme.timezone].append(scheme.id)
    figures: dict[str, dict] = defaultdict(dict)
    tallies, slots = {}, {}
    for zone, zone_ids in by_zone.items():
        zone_suites = [suite for suite in suites if suite.scheme_id in set(zone_ids)]
        if zone_suites:
            tallies.update(targets.tally(zone_suites, fy, zone))
        slots.update(_slot_counts(fy, zone, zone_ids))
        for name, read in (
            ("visits", _visit_figures),
            ("seconds", _visitor_seconds),
            ("detainees", _detainee_figures),
            ("issues", _issue_counts),
            ("days", _median_days_to_acknowledge),
        ):
            figures[name].update(read(fy, zone, zone_ids))
    suites_of: dict[int, list[Site]] = defaultdict(list)
    required: dict[int, list] = {}
    for suite in suites:
        required[suite.id] = targets.required_periods(suite, fy)
        if required[suite.id]:
            suites_of[suite.scheme_id].append(suite)
    return [
        (
            scheme,
            _indicators(
                scheme.id,
                suites_of[scheme.id],
                {suite.id: required[suite.id] for suite in suites_of[scheme.id]},
                tallies,
                slots,
                figures,
                volunteers.get(scheme.id, 0),
            ),
        )
        for scheme in schemes
    ]


def _indicators(scheme_id, suites, required, tallies, slots, figures, volunteers) -> dict:
    """The ten indicators of one scheme from the aggregates: `suites` are those due visits in
    the year, `required` their due weeks."""
    visits, with_access, immediate = figures["visits"].get(scheme_id, (0, 0, 0))
    (seconds,) = figures["seconds"].get(scheme_id, (0,))
    in_cells, offered, seen = figures["detainees"].get(scheme_id, (0, 0, 0))
    (issues,) = figures["issues"].get(scheme_id, (0,))
    (median_days,) = figures["days"].get(scheme_id, (None,))
    weeks_due = sum(len(weeks) for weeks in required.values())
    weeks_met = sum(
        1
        for suite in suites
        for week in required[suite.id]
        if week.starts_on in tallies[suite.id].met
    )
    grid_slots = {suite.id: grid_for(suite.kind).slots for suite in suites}
    uncovered = [
        sum(1 for slot in grid_slots[suite.id] if slot not in slots.get(suite.id, {}))
        for suite in suites
    ]
    entropy_shares = [
        entropy_bits(slots.get(suite.id, {}).values()) / math.log2(len(grid_slots[suite.id]))
        for suite in suites
    ]
    return {
        "weekly_targets_met": percent(weeks_met, weeks_due),
        "immediate_access": percent(int(immediate), int(with_access)),
        "offered_of_in_cells": percent(int(offered), int(in_cells)),
        "seen_of_offered": percent(int(seen), int(offered)),
        "issues_per_100_seen": _ratio(100 * int(issues), int(seen), 1),
        "median_days_to_acknowledge": None if median_days is None else round(float(median_days), 1),
        "uncovered_slots_per_suite": _ratio(sum(uncovered), len(suites), 1),
        "timeslot_entropy_share": (
            round(100 * sum(entropy_shares) / len(suites), 1) if suites else None
        ),
        "volunteers_per_suite": _ratio(volunteers, len(suites), 1),
        "hours_per_visit": _ratio(int(seconds or 0) / 3600, int(visits), 2),
    }


# Comparisons ---------------------------------------------------------------------------------


def distribution(values: list[float]) -> dict:
    """Median and quartiles (inclusive method: the middle of the values, then of each half)."""
    if not values:
        return {"median": None, "lower_quartile": None, "upper_quartile": None}
    if len(values) == 1:
        return dict.fromkeys(("median", "lower_quartile", "upper_quartile"), values[0])
    lower, median, upper = statistics.quantiles(values, n=4, method="inclusive")
    return {
        "median": round(median, 2),
        "lower_quartile": round(lower, 2),
        "upper_quartile": round(upper, 2),
    }


def rank_of(value: float, values: list[float], better: str) -> int:
    """1 + the number of values strictly better: equal values share a rank."""
    if better == "higher":
        return 1 + sum(1 for other in values if other > value)
    return 1 + sum(1 for other in values if other < value)


def _values_of(rows, key: str) -> list[float]:
    return [values[key] for _, values in rows if values[key] is not None]


def for_scheme(scheme: Scheme, year: int) -> dict:
    """The scheme's comparison: for each indicator its value, the participants' median and
    quartiles, its rank and how many schemes gave a value. A scheme that has not opted in is
    refused (409): it neither contributes nor sees."""
    if not scheme.benchmarking:
        raise Conflict(
            "Your scheme takes no part in benchmarks: opt in (PATCH /scheme "
            '{"benchmarking": true}, a manager) to contribute and see the comparison.',
            {"benchmarking": ["Opt in to see benchmarks."]},
        )
    rows = scheme_values(year)
    own = next(values for participant, values in rows if participant.id == scheme.id)
    indicators = []
    for indicator in INDICATORS:
        values = _values_of(rows, indicator.key)
        value = own[indicator.key]
        shown = len(values) >= MIN_PARTICIPANTS
        indicators.append(
            {
                "key": indicator.key,
                "label": indicator.label,
                "better": indicator.better,
                "value": value,
                **(distribution(values) if shown else distribution([])),
                "rank": rank_of(value, values, indicator.better)
                if shown and value is not None
                else None,
                "participants": len(values),
            }
        )
    fy = FinancialYear(year)
    return {
        "year": year,
        "label": fy.label,
        "participants": len(rows),
        "min_participants": MIN_PARTICIPANTS,
        "indicators": indicators,
    }


def unnamed_label(index: int) -> str:
    """ "Scheme A" ... "Scheme Z", "Scheme AA" ...: spreadsheet column letters."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"Scheme {letters}"


def for_national_body(year: int) -> dict:
    """Every participating scheme's indicators, named where it agreed; the others under labels
    drawn at random for this answer (so a label says nothing of a scheme's id or of the last
    answer), and the participants' median and quartiles of each indicator."""
    rows = scheme_values(year)
    named = sorted(
        ((scheme.name, values) for scheme, values in rows if scheme.benchmarking_named),
        key=lambda item: item[0],
    )
    unnamed = [values for scheme, values in rows if not scheme.benchmarking_named]
    secrets.SystemRandom().shuffle(unnamed)
    schemes = [{"scheme": name, "named": True, "values": values} for name, values in named] + [
        {"scheme": unnamed_label(index), "named": False, "values": values}
        for index, values in enumerate(unnamed)
    ]
    return {
        "year": year,
        "label": FinancialYear(year).label,
        "participants": len(rows),
        "indicators": [
            {
                "key": indicator.key,
                "label": indicator.label,
                "better": indicator.better,
                "participants": len(_values_of(rows, indicator.key)),
                **distribution(_values_of(rows, indicator.key)),
            }
            for indicator in INDICATORS
        ],
        "schemes": schemes,
    }
