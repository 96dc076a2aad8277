"""Plans: which slot each site should be visited in over the coming weeks, and by whom.

The manager asks for a plan of `weeks` weeks from a Monday for some sites. For each site and
week the planner proposes a slot (see `icv.scheduling.slot_choice` for how) and a pair of visitors:

- A custody suite gets one item a week; a dog unit one a month. For a month the planner draws
  the slot, then a date on which it falls among the month's days still ahead: the item goes in
  that date's week (a week the plan does not reach is left to a later plan, which draws
  again), so the week is as hard to guess as the slot.
- A period that already has a completed visit, an item of another plan still outstanding
  (not declined, no visit yet, in a week from this plan's start) or a visitor's claim still
  waiting for its visit (`icv.scheduling.claims`), gets no new item; those items and claims count as
  planned slots. A site closed all that week (or month) gets no item, and an item's slot falls
  on a day the site is open.
- Within a plan, a site's slots do not repeat until every slot of its grid has been used.
- The scheme's `planner_uncovered_allowance` is how many slots a year each site may be left
  uncovered (0 by default): more makes the slots harder to guess (see `slot_weights`).
- An item whose band overlaps a staff handover window names the window to avoid. With
  `include_handover` the plan asks instead for visits inside the window (so that over the year
  every time is seen), and prefers such a slot for each site until it has one.
- Visitors: people with the visitor role who are active or in probation; at a dog unit only
  active members of the animal welfare scheme. Never two probationers together. A visitor
  whose vetting has lapsed by the last day the item's slot can fall on that week, or whom a
  reviewed declaration of interest keeps off the site, is skipped (`icv.people.eligibility`).

`seed` makes a plan reproducible: the same request over the same records gives the same plan.
Without one, the planner draws a random seed and keeps it (shown to the manager only).
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.errors import Conflict, NotFound, Problems, ValidationFailed
from icv.models import (
    Person,
    PersonRole,
    Plan,
    PlanItem,
    PlanItemVisitor,
    Scheme,
    Site,
    utcnow,
)
from icv.people.declarations import NO_BAR, Bar, bars_of
from icv.people.eligibility import (
    VISITING_STATUSES,
    candidate_of,
    last_day_of_slot,
    why_may_not_visit,
)
from icv.scheduling.site_year import SiteYear, outstanding, site_year
from icv.scheduling.slot_choice import Candidate, Slot, choose_pair, choose_slot, slot_weights
from icv.sites.grids import Grid, grid_for
from icv.sites.periods import PERIOD_OF_KIND, Period, monday_of, periods_in_week
from icv.sites.sites import open_during, status_on
from icv.sync import tombstones

SEED_BITS = 62
ANSWER_ACTIONS = {"accepted": "accept", "declined": "decline"}


# Who may be sent ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Visitors:
    """The scheme's visitors who are active or in probation, and what their declared interests
    keep them off, read once per plan."""

    people: list[Person]
    bars: dict[int, Bar]

    def eligible(self, site: Site, week: date, slot: Slot) -> list[Candidate]:
        """Who may be sent to the site's slot that week (`icv.people.eligibility`)."""
        day = last_day_of_slot(site.kind, week, slot[0])
        return [
            candidate_of(person)
            for person in self.people
            if why_may_not_visit(
                person, site.kind, site_id=site.id, on=day, bar=self.bars.get(person.id, NO_BAR)
            )
            is None
        ]


def _visitors(scheme_id: int) -> _Visitors:
    """Who may be sent: the scheme's visitors who are active or in probation."""
    people = db.session.scalars(
        select(Person)
        .where(
            Person.scheme_id == scheme_id,
            Person.status.in_(VISITING_STATUSES),
            Person.role_rows.any(PersonRole.role == "visitor"),
        )
        .order_by(Person.id)
    )
    people = list(people)
    return _Visitors(people, bars_of([person.id for person in people]))


