"""A signed-in person's home on the phone in one read: what is coming up for them, what waits for
them, and a few counts. What each part holds follows their roles (roles add up), always through
`icv.visibility`:

- **coming**: the live claims naming them (as claimant or partner) and the plan items naming
  them with no visit yet and not declined by them, on a date from today to `WEEKS_AHEAD` weeks
  on, soonest first. A manager plans for others: their home shows only what names them.
- **notifications**: how many are unread, and the latest few.
- **issues awaiting them**: an inspector answers the open issues at the sites they inspect; a
  manager chases the overdue ones of the scheme; a visitor hears back about the issues raised at
  their visits: those answered (acknowledged or resolved) since their latest visit arrived.
- **counts**: a visitor's drafts on the server, claims where their answer as partner is awaited,
  plan items awaiting their answer; a manager's live claims needing a partner; the overdue
  issues anyone sees.

`marks` is the validator's input: one statement over what the home shows, so an unchanged home
answers 304 before anything else is read.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, false, func, or_, select

from icv import visibility
from icv.common.database import db
from icv.common.dates import local_today
from icv.models import (
    Claim,
    Issue,
    Notification,
    Person,
    Plan,
    PlanItem,
    PlanItemVisitor,
    Visit,
    utcnow,
    visit_visitor,
)
from icv.notifications.outbox import inbox_query
from icv.scheduling import claim_status, site_year
from icv.sites.grids import grid_for
from icv.sites.periods import monday_of
from icv.visits.issues import overdue_condition

WEEKS_AHEAD = 4
LATEST = 5
ANSWERED = ("acknowledged", "resolved")


@dataclass(frozen=True)
class Coming:
    """A claim or plan item naming the person, on its next date."""

    kind: str  # claim | plan_item
    id: int
    date: date
    site_id: int
    site_name: str
    day: str
    band: str
    status: str  # a claim's partner_response (or "none"); a plan item's own answer
    with_ids: list[int]  # the others named with the person
    answers: list[str] = field(default_factory=list)  # what they may do about it now


@dataclass
class Home:
    today: date
    coming: list[Coming] = field(default_factory=list)
    unread: int = 0
    latest_notifications: list[Notification] = field(default_factory=list)
    issues_awaiting: int = 0
    latest_issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


# What awaits whom ---------------------------------------------------------------------------


def _latest_visit_arrival(person: Person):
    """When the person's latest visit arrived (a scalar subquery; NULL before their first)."""
    return (
        select(func.max(Visit.arrived_at))
        .join(visit_visitor, visit_visitor.c.visit_id == Visit.id)
        .where(visit_visitor.c.person_id == person.id, Visit.status == "submitted")
        .scalar_subquery()
    )


def awaiting_condition(person: Person, now: datetime) -> ColumnElement[bool]:
    """Which of the issues the person sees await them, by role (see the module's docstring)."""
    scheme = person.scheme
    conditions = []
    if person.has_role("manager"):
        conditions.append(overdue_condition(scheme, now))
    if person.has_role("inspector") and person.site_ids:
        conditions.append(and_(Issue.status == "open", Issue.site_id.in_(person.site_ids)))
    if person.has_role("visitor"):
        answered_at = func.coalesce(Issue.resolved_at, Issue.acknowledged_at)
        conditions.append(
            and_(
                Issue.status.in_(ANSWERED),
                Visit.visitors.any(Person.id == person.id),
                answered_at > func.coalesce(_latest_visit_arrival(person), Visit.arrived_at),
            )
        )
    return or_(*conditions) if conditions else false()


def _awaiting_issues(person: Person, now: datetime):
    return visibility.visible_issues(person).where(awaiting_condition(person, now))


def _named_claims(person: Person, today: date):
    monday = monday_of(today)
    return visibility.visible_claims(person).where(
        visibility.claim_naming(person.id),
        claim_status.waiting_since(monday),
        Claim.week_start < monday + timedelta(weeks=WEEKS_AHEAD + 1),
    )


def _named_items(person: Person, today: date):
    monday = monday_of(today)
    not_declined = and_(
        PlanItemVisitor.person_id == person.id, PlanItemVisitor.response != "declined"
    )
    return (
        select(PlanItem)
        .join(Plan, PlanItem.plan_id == Plan.id)
        .where(
            visibility.in_scheme_of(Plan.scheme_id, person),
            visibility.plan_condition(person),
            PlanItem.visitors.any(not_declined),
            PlanItem.visit_id.is_(None),
            PlanItem.week_start >= monday,
            PlanItem.week_start < monday + timedelta(weeks=WEEKS_AHEAD + 1),
        )
    )


