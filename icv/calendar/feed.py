"""A visitor's private calendar: their own claims and plan items, as slot windows.

The feed holds, from `HISTORY` ago onwards:

- the claims naming the person, as claimant or as a partner who has not declined, that were
  not withdrawn: CONFIRMED once the partner accepted, TENTATIVE until then;
- the plan items naming the person that neither the item nor they declined: CONFIRMED once
  the item is accepted, TENTATIVE until then.

Never anyone else's. Each date a slot falls on (`icv.scheduling.site_year.item_dates`) is one event,
from the band's first minute to the minute after its last, in the scheme's local time, written in
UTC. An event names the site, the slot and the handover window to avoid or to aim for; never
the other visitor, since a feed's address is handed to calendar services.
"""

from datetime import date, timedelta

from sqlalchemy import and_, or_, select

from icv.calendar import ical
from icv.common.database import db
from icv.models import Claim, Person, Plan, PlanItem, PlanItemVisitor
from icv.scheduling import site_year
from icv.sites.grids import grid_for
from icv.sites.periods import monday_of

HISTORY = timedelta(weeks=4)


def _claims(person: Person, since: date) -> list[Claim]:
    return list(
        db.session.scalars(
            select(Claim).where(
                Claim.scheme_id == person.scheme_id,
                Claim.withdrawn_at.is_(None),
                Claim.week_start >= since,
                or_(
                    Claim.claimant_id == person.id,
                    and_(Claim.partner_id == person.id, Claim.partner_response != "declined"),
                ),
            )
        )
    )


def _plan_items(person: Person, since: date) -> list[PlanItem]:
    return list(
        db.session.scalars(
            select(PlanItem)
            .join(Plan, PlanItem.plan_id == Plan.id)
            .where(
                Plan.scheme_id == person.scheme_id,
                PlanItem.status != "declined",
                PlanItem.week_start >= since,
                PlanItem.visitors.any(
                    and_(
                        PlanItemVisitor.person_id == person.id,
                        PlanItemVisitor.response != "declined",
                    )
                ),
            )
        )
    )


def _events(
    record: Claim | PlanItem, uid_prefix: str, domain: str, summary: str, description: str
) -> list[ical.Event]:
    site = record.site
    band = grid_for(site.kind).bands[record.slot_band]
    status = "CONFIRMED" if _confirmed(record) else "TENTATIVE"
    events = []
    for day in site_year.item_dates(record):
        starts_at, ends_at = band.window_on(day, site.scheme.timezone)
        events.append(
            ical.Event(
                uid=f"{uid_prefix}-{record.id}-{day:%Y%m%d}@{domain}",
                starts_at=starts_at,
                ends_at=ends_at,
                summary=summary,
                description=description,
                status=status,
                stamp=record.updated_at,
            )
        )
    return events


def _confirmed(record: Claim | PlanItem) -> bool:
    if isinstance(record, Claim):
        return record.partner_response == "accepted"
    return record.status == "accepted"


def _slot_label(record: Claim | PlanItem) -> str:
    grid = grid_for(record.site.kind)
    return f"{grid.day_labels[record.slot_day]} {grid.band_labels[record.slot_band]}"


def _claim_description(claim: Claim, person: Person) -> str:
    where = f"{_slot_label(claim)} at {claim.site.name}"
    if claim.claimant_id == person.id:
        partner = {
            None: "No partner named.",
            "pending": "Your partner has not answered yet.",
            "accepted": "Your partner accepted.",
            "declined": "Your partner declined: go with someone else, or withdraw the claim.",
        }[claim.partner_response]
        return f"You claimed {where}. {partner}"
    answer = "You accepted." if claim.partner_response == "accepted" else "Accept or decline it."
    return f"A visitor asked you to go with them, {where}. {answer}"


def _item_description(item: PlanItem) -> str:
    text = f"Planned visit, {_slot_label(item)} at {item.site.name}."
    if item.handover_action == "avoid":
        text += f" Avoid the staff handover, {item.handover_window}."
    elif item.handover_action == "target":
        text += f" Aim for the staff handover, {item.handover_window}."
    return text


def feed(person: Person, today: date, domain: str) -> str:
    """The person's calendar as iCalendar text. `domain` ends each event's UID."""
    since = monday_of(today - HISTORY)
    events = []
    for claim in _claims(person, since):
        events += _events(
            claim,
            "claim",
            domain,
            f"Visit: {claim.site.name} (claimed)",
            _claim_description(claim, person),
        )
    for item in _plan_items(person, since):
        events += _events(
            item, "plan-item", domain, f"Visit: {item.site.name} (planned)", _item_description(item)
        )
    events.sort(key=lambda event: (event.starts_at, event.uid))
    return ical.calendar(f"{person.scheme.name}: my visits", events)