def _load(scheme_id: int, since: date) -> dict[int, int]:
    """Outstanding items per visitor, so that a new plan evens out the load."""
    per_person = (
        select(PlanItemVisitor.person_id, func.count())
        .select_from(PlanItem)
        .join(PlanItemVisitor, PlanItemVisitor.plan_item_id == PlanItem.id)
    )
    rows = db.session.execute(
        outstanding(per_person, scheme_id, since).group_by(PlanItemVisitor.person_id)
    )
    return dict(rows.all())


# Planning ------------------------------------------------------------------------------------


@dataclass
class _SitePlanning:
    """The planner's working state for one site while it builds one plan."""

    site: Site
    grid: Grid
    since: date
    years: dict[FinancialYear, SiteYear] = field(default_factory=dict)
    used: set[Slot] = field(default_factory=set)
    has_handover_item: bool = False
    month_choices: dict[date, tuple[date, Slot] | None] = field(default_factory=dict)

    def year(self, year: FinancialYear) -> SiteYear:
        if year not in self.years:
            self.years[year] = site_year(self.site, year, self.since)
        return self.years[year]

    def of_period(self, period: Period) -> SiteYear:
        return self.year(FinancialYear.of(period.starts_on))

    def record(self, period: Period, slot: Slot) -> None:
        """Counts a planned slot, and starts the slots over once every one has been used."""
        self.of_period(period).counts[slot] += 1
        self.of_period(period).done.add(period.starts_on)
        self.used.add(slot)
        if self.used >= set(self.grid.slots):
            self.used.clear()
        self.has_handover_item |= self.grid.handover_window_in(slot[1]) is not None


def _open_on(site: Site, day: date) -> bool:
    return status_on(site, day) == "open"


def _draw_inputs(
    state: _SitePlanning, period: Period, days: list[date], include_handover: bool
) -> dict:
    """What the site's item for the period is drawn from on these days: the arguments of
    `slot_weights`. Slots on a day the site is open, not yet used by this plan (unless none is
    left)."""
    grid = state.grid
    open_weekdays = {day.isoweekday() for day in days if _open_on(state.site, day)}
    available = [slot for slot in grid.slots if open_weekdays & set(grid.weekdays_of(slot[0]))]
    unused = [slot for slot in available if slot not in state.used] or available
    prefer = []
    if include_handover and not state.has_handover_item:
        prefer = [slot for slot in unused if grid.handover_window_in(slot[1])]
    known = state.of_period(period)
    return {
        "counts": dict(known.counts),
        "available": unused,
        "remaining": known.remaining_from(period.starts_on),
        "prefer": prefer,
        "allowance": state.site.scheme.planner_uncovered_allowance,
    }


def _weights(
    state: _SitePlanning, period: Period, days: list[date], include_handover: bool
) -> dict[Slot, int]:
    """The slots the site's item for the period may take on these days, with their weights."""
    return slot_weights(**_draw_inputs(state, period, days, include_handover))


def _plan_week(
    state: _SitePlanning, week: date, include_handover: bool, rng: random.Random
) -> list[tuple[Period, Slot]]:
    """A custody suite's slot for the week, unless it is closed all week or already done."""
    period = Period(week, week + timedelta(weeks=1))
    if not open_during(state.site, week, period.days()[-1]):
        return []
    if week in state.of_period(period).done:
        return []
    weights = _weights(state, period, period.days(), include_handover)
    if not weights:
        return []
    slot = choose_slot(weights, rng)
    state.record(period, slot)
    return [(period, slot)]


def _draw_month(
    state: _SitePlanning,
    month: Period,
    plan_weeks: set[date],
    include_handover: bool,
    rng: random.Random,
) -> tuple[date, Slot] | None:
    """The month's slot, then a date on which it falls among the month's days still ahead:
    its week, when this plan reaches it. None leaves the month to a later plan."""
    days = [day for day in month.days() if day >= state.since and _open_on(state.site, day)]
    weights = _weights(state, month, days, include_handover)
    if not weights:
        return None
    slot = choose_slot(weights, rng)
    dates = [day for day in days if day.isoweekday() in state.grid.weekdays_of(slot[0])]
    week = monday_of(rng.choice(dates))
    return (week, slot) if week in plan_weeks else None


