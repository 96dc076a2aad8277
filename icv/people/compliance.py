"""Training and meetings: each volunteer against the scheme's minimums, for a financial year.

The scheme sets its minimums (`minimums_of`, from the scheme's columns):

- `min_team_meetings_per_year` (default 2): team meetings attended in the year (activities of
  kind `meeting`, as `POST /meetings` records them).
- `national_training_in_probation` (default on): a training activity dated within the
  volunteer's probation, from joining to appointment (or, still in probation, to the year's
  end). Activities do not say which course they were: the first training in probation is
  taken to be the national one.
- `min_refresher_trainings_per_term` (default 1): training activities since appointment within
  the term's length (three years) up to the year's end: a rolling term, so that a volunteer
  half-way through a renewed term still needs one in the last three years. Applies to
  appointed volunteers only.
- `tact_training_for_tact_visits` (default on): a volunteer who took part in a visit that saw a
  detainee held under terrorism legislation was TACT trained by their first such visit of the
  year. Applies only to those who made such a visit.

A minimum that does not apply to a volunteer (set to 0 or off, or a refresher before
appointment, TACT training without a TACT visit) is `met: null`. The figures are counted in SQL,
one query for the whole list; the annual statistics count the volunteers meeting each.

Who is listed: the scheme's volunteers (visitor role) who were in probation or appointed at
some time in the year: joined by its end, not left before its start, not still applicants or
in vetting.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, or_, select

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months, local_today, zone
from icv.models import Activity, DetaineeEntry, Person, Scheme, Visit
from icv.models.visits import visit_visitor
from icv.people.lifecycle import TERM_MONTHS, is_volunteer

MINIMUMS = (
    "team_meetings",
    "national_training",
    "refresher_training",
    "tact_training",
)
NOT_YET_VOLUNTEERING = ("applicant", "vetting")


@dataclass(frozen=True)
class Minimums:
    team_meetings_per_year: int
    national_training_in_probation: bool
    refresher_trainings_per_term: int
    tact_training_for_tact_visits: bool


def minimums_of(scheme: Scheme) -> Minimums:
    """The scheme's minimums, as its columns hold them (`PATCH /scheme` sets them)."""
    return Minimums(
        team_meetings_per_year=scheme.min_team_meetings_per_year,
        national_training_in_probation=scheme.national_training_in_probation,
        refresher_trainings_per_term=scheme.min_refresher_trainings_per_term,
        tact_training_for_tact_visits=scheme.tact_training_for_tact_visits,
    )


def _count_of(kind: str, *conditions):
    return (
        select(func.count(Activity.id))
        .where(Activity.person_id == Person.id, Activity.kind == kind, *conditions)
        .scalar_subquery()
    )


def _rows(scheme: Scheme, fy: FinancialYear, person_id: int | None = None):
    term_start = add_months(fy.last_day, -TERM_MONTHS) + timedelta(days=1)
    probation_end = func.coalesce(Person.appointed_on, fy.last_day)
    start, end = fy.utc_bounds(scheme.timezone)
    tact_seen = exists().where(
        DetaineeEntry.visit_id == Visit.id,
        DetaineeEntry.tact.is_(True),
        DetaineeEntry.outcome == "seen",
    )
    first_tact_visit = (
        select(func.min(Visit.arrived_at))
        .join(visit_visitor, visit_visitor.c.visit_id == Visit.id)
        .where(
            visit_visitor.c.person_id == Person.id,
            Visit.status == "submitted",
            Visit.arrived_at >= start,
            Visit.arrived_at < end,
            tact_seen,
        )
        .scalar_subquery()
    )
    query = (
        select(
            Person,
            _count_of("meeting", Activity.done_on.between(fy.first_day, fy.last_day)),
            _count_of("training", Activity.done_on.between(Person.joined_on, probation_end)),
            _count_of(
                "training",
                Activity.done_on >= Person.appointed_on,
                Activity.done_on.between(term_start, fy.last_day),
            ),
            first_tact_visit,
        )
        .where(
            Person.scheme_id == scheme.id,
            is_volunteer(),
            Person.status.not_in(NOT_YET_VOLUNTEERING),
            Person.joined_on <= fy.last_day,
            or_(Person.left_on.is_(None), Person.left_on >= fy.first_day),
        )
        .order_by(Person.name, Person.id)
    )
    if person_id is not None:
        query = query.where(Person.id == person_id)
    return db.session.execute(query).all()


def _at_least(actual: int, required: int) -> dict:
    return {"required": required, "actual": actual, "met": actual >= required if required else None}


def _entry(scheme: Scheme, minimums: Minimums, row) -> dict:
    person, meetings, probation_trainings, refresher_trainings, first_tact = row
    national = _at_least(probation_trainings, int(minimums.national_training_in_probation))
    national["due_by"] = person.appointed_on or person.probation_ends_on
    refresher = _at_least(refresher_trainings, minimums.refresher_trainings_per_term)
    if person.appointed_on is None:
        refresher["met"] = None
    first_tact_day = first_tact.astimezone(zone(scheme.timezone)).date() if first_tact else None
    trained = person.tact_trained_on
    tact = {
        "required": minimums.tact_training_for_tact_visits,
        "first_tact_visit_on": first_tact_day,
        "tact_trained_on": trained,
        "met": (
            None
            if first_tact_day is None or not minimums.tact_training_for_tact_visits
            else trained is not None and trained <= first_tact_day
        ),
    }
    entry = {
        "person_id": person.id,
        "name": person.name,
        "status": person.status,
        "team_meetings": _at_least(meetings, minimums.team_meetings_per_year),
        "national_training": national,
        "refresher_training": refresher,
        "tact_training": tact,
    }
    entry["all_met"] = all(entry[name]["met"] is not False for name in MINIMUMS)
    return entry


def compliance(scheme: Scheme, year: int | None = None) -> dict:
    """Each volunteer of the year against the scheme's minimums, by name."""
    fy = FinancialYear(year) if year is not None else FinancialYear.of(local_today(scheme.timezone))
    minimums = minimums_of(scheme)
    return {
        "year": fy.year,
        "label": fy.label,
        "minimums": minimums.__dict__,
        "volunteers": [_entry(scheme, minimums, row) for row in _rows(scheme, fy)],
    }


def compliance_counts(scheme: Scheme, fy: FinancialYear) -> dict:
    """How many of the year's volunteers meet each minimum (and to how many it applies):
    counts only, for the annual statistics that viewers read."""
    minimums = minimums_of(scheme)
    entries = [_entry(scheme, minimums, row) for row in _rows(scheme, fy)]
    counts = {"volunteers": len(entries)}
    for name in MINIMUMS:
        applies = [entry[name]["met"] for entry in entries if entry[name]["met"] is not None]
        counts[name] = {"applies_to": len(applies), "met": sum(applies)}
    counts["all_met"] = sum(entry["all_met"] for entry in entries)
    return counts
