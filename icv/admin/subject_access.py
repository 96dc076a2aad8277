"""Everything the scheme holds about a person, for them (a subject access request: GET /me/export).

Each section of `SECTIONS` reads one kind of record about the person, and says of other people
no more than their ids: the visits they took part in come without detainee entries, issues or
free text (those are about detainees, and written with others), with the ids of the other
visitors only. To add a section (declarations of interest, for one), write a function of the
person returning JSON-ready rows and list it in `SECTIONS`; `api.resources.me_export` documents
its shape.
"""

from collections.abc import Callable

from sqlalchemy import or_, select

from icv.common.database import db
from icv.common.dates import FinancialYear, zone
from icv.models import (
    Activity,
    AuthSession,
    CalendarToken,
    Claim,
    Notification,
    Person,
    PersonStatusChange,
    PlanItem,
    PlanItemVisitor,
    Visit,
    visit_visitor,
)
from icv.people import declarations
from icv.people import hours as hours_module
from icv.sites.grids import slot_labels

PERSON_FIELDS = (
    "id",
    "name",
    "email",
    "status",
    "aws",
    "joined_on",
    "probation_ends_on",
    "buddy_id",
    "appointed_on",
    "term_ends_on",
    "left_on",
    "leave_reason",
    "exit_interview_notes",
    "home_area",
    "gender",
    "birth_year",
    "tact_trained_on",
    "created_at",
    "updated_at",
)


def _person(person: Person) -> dict:
    return {
        **{field: getattr(person, field) for field in PERSON_FIELDS},
        "scheme": {"id": person.scheme_id, "name": person.scheme.name},
        "roles": person.roles,
        "site_ids": person.site_ids,
    }


def _status_history(person: Person) -> list[dict]:
    rows = db.session.scalars(
        select(PersonStatusChange)
        .where(PersonStatusChange.person_id == person.id)
        .order_by(PersonStatusChange.effective_on, PersonStatusChange.id)
    )
    return [
        {
            "from_status": row.from_status,
            "to_status": row.to_status,
            "effective_on": row.effective_on,
            "note": row.note,
            "leave_reason": row.leave_reason,
            "recorded_at": row.recorded_at,
        }
        for row in rows
    ]


def _visits_of(person: Person) -> list[Visit]:
    return list(
        db.session.scalars(
            select(Visit)
            .join(visit_visitor, visit_visitor.c.visit_id == Visit.id)
            .where(visit_visitor.c.person_id == person.id, Visit.scheme_id == person.scheme_id)
            .order_by(Visit.arrived_at, Visit.id)
        )
    )


def _visits(person: Person) -> list[dict]:
    return [
        {
            "id": visit.id,
            "site_id": visit.site_id,
            "site_name": visit.site.name,
            "arrived_at": visit.arrived_at,
            "admitted_at": visit.admitted_at,
            "departed_at": visit.departed_at,
            "duration_minutes": visit.duration_minutes,
            "mode": visit.mode,
            "outcome": visit.outcome,
            "status": visit.status,
            "recorded_by_me": visit.created_by_id == person.id,
            "other_visitor_ids": [i for i in visit.visitor_ids if i != person.id],
        }
        for visit in _visits_of(person)
    ]


def _activities(person: Person) -> list[dict]:
    rows = db.session.scalars(
        select(Activity)
        .where(Activity.person_id == person.id)
        .order_by(Activity.done_on, Activity.id)
    )
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "date": row.done_on,
            "hours": row.hours,
            "notes": row.notes,
            "meeting_id": row.meeting_id,
        }
        for row in rows
    ]


