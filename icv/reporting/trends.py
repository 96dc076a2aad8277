"""The report's figures over the course of a year, beside the annual statistics (`annual.py`):
custody visits per month against the weekly target, how quickly the force answered issues,
volunteers serving at each month's end, and the force's recorded responses to the main themes.
Each is an SQL aggregate over the records; months and quarters are the scheme's local ones,
bounded by UTC instants so both SQLite and PostgreSQL bucket alike.
"""

from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months, local_midnight
from icv.common.errors import DomainError
from icv.common.sql import days_between
from icv.models import Activity, Issue, Person, PersonStatusChange, Scheme, Site, Visit
from icv.people.cohort import SERVING
from icv.people.lifecycle import is_volunteer
from icv.reporting.annual import SchemeYear, year_visits
from icv.scheduling.targets import required_periods

MONTHS = 12


class NoRecords(DomainError):
    """A year nothing has been recorded in: its report would be a page of zeros (404)."""

    status = 404

    def __init__(self, year: int):
        label = FinancialYear(year).label
        super().__init__(
            f"No records for {label}: no visit, activity or change of a volunteer's status has "
            "been recorded in that financial year yet.",
            {"year": [f"No records for {label}."]},
        )


def has_records(scheme: Scheme, year: int) -> bool:
    """Whether anything was recorded in the year: a submitted visit (any site, mode or outcome),
    a volunteer's activity, or a change of a volunteer's status. One EXISTS query."""
    fy = FinancialYear(year)
    visited = exists().where(year_visits(scheme, year, outcomes=None, in_person=False))
    active = exists().where(
        Activity.scheme_id == scheme.id, Activity.done_on.between(fy.first_day, fy.last_day)
    )
    changed = exists().where(
        PersonStatusChange.person_id == Person.id,
        Person.scheme_id == scheme.id,
        PersonStatusChange.effective_on.between(fy.first_day, fy.last_day),
    )
    return bool(db.session.scalar(select(or_(visited, active, changed))))


def has_visits(scheme: Scheme, year: int) -> bool:
    """Whether any visit was submitted in the year: the figures a comparison compares."""
    return bool(
        db.session.scalar(
            select(exists().where(year_visits(scheme, year, outcomes=None, in_person=False)))
        )
    )


def month_starts(fy: FinancialYear) -> list[date]:
    return [add_months(fy.first_day, n) for n in range(MONTHS)]


def month_labels(fy: FinancialYear) -> list[str]:
    return [day.strftime("%b %Y") for day in month_starts(fy)]


def _month_of(column, fy: FinancialYear, timezone: str):
    """The month (0-11) of the year an instant falls in, as a SQL CASE over local midnights."""
    starts = [local_midnight(day, timezone) for day in month_starts(fy)[1:]]
    return case(*((column < start, n) for n, start in enumerate(starts)), else_=MONTHS - 1)


def visits_by_month(year: SchemeYear) -> list[dict]:
    """Custody visits made in person in each month, against the target: the weekly periods of
    the open suites that start in that month (a week belongs to the month of its Monday)."""
    scheme, fy = year.scheme, year.fy
    month = _month_of(Visit.arrived_at, fy, scheme.timezone)
    counts = dict(
        db.session.execute(
            select(month, func.count(Visit.id))
            .where(year_visits(scheme, fy.year, kind="custody_suite"))
            .group_by(month)
        ).all()
    )
    targets = [0] * MONTHS
    for site in year.sites:
        if site.kind != "custody_suite":
            continue
        for period in required_periods(site, fy):
            months = (period.starts_on.year - fy.year) * 12 + period.starts_on.month - 4
            targets[months] += 1
    return [
        {"month": label, "visits": counts.get(n, 0), "target": targets[n]}
        for n, label in enumerate(month_labels(fy))
    ]


# How long the force took: bands of days, from being told (raised) to the answer.
RESPONSE_BANDS = (
    (1, "Within a day"),
    (3, "1-3 days"),
    (7, "3-7 days"),
    (14, "1-2 weeks"),
    (28, "2-4 weeks"),
    (None, "Over 4 weeks"),
)
NOT_YET = "Not yet"


