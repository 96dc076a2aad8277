"""The figures of the volunteer cohort of a financial year, and long-service milestones.

Every figure is a SQL aggregate over the status history (`person_status_change`) that
`icv.people.lifecycle` keeps: the status anyone had on any day, and so the cohort of any year.
"""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    extract,
    func,
    or_,
    select,
    true,
)

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months
from icv.common.numbers import percent
from icv.models import Person, PersonStatusChange, Scheme
from icv.people.lifecycle import IN_CHECKS, is_volunteer

SERVING = ("probation", "active")  # the volunteers a cohort counts
ENROLLED = ("probation", "active", "suspended")  # a leaver from these is a leaving volunteer
MILESTONE_EVERY_YEARS = 3
LONG_SERVICE_YEARS = 5

NOT_STATED = "not_stated"
# (age below which, band): ages are those reached in the calendar year the financial year ends.
AGE_BANDS = ((25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54"), (65, "55-64"))
OLDEST_AGE_BAND = "65+"
AGE_BAND_ORDER = (*(band for _, band in AGE_BANDS), OLDEST_AGE_BAND, NOT_STATED)


# Long service ----------------------------------------------------------------------------------


def milestones(scheme: Scheme, year: FinancialYear) -> list[dict]:
    """Who reaches 3, 6, 9, ... years of service (from `joined_on`) within the year.

    A year of April to March holds exactly one anniversary of each joining day; one of
    29 February falls on 28 February in other years. Someone who left before the anniversary
    does not reach it; recruits still in checks have not started serving.
    """
    joined_year = cast(extract("year", Person.joined_on), Integer)
    joined_month = cast(extract("month", Person.joined_on), Integer)
    anniversary_year = case((joined_month >= 4, year.year), else_=year.year + 1)
    years = anniversary_year - joined_year
    rows = db.session.execute(
        select(
            Person.id, Person.name, Person.joined_on, Person.status, Person.left_on, years
        ).where(
            Person.scheme_id == scheme.id,
            is_volunteer(),
            Person.status.not_in(IN_CHECKS),
            years >= MILESTONE_EVERY_YEARS,
            years % MILESTONE_EVERY_YEARS == 0,
            or_(Person.status != "left", Person.left_on >= year.first_day),
        )
    )
    reached = []
    for person_id, name, joined_on, status, left_on, service_years in rows:
        reached_on = add_months(joined_on, 12 * service_years)
        if status == "left" and left_on < reached_on:
            continue
        reached.append(
            {"person_id": person_id, "name": name, "years": service_years, "reached_on": reached_on}
        )
    return sorted(reached, key=lambda item: (item["reached_on"], item["name"], item["person_id"]))


# The cohort of a year --------------------------------------------------------------------------


def _tally(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _statuses_on(scheme_id: int, day: date, *, morning: bool = False):
    """Each volunteer's status at the end of `day` (at its start with `morning`), as a
    subquery (person_id, status): their latest change of status dated by then."""
    dated = (
        PersonStatusChange.effective_on < day if morning else PersonStatusChange.effective_on <= day
    )
    latest = (
        select(
            PersonStatusChange.person_id,
            func.max(PersonStatusChange.id).label("change_id"),
        )
        .join(Person, Person.id == PersonStatusChange.person_id)
        .where(Person.scheme_id == scheme_id, is_volunteer(), dated)
        .group_by(PersonStatusChange.person_id)
        .subquery()
    )
    return (
        select(latest.c.person_id, PersonStatusChange.to_status.label("status"))
        .join(PersonStatusChange, PersonStatusChange.id == latest.c.change_id)
        .subquery()
    )


def _changes_in_year(scheme_id: int, year: FinancialYear, *columns) -> Select:
    """`columns` over the volunteers' changes of status dated within the year."""
    return (
        select(*columns)
        .select_from(PersonStatusChange)
        .join(Person, Person.id == PersonStatusChange.person_id)
        .where(
            Person.scheme_id == scheme_id,
            is_volunteer(),
            PersonStatusChange.effective_on.between(year.first_day, year.last_day),
        )
    )


def _age_band(year: FinancialYear):
    age = year.last_day.year - Person.birth_year
    return case(
        (Person.birth_year.is_(None), NOT_STATED),
        *((age < below, band) for below, band in AGE_BANDS),
        else_=OLDEST_AGE_BAND,
    )


def _counts_of(counts: dict[str, int], order: tuple[str, ...] | None = None) -> dict[str, int]:
    keys = sorted(counts, key=lambda key: (order.index(key) if order else 0, key))
    return {key: counts[key] for key in keys}


def _representation(rows) -> dict[str, dict[str, int]]:
    """`by_home_area`, `by_gender` and `by_age_band` from rows (home_area, gender, age_band,
    count) of one GROUP BY over the three (a few dozen groups, however large the cohort)."""
    counts: dict[str, dict[str, int]] = {"home_area": {}, "gender": {}, "age_band": {}}
    for *values, number in rows:
        for key, value in zip(counts, values, strict=True):
            counts[key][value] = counts[key].get(value, 0) + number
    return {
        "by_home_area": _counts_of(counts["home_area"]),
        "by_gender": _counts_of(counts["gender"]),
        "by_age_band": _counts_of(counts["age_band"], AGE_BAND_ORDER),
    }


SCHEME_ID = bindparam("scheme_id", type_=Integer)


@dataclass(frozen=True)
class CohortQueries:
    tallies: Select  # one row: at_start, at_end, in_probation, suspended, in_checks,
    # long_serving, joined, left, withdrawn
    leavers: Select  # name, left_on, reason
    representation: Select  # home_area, gender, age_band, count


@lru_cache(maxsize=64)
def _cohort_queries(year: FinancialYear) -> CohortQueries:
    """The cohort's three queries for a year, the scheme bound when they run (`SCHEME_ID`).
    Built once per year: building them costs more than the database takes to answer them."""
    start = _statuses_on(SCHEME_ID, year.first_day, morning=True)
    end = _statuses_on(SCHEME_ID, year.last_day)
    long_service_cutoff = add_months(year.last_day, -12 * LONG_SERVICE_YEARS)
    at_start = select(_tally(start.c.status.in_(SERVING)).label("at_start")).select_from(start)
    at_end = (
        select(
            _tally(end.c.status.in_(SERVING)).label("at_end"),
            _tally(end.c.status == "probation").label("in_probation"),
            _tally(end.c.status == "suspended").label("suspended"),
            _tally(end.c.status.in_(IN_CHECKS)).label("in_checks"),
            _tally(and_(end.c.status.in_(SERVING), Person.joined_on < long_service_cutoff)).label(
                "long_serving"
            ),
        )
        .select_from(end)
        .join(Person, Person.id == end.c.person_id)
    )
    change = PersonStatusChange
    started = and_(
        change.to_status.in_(SERVING),
        or_(change.from_status.is_(None), change.from_status == "vetting"),
    )
    leaving = and_(change.to_status == "left", change.from_status.in_(ENROLLED))
    withdrawing = and_(change.to_status == "left", change.from_status.in_(IN_CHECKS))
    moves = _changes_in_year(
        SCHEME_ID,
        year,
        _tally(started).label("joined"),
        _tally(leaving).label("left"),
        _tally(withdrawing).label("withdrawn"),
    )
    # The three one-row tallies side by side, in one round trip.
    first, second, third = (query.subquery() for query in (at_start, at_end, moves))
    tallies = select(*first.c, *second.c, *third.c).select_from(
        first.join(second, true()).join(third, true())
    )
    leavers = (
        _changes_in_year(SCHEME_ID, year, Person.name, change.effective_on, change.leave_reason)
        .where(leaving)
        .order_by(change.effective_on, Person.name, change.id)
    )
    serving_at_end = (
        select(
            func.coalesce(Person.home_area, NOT_STATED).label("home_area"),
            func.coalesce(Person.gender, NOT_STATED).label("gender"),
            _age_band(year).label("age_band"),
        )
        .select_from(end)
        .join(Person, Person.id == end.c.person_id)
        .where(end.c.status.in_(SERVING))
        .subquery()
    )
    columns = (serving_at_end.c.home_area, serving_at_end.c.gender, serving_at_end.c.age_band)
    representation = select(*columns, func.count()).group_by(*columns)
    return CohortQueries(tallies, leavers, representation)


def cohort(scheme: Scheme, year: FinancialYear) -> dict:
    """The volunteer cohort of a financial year, every figure a SQL aggregate of the history.

    - `at_start`: volunteers (visitors in probation or active) as the year began, before any
      change dated on its first day; `at_end`: as it ended. So at_end = at_start + joined - left,
      give or take suspensions (`suspended` counts those suspended at the end).
    - `joined`: people who started serving in the year (probation after vetting, or first
      recorded as serving); `left`: volunteers (probation, active or suspended) who left, with
      `leavers` (name, day, reason); `withdrawn`: recruits who left while still in checks.
    - `in_probation`, `recruits_in_checks` (applicant or vetting): at the year's end.
    - `over_5_years_percent`: the share of `at_end` with more than five years' service on the
      year's last day, to one decimal place (None when there is nobody).
    - `by_home_area`, `by_gender`, `by_age_band`: counts of `at_end`; unknown is `not_stated`.
    """
    queries = _cohort_queries(year)
    scheme_id = {"scheme_id": scheme.id}
    at_start, at_end, in_probation, suspended, in_checks, long_serving, joined, left, withdrawn = (
        db.session.execute(queries.tallies, scheme_id).one()
    )
    leavers = [
        {"name": name, "left_on": left_on, "reason": reason}
        for name, left_on, reason in db.session.execute(queries.leavers, scheme_id)
    ]
    return {
        "year": year.year,
        "label": year.label,
        "at_start": int(at_start),
        "joined": int(joined),
        "left": int(left),
        "leavers": leavers,
        "withdrawn": int(withdrawn),
        "at_end": int(at_end),
        "in_probation": int(in_probation),
        "suspended": int(suspended),
        "recruits_in_checks": int(in_checks),
        "over_5_years_percent": percent(int(long_serving), int(at_end)),
        **_representation(db.session.execute(queries.representation, scheme_id)),
    }