def _hours(person: Person) -> list[dict]:
    """Per financial year they gave time in: the figures the scheme's hours report shows them."""
    scheme = person.scheme
    local = zone(scheme.timezone)
    years = {
        FinancialYear.of(visit.arrived_at.astimezone(local).date()) for visit in _visits_of(person)
    }
    activity_days = select(Activity.done_on).where(Activity.person_id == person.id)
    years |= {FinancialYear.of(day) for day in db.session.scalars(activity_days)}
    found = []
    for year in sorted(years, key=lambda fy: fy.year):
        for row in hours_module.hours_by_person(scheme, year):
            if row["person_id"] == person.id:
                found.append(
                    {
                        "year": year.year,
                        "label": year.label,
                        **{k: v for k, v in row.items() if k not in ("person_id", "name")},
                    }
                )
    return found


def _slot(kind: str, day: int, band: int) -> dict:
    return slot_labels(kind, (day, band))


def _claims(person: Person) -> list[dict]:
    rows = db.session.scalars(
        select(Claim)
        .where(or_(Claim.claimant_id == person.id, Claim.partner_id == person.id))
        .order_by(Claim.week_start, Claim.id)
    )
    return [
        {
            "id": claim.id,
            "site_id": claim.site_id,
            "week_start": claim.week_start,
            "slot": _slot(claim.site.kind, claim.slot_day, claim.slot_band),
            "claimant_id": claim.claimant_id,
            "partner_id": claim.partner_id,
            "partner_response": claim.partner_response,
            "created_at": claim.created_at,
            "withdrawn_at": claim.withdrawn_at,
            "visit_id": claim.visit_id,
        }
        for claim in rows
    ]


def _plan_items(person: Person) -> list[dict]:
    rows = db.session.execute(
        select(PlanItem, PlanItemVisitor)
        .join(PlanItemVisitor, PlanItemVisitor.plan_item_id == PlanItem.id)
        .where(PlanItemVisitor.person_id == person.id)
        .order_by(PlanItem.week_start, PlanItem.id)
    )
    return [
        {
            "id": item.id,
            "plan_id": item.plan_id,
            "site_id": item.site_id,
            "week_start": item.week_start,
            "slot": _slot(item.site.kind, item.slot_day, item.slot_band),
            "status": item.status,
            "my_response": mine.response,
            "responded_at": mine.responded_at,
            "visitor_ids": item.visitor_ids,
        }
        for item, mine in rows
    ]


def _notifications(person: Person) -> list[dict]:
    """What they were told, without the bodies (which may describe detainees)."""
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.person_id == person.id)
        .order_by(Notification.created_at, Notification.id)
    )
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "subject": row.subject,
            "created_at": row.created_at,
            "read_at": row.read_at,
            "email_status": row.email_status,
        }
        for row in rows
    ]


def _sign_ins(person: Person) -> list[dict]:
    rows = db.session.scalars(
        select(AuthSession)
        .where(AuthSession.person_id == person.id)
        .order_by(AuthSession.created_at)
    )
    return [
        {"created_at": row.created_at, "expires_at": row.expires_at, "revoked_at": row.revoked_at}
        for row in rows
    ]


def _calendar_feed(person: Person) -> dict | None:
    created = db.session.scalar(
        select(CalendarToken.created_at).where(CalendarToken.person_id == person.id)
    )
    return None if created is None else {"created_at": created}


def _declarations(person: Person) -> list[dict]:
    return [
        {
            "kind": declaration.kind,
            "detail": declaration.detail,
            "declared_on": declaration.declared_on,
            "decision": declaration.decision,
            "site_ids": sorted(site.id for site in declaration.sites),
            "review_note": declaration.review_note,
            "reviewed_at": declaration.reviewed_at,
        }
        for declaration in db.session.scalars(declarations.declarations_query(person.id))
    ]


SECTIONS: dict[str, Callable[[Person], object]] = {
    "person": _person,
    "status_history": _status_history,
    "visits": _visits,
    "activities": _activities,
    "hours": _hours,
    "claims": _claims,
    "plan_items": _plan_items,
    "notifications": _notifications,
    "sign_ins": _sign_ins,
    "calendar_feed": _calendar_feed,
    "declarations": _declarations,
}


def export_for(person: Person) -> dict:
    return {name: read(person) for name, read in SECTIONS.items()}