def _plan_months(
    state: _SitePlanning,
    week: date,
    plan_weeks: set[date],
    include_handover: bool,
    rng: random.Random,
) -> list[tuple[Period, Slot]]:
    """A dog unit's items in this week: for each month the week reaches that still needs a
    visit, the month's slot if the draw put it in this week."""
    chosen = []
    for month in periods_in_week(state.site.kind, week):
        first_day = month.starts_on
        if first_day in state.of_period(month).done:
            continue
        if first_day not in state.month_choices:
            state.month_choices[first_day] = _draw_month(
                state, month, plan_weeks, include_handover, rng
            )
        choice = state.month_choices[first_day]
        if choice is not None and choice[0] == week:
            state.record(month, choice[1])
            chosen.append((month, choice[1]))
    return chosen


def _plan_site_week(
    state: _SitePlanning,
    week: date,
    plan_weeks: set[date],
    include_handover: bool,
    rng: random.Random,
) -> list[tuple[Period, Slot]]:
    if PERIOD_OF_KIND[state.site.kind] == "week":
        return _plan_week(state, week, include_handover, rng)
    return _plan_months(state, week, plan_weeks, include_handover, rng)


def slot_draw(site: Site, week_start: date, period: Period) -> dict:
    """What someone who knows the records and the planner can work out: what a plan starting
    this week would draw the site's item for `period` from (the arguments of `slot_weights`).
    (`bench/plan_year.py` uses it to measure how guessable the planner is.)"""
    state = _SitePlanning(site, grid_for(site.kind), week_start)
    days = [day for day in period.days() if day >= week_start]
    return _draw_inputs(state, period, days, include_handover=False)


def _new_item(
    state: _SitePlanning,
    week: date,
    period: Period,
    slot: Slot,
    pair: tuple[int, int],
    include_handover: bool,
) -> PlanItem:
    window = state.grid.handover_window_in(slot[1])
    action = None if window is None else "target" if include_handover else "avoid"
    return PlanItem(
        site_id=state.site.id,
        site=state.site,
        period_start=period.starts_on,
        week_start=week,
        slot_day=slot[0],
        slot_band=slot[1],
        handover_window=window.label if window else None,
        handover_action=action,
        status="proposed",
        visitors=[PlanItemVisitor(person_id=person_id) for person_id in pair],
    )


def _check_request(scheme: Scheme, data: dict) -> list[Site]:
    problems = Problems()
    site_ids = data["site_ids"]
    if len(set(site_ids)) != len(site_ids):
        problems.add("site_ids", "A site is listed twice.")
    sites = list(
        db.session.scalars(
            select(Site).where(Site.scheme_id == scheme.id, Site.id.in_(site_ids)).order_by(Site.id)
        )
    )
    if len(sites) != len(set(site_ids)):
        problems.add("site_ids", "Unknown site.")
    if data["starts_on"].weekday() != 0:
        problems.add("from", "Plans run in weeks from a Monday: give a Monday.")
    problems.raise_if_any()
    return sites