def _counts(person: Person, today: date, now: datetime) -> dict[str, int]:
    parts = {}
    if person.has_role("visitor"):
        parts["drafts"] = (
            visibility.visible_visits(person)
            .where(Visit.status == "draft", Visit.visitors.any(Person.id == person.id))
            .with_only_columns(func.count(Visit.id))
        )
        parts["partner_answers_due"] = (
            visibility.visible_claims(person)
            .where(
                Claim.partner_id == person.id,
                Claim.partner_response == "pending",
                claim_status.waiting_since(monday_of(today)),
            )
            .with_only_columns(func.count(Claim.id))
        )
        parts["plan_answers_due"] = (
            select(func.count(PlanItemVisitor.plan_item_id))
            .join(PlanItem, PlanItem.id == PlanItemVisitor.plan_item_id)
            .join(Plan, Plan.id == PlanItem.plan_id)
            .where(
                visibility.in_scheme_of(Plan.scheme_id, person),
                PlanItemVisitor.person_id == person.id,
                PlanItemVisitor.response == "proposed",
                PlanItem.visit_id.is_(None),
                PlanItem.week_start >= monday_of(today),
            )
        )
    if person.has_role("manager"):
        parts["claims_needing_partner"] = (
            visibility.visible_claims(person)
            .where(claim_status.needing_partner(today))
            .with_only_columns(func.count(Claim.id))
        )
    if person.has_role("manager", "inspector", "visitor"):
        parts["overdue_issues"] = (
            visibility.visible_issues(person)
            .where(overdue_condition(person.scheme, now))
            .with_only_columns(func.count(Issue.id))
        )
    return parts


# Reading ------------------------------------------------------------------------------------


def _today(person: Person, today: date | None) -> date:
    return today or local_today(person.scheme.timezone)


def marks(person: Person, *, today: date | None = None, now: datetime | None = None) -> tuple:
    """What the person's home is made of, summed up in one statement: counts and newest changes
    of each part, and today (the window of coming dates moves with it)."""
    today, now = _today(person, today), now or utcnow()
    claims = _named_claims(person, today).subquery()
    items = _named_items(person, today).subquery()
    notices = inbox_query(person.id).order_by(None).subquery()
    awaiting = _awaiting_issues(person, now).order_by(None).subquery()
    answers = PlanItemVisitor.plan_item_id.in_(select(items.c.id))
    scalars = [
        select(func.count()).select_from(claims),
        select(func.max(claims.c.updated_at)),
        select(func.count()).select_from(items),
        select(func.max(items.c.updated_at)),
        select(func.max(PlanItemVisitor.responded_at)).where(answers),
        select(func.count()).select_from(notices),
        select(func.max(notices.c.created_at)),
        select(func.count(notices.c.read_at)),
        select(func.count()).select_from(awaiting),
        select(func.max(awaiting.c.updated_at)),
        *_counts(person, today, now).values(),
    ]
    query = select(*(part.scalar_subquery() for part in scalars))
    return (today.isoformat(), *db.session.execute(query).one())


def home_of(person: Person, *, today: date | None = None, now: datetime | None = None) -> Home:
    today, now = _today(person, today), now or utcnow()
    home = Home(today=today)
    home.coming = _coming(person, today)
    home.unread = db.session.scalar(
        inbox_query(person.id, unread_only=True)
        .order_by(None)
        .with_only_columns(func.count(Notification.id))
    )
    home.latest_notifications = list(db.session.scalars(inbox_query(person.id).limit(LATEST)))
    awaiting = _awaiting_issues(person, now)
    home.issues_awaiting = db.session.scalar(
        awaiting.order_by(None).with_only_columns(func.count(Issue.id))
    )
    latest = awaiting.order_by(Issue.updated_at.desc(), Issue.id.desc()).limit(LATEST)
    home.latest_issues = list(db.session.scalars(latest))
    parts = _counts(person, today, now)
    if parts:
        values = db.session.execute(select(*(part.scalar_subquery() for part in parts.values())))
        home.counts = dict(zip(parts, values.one(), strict=True))
    return home


def _coming(person: Person, today: date) -> list[Coming]:
    found = []
    for claim in db.session.scalars(_named_claims(person, today)):
        others = [
            pid for pid in (claim.claimant_id, claim.partner_id) if pid not in (None, person.id)
        ]
        status = claim.partner_response or "none"
        answers = _claim_answers(claim, person, status)
        found.append(_on_next_date(claim, "claim", status, others, today, answers))
    for item in db.session.scalars(_named_items(person, today)):
        own = next(answer for answer in item.visitors if answer.person_id == person.id)
        others = [answer.person_id for answer in item.visitors if answer.person_id != person.id]
        answers = _other_answers(own.response)
        found.append(_on_next_date(item, "plan_item", own.response, others, today, answers))
    horizon = today + timedelta(weeks=WEEKS_AHEAD)
    coming = [entry for entry in found if entry is not None and entry.date <= horizon]
    return sorted(coming, key=lambda entry: (entry.date, entry.kind, entry.id))


def _claim_answers(claim: Claim, person: Person, status: str) -> list[str]:
    """The claimant may withdraw their claim; its partner accepts or declines it and may change
    their mind (`icv.scheduling.claims`)."""
    if claim.claimant_id == person.id:
        return ["withdraw"]
    return _other_answers(status)


def _other_answers(response: str) -> list[str]:
    """Accept and decline, less the answer already given."""
    given = {"accepted": "accept", "declined": "decline"}.get(response)
    return [answer for answer in ("accept", "decline") if answer != given]


def _on_next_date(arranged, kind, status, others, today, answers) -> Coming | None:
    next_date = next((day for day in site_year.item_dates(arranged) if day >= today), None)
    if next_date is None:
        return None
    grid = grid_for(arranged.site.kind)
    return Coming(
        kind=kind,
        id=arranged.id,
        date=next_date,
        site_id=arranged.site_id,
        site_name=arranged.site.name,
        day=grid.day_labels[arranged.slot_day],
        band=grid.band_labels[arranged.slot_band],
        status=status,
        with_ids=others,
        answers=answers,
    )
