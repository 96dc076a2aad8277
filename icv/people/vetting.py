"""Vetting: each volunteer's vetting expires on a date, after which they may not visit.

`vetting_expires_on` is the last day the vetting is valid: a visitor is lapsed on any later day.
No date recorded means no expiry is known, and bars nobody (records kept before expiry dates
were recorded keep their meaning).

The managers are reminded 60 and 30 days before a volunteer's vetting expires, in their inbox
and by email, by `send_reminders` (the `icv reminders` command, run once a day by cron). Each
reminder goes once per person and expiry date (`VettingReminder` keeps what was sent); a new
expiry date gets its own reminders. When the command did not run on the day a reminder fell due,
the next run sends it late; if a later reminder is due by then as well, only that one goes (one
message, not two at once) and the earlier one is recorded as overtaken.
"""

from datetime import date, timedelta

from sqlalchemy import Select, and_, exists, or_, select

from icv.common.database import db
from icv.common.dates import local_today
from icv.models import VETTING_REMINDER_DAYS, Person, Scheme, VettingReminder
from icv.notifications import outbox
from icv.people.lifecycle import is_volunteer

REMINDED_STATUSES = ("vetting", "probation", "active", "suspended")


def why_vetting_lapsed(person: Person, on: date) -> str | None:
    expires_on = person.vetting_expires_on
    if expires_on is not None and expires_on < on:
        return (
            f"{person.name}'s vetting expired on {expires_on.isoformat()}: "
            "it must be renewed before they visit."
        )
    return None


def with_vetting_expiring(query: Select, within_days: int, today: date) -> Select:
    """Volunteers (not left) whose vetting expires within `within_days`, or has expired,
    soonest first: the lapsed ones lead the list, since they are barred already."""
    return (
        query.where(
            is_volunteer(),
            Person.status != "left",
            Person.vetting_expires_on <= today + timedelta(days=within_days),
        )
        .order_by(None)
        .order_by(Person.vetting_expires_on, Person.name, Person.id)
    )


def _due(scheme_id: int, today: date) -> list[Person]:
    """Volunteers whose vetting expires within the longest reminder period and has a reminder
    due that has not gone yet."""
    furthest = max(VETTING_REMINDER_DAYS)
    not_sent = [
        and_(
            Person.vetting_expires_on <= today + timedelta(days=days),
            ~exists().where(
                VettingReminder.person_id == Person.id,
                VettingReminder.expires_on == Person.vetting_expires_on,
                VettingReminder.days_before == days,
            ),
        )
        for days in VETTING_REMINDER_DAYS
    ]
    return list(
        db.session.scalars(
            select(Person)
            .where(
                Person.scheme_id == scheme_id,
                is_volunteer(),
                Person.status.in_(REMINDED_STATUSES),
                Person.vetting_expires_on.between(today, today + timedelta(days=furthest)),
                or_(*not_sent),
            )
            .order_by(Person.vetting_expires_on, Person.id)
            .with_for_update(of=Person, skip_locked=True)
        )
    )


def send_reminders(scheme: Scheme, today: date | None = None) -> int:
    """Writes the reminders due today in the scheme (inbox and email outbox); returns how many
    volunteers the managers were reminded of."""
    today = today or local_today(scheme.timezone)
    managers = outbox.scheme_managers(scheme.id)
    reminded = 0
    for person in _due(scheme.id, today):
        days_left = (person.vetting_expires_on - today).days
        passed = [days for days in VETTING_REMINDER_DAYS if days_left <= days]
        sent = set(
            db.session.scalars(
                select(VettingReminder.days_before).where(
                    VettingReminder.person_id == person.id,
                    VettingReminder.expires_on == person.vetting_expires_on,
                )
            )
        )
        new = [days for days in passed if days not in sent]
        if not new:
            continue
        if min(passed) in new:
            outbox.vetting_expiring(person, managers)
            reminded += 1
        for days in new:
            db.session.add(
                VettingReminder(
                    person_id=person.id, expires_on=person.vetting_expires_on, days_before=days
                )
            )
    db.session.commit()
    return reminded


def every_scheme() -> list[Scheme]:
    return list(db.session.scalars(select(Scheme).order_by(Scheme.id)))
