"""Volunteer hours and their economic value: time at visits plus other volunteering.

A visitor's time at a visit is its departure minus its arrival, to the second, counted for each
visitor of each submitted visit that began in the year (local time). Abandoned visits count: the
visitors went and waited. Activities (training, meetings, other) count on their date. The value
is the exact hours times the scheme's hourly rate, rounded half up to the penny once; hours are
shown to two places. Every sum is a SQL aggregate.
"""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import Select, func, or_, select

from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.sql import seconds_between
from icv.models import Activity, Person, Scheme, Visit, visit_visitor

SECONDS_PER_HOUR = Decimal(3600)
PENNY = Decimal("0.01")


def two_places(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


def figures(visit_seconds, activity_hours, hourly_rate: Decimal) -> dict:
    """Hours and value from the raw sums: seconds at visits and hours of activities."""
    visit_hours = Decimal(int(visit_seconds or 0)) / SECONDS_PER_HOUR
    activity_hours = Decimal(str(activity_hours or 0))
    total = visit_hours + activity_hours
    return {
        "visit_hours": two_places(visit_hours),
        "activity_hours": two_places(activity_hours),
        "volunteer_hours": two_places(total),
        "economic_value": two_places(total * hourly_rate),
    }


def _visit_time(scheme: Scheme, year: FinancialYear, *columns) -> Select:
    """`columns` over each visitor of each submitted visit that began in the year."""
    start, end = year.utc_bounds(scheme.timezone)
    return (
        select(*columns)
        .select_from(visit_visitor)
        .join(Visit, Visit.id == visit_visitor.c.visit_id)
        .where(
            Visit.scheme_id == scheme.id,
            Visit.status == "submitted",
            Visit.departed_at.is_not(None),
            Visit.arrived_at >= start,
            Visit.arrived_at < end,
        )
    )


def _activities_in(scheme: Scheme, year: FinancialYear, *columns) -> Select:
    return select(*columns).where(
        Activity.scheme_id == scheme.id,
        Activity.done_on.between(year.first_day, year.last_day),
    )


def _visit_seconds():
    return func.sum(seconds_between(Visit.departed_at, Visit.arrived_at))


def scheme_hours(scheme: Scheme, year: FinancialYear) -> dict:
    """The scheme's volunteer hours and their value in the year (a report's headline)."""
    visit_seconds, activity_hours = db.session.execute(
        select(
            _visit_time(scheme, year, _visit_seconds()).scalar_subquery(),
            _activities_in(scheme, year, func.sum(Activity.hours)).scalar_subquery(),
        )
    ).one()
    return {
        "year": year.year,
        "label": year.label,
        "hourly_rate": scheme.hourly_rate,
        **figures(visit_seconds, activity_hours, scheme.hourly_rate),
    }


def hours_by_person(scheme: Scheme, year: FinancialYear) -> list[dict]:
    """Each volunteer's visits, hours and their value in the year, by name. The values are
    rounded person by person, so they may add up to a penny or two off the scheme's total."""
    at_visits = (
        _visit_time(
            scheme,
            year,
            visit_visitor.c.person_id,
            func.count(Visit.id).label("visits"),
            _visit_seconds().label("seconds"),
        )
        .group_by(visit_visitor.c.person_id)
        .subquery()
    )
    at_activities = (
        _activities_in(scheme, year, Activity.person_id, func.sum(Activity.hours).label("hours"))
        .group_by(Activity.person_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Person.id, Person.name, at_visits.c.visits, at_visits.c.seconds, at_activities.c.hours
        )
        .select_from(Person)
        .outerjoin(at_visits, at_visits.c.person_id == Person.id)
        .outerjoin(at_activities, at_activities.c.person_id == Person.id)
        .where(
            Person.scheme_id == scheme.id,
            or_(at_visits.c.person_id.is_not(None), at_activities.c.person_id.is_not(None)),
        )
        .order_by(Person.name, Person.id)
    )
    return [
        {
            "person_id": person_id,
            "name": name,
            "visits": int(visits or 0),
            **figures(seconds, hours, scheme.hourly_rate),
        }
        for person_id, name, visits, seconds, hours in rows
    ]
