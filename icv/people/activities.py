"""Time volunteers give besides visits: training, team meetings and other volunteering.

A team meeting (the quarterly one with the manager and the force's custody inspector) is
recorded once with its attendees: each attendee's time is an activity of kind `meeting` linked
to it, so volunteer hours stay one SUM over activities. Only volunteers' (visitors') time is
recorded here: staff at a meeting give paid time, not volunteer hours.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import Select, func, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear, local_today
from icv.common.errors import NotFound, Problems
from icv.models import Activity, Meeting, Person, PersonStatusChange, Scheme
from icv.sync import tombstones

MAX_HOURS = Decimal(24)


def activities_query(
    person: Person,
    *,
    person_id: int | None = None,
    year: int | None = None,
    kind: str | None = None,
) -> Select:
    """The activities `person` may see, the latest first, narrowed to a person, a financial
    year, a kind."""
    query = visibility.visible_activities(person)
    if person_id is not None:
        query = query.where(Activity.person_id == person_id)
    if year is not None:
        fy = FinancialYear(year)
        query = query.where(Activity.done_on.between(fy.first_day, fy.last_day))
    if kind:
        query = query.where(Activity.kind == kind)
    return query.order_by(Activity.done_on.desc(), Activity.id.desc())


def meetings_query(scheme_id: int, *, year: int | None = None) -> Select:
    query = select(Meeting).where(Meeting.scheme_id == scheme_id)
    if year is not None:
        fy = FinancialYear(year)
        query = query.where(Meeting.held_on.between(fy.first_day, fy.last_day))
    return query.order_by(Meeting.held_on.desc(), Meeting.id.desc())


def get_meeting(scheme_id: int, meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or meeting.scheme_id != scheme_id:
        raise NotFound("meeting")
    return meeting


# Rules ---------------------------------------------------------------------------------------


def _check_day_and_hours(day: date, hours: Decimal, today: date, problems: Problems) -> None:
    if day > today:
        problems.add("date", "Cannot be in the future.")
    if not Decimal(0) < hours <= MAX_HOURS:
        problems.add("hours", "Must be more than 0 and at most 24.")
    elif hours.as_tuple().exponent < -2:
        problems.add("hours", "At most two decimal places.")


def _first_recorded(person_ids: list[int]) -> dict[int, date]:
    """The day each person first came to the scheme: their earliest recorded status."""
    return dict(
        db.session.execute(
            select(PersonStatusChange.person_id, func.min(PersonStatusChange.effective_on))
            .where(PersonStatusChange.person_id.in_(person_ids))
            .group_by(PersonStatusChange.person_id)
        ).all()
    )


def _volunteers(
    scheme: Scheme, person_ids: list[int], day: date, field: str, problems: Problems
) -> list[Person]:
    """The volunteers named, each one checked: of the scheme, a visitor, with the scheme then."""
    if len(set(person_ids)) != len(person_ids):
        problems.add(field, "A person is listed twice.")
    found = {
        person.id: person
        for person in db.session.scalars(
            select(Person).where(Person.scheme_id == scheme.id, Person.id.in_(person_ids))
        )
    }
    if len(found) != len(set(person_ids)):
        problems.add(field, "Unknown person.")
    first_recorded = _first_recorded(list(found))
    for person in found.values():
        came_on = min(first_recorded.get(person.id, person.joined_on), person.joined_on)
        if not person.has_role("visitor"):
            problems.add(field, f"{person.name} is not a volunteer (visitor).")
        elif person.status == "left" and person.left_on is not None and day > person.left_on:
            problems.add(field, f"{person.name} had left by {day.isoformat()}.")
        elif day < came_on:
            problems.add(field, f"{person.name} had not come to the scheme by {day.isoformat()}.")
    return [found[person_id] for person_id in sorted(found)]


# Writing -------------------------------------------------------------------------------------


def _activity_audit(activity: Activity) -> dict:
    return {
        "person_id": activity.person_id,
        "kind": activity.kind,
        "date": activity.done_on,
        "hours": activity.hours,
    }


def _meeting_audit(meeting: Meeting) -> dict:
    return {"date": meeting.held_on, "hours": meeting.hours, "attendee_ids": meeting.attendee_ids}


def record_activity(scheme: Scheme, actor: Person | None, data: dict) -> Activity:
    problems = Problems()
    _check_day_and_hours(data["date"], data["hours"], local_today(scheme.timezone), problems)
    _volunteers(scheme, [data["person_id"]], data["date"], "person_id", problems)
    problems.raise_if_any()
    activity = Activity(
        scheme_id=scheme.id,
        person_id=data["person_id"],
        kind=data["kind"],
        done_on=data["date"],
        hours=data["hours"],
        notes=data.get("notes"),
        recorded_by_id=actor.id if actor else None,
    )
    db.session.add(activity)
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "activity",
        activity.id,
        "create",
        _activity_audit(activity),
    )
    db.session.commit()
    return activity


def delete_activity(activity: Activity, actor: Person | None) -> None:
    """Takes back an activity recorded in error (for a meeting: that one attendance)."""
    audit.record(
        activity.scheme_id,
        actor,
        "activity",
        activity.id,
        "delete",
        _activity_audit(activity),
    )
    tombstones.bury(activity.scheme_id, "activity", [activity.id])
    db.session.delete(activity)
    db.session.commit()


def record_meeting(scheme: Scheme, actor: Person | None, data: dict) -> Meeting:
    """A team meeting once, with an activity of kind `meeting` for each attendee."""
    problems = Problems()
    day, hours = data["date"], data["hours"]
    _check_day_and_hours(day, hours, local_today(scheme.timezone), problems)
    attendees = _volunteers(scheme, data["attendee_ids"], day, "attendee_ids", problems)
    problems.raise_if_any()
    recorded_by_id = actor.id if actor else None
    meeting = Meeting(
        scheme_id=scheme.id,
        held_on=day,
        hours=hours,
        notes=data.get("notes"),
        recorded_by_id=recorded_by_id,
    )
    meeting.attendances = [
        Activity(
            scheme_id=scheme.id,
            person_id=person.id,
            kind="meeting",
            done_on=day,
            hours=hours,
            notes=data.get("notes"),
            recorded_by_id=recorded_by_id,
        )
        for person in attendees
    ]
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "meeting",
        meeting.id,
        "create",
        _meeting_audit(meeting),
    )
    db.session.commit()
    return meeting


def delete_meeting(meeting: Meeting, actor: Person | None) -> None:
    """Takes back a meeting recorded in error, with every attendance."""
    audit.record(
        meeting.scheme_id,
        actor,
        "meeting",
        meeting.id,
        "delete",
        _meeting_audit(meeting),
    )
    tombstones.bury(meeting.scheme_id, "meeting", [meeting.id])
    tombstones.bury(meeting.scheme_id, "activity", [row.id for row in meeting.attendances])
    db.session.delete(meeting)
    db.session.commit()