def _band(days):
    return case(
        (days.is_(None), NOT_YET),
        *((days < limit, label) for limit, label in RESPONSE_BANDS if limit is not None),
        else_=RESPONSE_BANDS[-1][1],
    )


def response_times(scheme: Scheme, year: int) -> dict:
    """Issues the custody team had to answer (not put right during the visit), raised at the
    year's visits, by the days from being raised to being acknowledged (or resolved at once)
    and to being resolved, in bands, with the mean days. One GROUP BY and one aggregate."""
    told = Issue.raised_at
    to_acknowledge = days_between(func.coalesce(Issue.acknowledged_at, Issue.resolved_at), told)
    to_resolve = days_between(Issue.resolved_at, told)
    condition = and_(
        year_visits(scheme, year, outcomes=None, in_person=False),
        Issue.resolved_during_visit.is_(False),
        told.is_not(None),
    )
    labels = [label for _, label in RESPONSE_BANDS] + [NOT_YET]
    figures = {"bands": labels}
    for name, days in (("acknowledge", to_acknowledge), ("resolve", to_resolve)):
        band = _band(days)
        counts = dict(
            db.session.execute(
                select(band, func.count(Issue.id))
                .join(Visit, Issue.visit_id == Visit.id)
                .where(condition)
                .group_by(band)
            ).all()
        )
        mean = db.session.scalar(
            select(func.avg(days)).join(Visit, Issue.visit_id == Visit.id).where(condition)
        )
        figures[name] = {
            "counts": [counts.get(label, 0) for label in labels],
            "mean_days": None if mean is None else round(float(mean), 1),
        }
    figures["total"] = sum(figures["acknowledge"]["counts"])
    return figures


def cohort_by_month(scheme: Scheme, fy: FinancialYear) -> list[dict]:
    """Volunteers serving (in probation or active) at the end of each month of the year: each
    volunteer's latest change of status dated by then. One query of twelve counts."""
    ends = [add_months(day, 1) for day in month_starts(fy)]
    counted = []
    for n, end in enumerate(ends):
        latest = (
            select(func.max(PersonStatusChange.id))
            .join(Person, Person.id == PersonStatusChange.person_id)
            .where(
                Person.scheme_id == scheme.id, is_volunteer(), PersonStatusChange.effective_on < end
            )
            .group_by(PersonStatusChange.person_id)
        )
        counted.append(
            select(literal(n).label("month"), func.count().label("serving")).where(
                PersonStatusChange.id.in_(latest), PersonStatusChange.to_status.in_(SERVING)
            )
        )
    serving = dict(db.session.execute(union_all(*counted)).all())
    return [
        {"month": label, "serving": serving.get(n, 0)} for n, label in enumerate(month_labels(fy))
    ]


RESPONSES_PER_THEME = 3


def theme_responses(scheme: Scheme, year: int, categories: list[dict], themes: int = 2) -> list:
    """The force's recorded responses to the year's main themes (the categories most reported):
    the latest few answered issues of each, with the site and when it was answered."""
    quoted = []
    for theme in categories[:themes]:
        answered_at = func.coalesce(Issue.resolved_at, Issue.acknowledged_at)
        rows = db.session.execute(
            select(Issue.response, Site.name, answered_at, Issue.status)
            .join(Visit, Issue.visit_id == Visit.id)
            .join(Site, Issue.site_id == Site.id)
            .where(
                year_visits(scheme, year, outcomes=None, in_person=False),
                Issue.category == theme["category"],
                Issue.response.is_not(None),
                Issue.response != "",
            )
            .order_by(answered_at.desc(), Issue.id.desc())
            .limit(RESPONSES_PER_THEME)
        ).all()
        quoted.append(
            {
                **theme,
                "responses": [
                    {
                        "text": text,
                        "site": site,
                        "answered_on": when.date().isoformat() if when else None,
                        "status": status,
                    }
                    for text, site, when, status in rows
                ],
            }
        )
    return quoted