def create_plan(scheme: Scheme, actor: Person, data: dict) -> Plan:
    """Plans `weeks` weeks from the Monday `starts_on` for the sites; writes nothing on a 422."""
    sites = _check_request(scheme, data)
    seed = data.get("seed")
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    # A seeded generator, so that a plan can be reproduced; the seed is a secret random number.
    rng = random.Random(seed)  # noqa: S311
    starts_on, include_handover = data["starts_on"], data.get("include_handover", False)
    weeks = [starts_on + timedelta(weeks=n) for n in range(data["weeks"])]
    plan_weeks = set(weeks)
    visitors, load = _visitors(scheme.id), _load(scheme.id, starts_on)
    states = [_SitePlanning(site, grid_for(site.kind), starts_on) for site in sites]

    unpaired: list[str] = []
    items = []
    for week in weeks:
        busy: set[int] = set()
        for state in states:
            for period, slot in _plan_site_week(state, week, plan_weeks, include_handover, rng):
                eligible = visitors.eligible(state.site, week, slot)
                pair = choose_pair(eligible, load, busy, rng)
                if pair is None:
                    unpaired.append(state.site.name)
                    continue
                for person_id in pair:
                    load[person_id] = load.get(person_id, 0) + 1
                busy.update(pair)
                items.append(_new_item(state, week, period, slot, pair, include_handover))
    if unpaired:
        raise ValidationFailed(
            {
                "site_ids": [
                    f"No pair of visitors may go to {name}: it needs two eligible visitors, "
                    "not both in probation (at a dog unit, active members of the animal "
                    "welfare scheme), with vetting valid on the day and no declared interest "
                    "keeping them off it."
                    for name in dict.fromkeys(unpaired)
                ]
            }
        )

    plan = Plan(
        scheme_id=scheme.id,
        created_by_id=actor.id,
        starts_on=starts_on,
        weeks=len(weeks),
        include_handover=include_handover,
        seed=seed,
        site_ids=[site.id for site in sites],
        items=items,
    )
    db.session.add(plan)
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "plan",
        plan.id,
        "create",
        {
            "from": starts_on,
            "weeks": len(weeks),
            "site_ids": plan.site_ids,
            "include_handover": include_handover,
            "items": len(items),
        },
    )
    db.session.commit()
    return plan


def withdraw_plan(plan: Plan, actor: Person) -> None:
    """Deletes a plan, freeing its weeks for a new one; a plan with a logged visit is kept."""
    if any(item.visit_id is not None for item in plan.items):
        raise Conflict("A visit has been logged against this plan: it is kept as a record.")
    audit.record(plan.scheme_id, actor, "plan", plan.id, "withdraw", {"items": len(plan.items)})
    tombstones.bury(plan.scheme_id, "plan", [plan.id])
    tombstones.bury(plan.scheme_id, "plan_item", [item.id for item in plan.items])
    db.session.delete(plan)
    db.session.commit()


# Reading and answering -----------------------------------------------------------------------


def plans_query(person: Person) -> Select:
    """The plans `person` may see, newest first."""
    query = visibility.visible_plans(person)
    return query.order_by(Plan.created_at.desc(), Plan.id.desc())


def get_item_for_answer(scheme_id: int, item_id: int, visitor_id: int) -> PlanItem:
    """The item if it names the visitor, its row locked until the answer is written."""
    item = db.session.scalar(
        select(PlanItem)
        .join(Plan)
        .where(
            Plan.scheme_id == scheme_id,
            PlanItem.id == item_id,
            visibility.plan_item_naming(visitor_id),
        )
        .with_for_update(of=PlanItem)
    )
    if item is None:
        raise NotFound("plan item")
    return item


def _item_status(responses: list[str]) -> str:
    if "declined" in responses:
        return "declined"
    if all(response == "accepted" for response in responses):
        return "accepted"
    return "proposed"


def answer_item(item: PlanItem, visitor: Person, response: str) -> PlanItem:
    """A named visitor accepts or declines; the item is declined when anyone declines and
    accepted when everyone accepts. A declined item's slot is free for the next plan."""
    if item.visit_id is not None:
        raise Conflict("The visit for this item has been logged: it can no longer be answered.")
    row = next(row for row in item.visitors if row.person_id == visitor.id)
    if row.response != response:
        row.response, row.responded_at = response, utcnow()
        before, item.status = item.status, _item_status([r.response for r in item.visitors])
        audit.record(
            item.plan.scheme_id,
            visitor,
            "plan_item",
            item.id,
            ANSWER_ACTIONS[response],
            {"status": [before, item.status]},
        )
    db.session.commit()
    return item
