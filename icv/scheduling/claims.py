"""Claims: visitors choose their own slots, and the rules keep every choice on an open one.

A visitor claims a slot of a site's grid in a week, naming a partner or not. A claim is refused
(409, with the open slots of that week the claimant could take instead) when:

- the site already has its visit for that target period (a suite's week, the dog unit's month):
  a completed visit, a plan item or a claim still waiting for its visit;
- the slot is above the site's least covered level while a less covered slot is open that week
  (counting visits, plan items and live claims; see `icv.scheduling.open_slots`);
- the pair breaks the rules the planner keeps (`icv.people.eligibility.why_may_not_visit` and
  `icv.scheduling.slot_choice.allowed_pair`): someone not active or in probation, someone without
  the animal welfare scheme at a dog unit, two probationers together, someone whose vetting
  has lapsed by the slot's day or whom a declared interest keeps off the site.

A manager may place a claim the first two rules refuse, for a visitor or themselves, with an
`override_reason` kept on the claim and in the audit trail; the pair rules are never overridden
(the visit itself would be refused for most of them). Input that cannot be a claim at all (an
unknown site or person, a day that is not a Monday, a slot already passed or on a day the site
is closed) is a 422 naming the field.

The partner accepts or declines. Whether a claim is live, fulfilled, expired or withdrawn, and
whether it needs a partner, is worked out from dates (`icv.scheduling.claim_status`). A visit
logged in the claim's site, week and slot by its claimant or partner is linked to it
(`icv.scheduling.visit_links`).
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear, local_today, zone
from icv.common.errors import Conflict, Problems, RuleViolation
from icv.models import Claim, Person, Scheme, Site, utcnow
from icv.people.eligibility import (
    last_day_of_slot,
    why_may_not_go_together,
    why_may_not_visit,
)
from icv.scheduling import claim_status, site_year
from icv.scheduling.open_slots import OpenSlot, open_slots, slot_dates_ahead, visitable_sites
from icv.scheduling.slot_choice import Slot
from icv.sites.grids import grid_for
from icv.sites.periods import PERIOD_OF_KIND, Period, monday_of, periods_in_week
from icv.sites.sites import closure, status_on

ANSWER_ACTIONS = {"accepted": "accept", "declined": "decline"}


class ClaimRefused(Conflict):
    """A claim the rules refuse (409), with the open slots of its week the claimant could take."""

    def __init__(self, errors: dict[str, list[str]], alternatives: list[OpenSlot]):
        detail = " ".join(message for messages in errors.values() for message in messages)
        super().__init__(detail, errors)
        self.alternatives = alternatives


@dataclass(frozen=True)
class ClaimRequest:
    site: Site
    week_start: date
    slot: Slot
    claimant: Person
    partner: Person | None
    override_reason: str | None


# Checking a request --------------------------------------------------------------------------


def _person(scheme: Scheme, person_id: int, field: str, problems: Problems) -> Person | None:
    person = db.session.get(Person, person_id)
    if person is None or person.scheme_id != scheme.id:
        problems.add(field, "Unknown visitor.")
        return None
    if not person.has_role("visitor"):
        problems.add(field, f"{person.name} is not a visitor.")
    return person


def _slot(site: Site | None, data: dict, problems: Problems) -> Slot | None:
    if site is None:
        return None
    grid = grid_for(site.kind)
    day = grid.day_labels.index(data["day"]) if data["day"] in grid.day_labels else None
    band = grid.band_labels.index(data["band"]) if data["band"] in grid.band_labels else None
    if day is None:
        problems.add("day", f"Not a day of {site.name}'s grid: {', '.join(grid.day_labels)}.")
    if band is None:
        problems.add("band", f"Not a band of {site.name}'s grid: {', '.join(grid.band_labels)}.")
    return None if day is None or band is None else (day, band)


def check_request(scheme: Scheme, actor: Person, data: dict) -> ClaimRequest:
    """Everything a claim must be before the rules are asked, all at once (422)."""
    problems = Problems()
    site = db.session.get(Site, data["site_id"])
    if site is None or site.scheme_id != scheme.id:
        problems.add("site_id", "Unknown site.")
        site = None
    if data["week_start"].weekday() != 0:
        problems.add("week_start", "Claims are for a week from its Monday: give a Monday.")
    slot = _slot(site, data, problems)

    claimant = actor
    claimant_id = data.get("claimant_id")
    if claimant_id is not None and claimant_id != actor.id:
        if actor.has_role("manager"):
            claimant = _person(scheme, claimant_id, "claimant_id", problems)
        else:
            problems.add("claimant_id", "Only a manager claims a slot for someone else.")
    elif not actor.has_role("visitor"):
        problems.add("claimant_id", "Name the visitor the claim is for.")
    partner = None
    if data.get("partner_id") is not None:
        partner = _person(scheme, data["partner_id"], "partner_id", problems)
        if partner is not None and claimant is not None and partner.id == claimant.id:
            problems.add("partner_id", "The partner is someone other than the claimant.")
    reason = data.get("override_reason")
    if reason is not None and not actor.has_role("manager"):
        problems.add("override_reason", "Only a manager may override the rules for a claim.")
    problems.raise_if_any()
    return ClaimRequest(site, data["week_start"], slot, claimant, partner, reason)


def _period_of(request: ClaimRequest, open_here: list[OpenSlot], now: datetime) -> Period:
    """The target period the claim serves: the one its slot is open in, else the first in
    which the slot is still ahead on a day the site is open (422 when there is none)."""
    for open_slot in open_here:
        if open_slot.slot == request.slot:
            return open_slot.period
    site, week, grid = request.site, request.week_start, grid_for(request.site.kind)
    periods = periods_in_week(site.kind, week)
    for period in periods:
        if slot_dates_ahead(site, grid, request.slot, week, period, now):
            return period
    dates = [day for p in periods for day in site_year.slot_dates(grid, request.slot, week, p)]
    if not any(status_on(site, day) == "open" for day in dates):
        raise RuleViolation("site_id", f"Not open that day that week: {closure(site, dates[0])}")
    raise RuleViolation("day", "That slot has already passed: choose one still ahead.")


# The rules -----------------------------------------------------------------------------------


def _pair_problems(request: ClaimRequest) -> dict[str, list[str]]:
    problems = Problems()
    kind, site_id = request.site.kind, request.site.id
    day = last_day_of_slot(kind, request.week_start, request.slot[0])
    reason = why_may_not_visit(request.claimant, kind, site_id=site_id, on=day)
    if reason:
        problems.add("claimant_id", reason)
    if request.partner is not None:
        reason = why_may_not_visit(request.partner, kind, site_id=site_id, on=day)
        if reason:
            problems.add("partner_id", reason)
        reason = why_may_not_go_together([request.claimant, request.partner])
        if reason:
            problems.add("partner_id", reason)
    return problems.errors


def _coverage_problems(
    request: ClaimRequest, period: Period, open_here: list[OpenSlot], today: date
) -> dict[str, list[str]]:
    """Why the slot is not open: the site's period is taken, or a less covered slot is open."""
    if any(open_slot.slot == request.slot for open_slot in open_here):
        return {}
    site = request.site
    known = site_year.site_year(site, FinancialYear.of(period.starts_on), monday_of(today))
    if period.starts_on in known.done:
        span = PERIOD_OF_KIND[site.kind]
        return {
            "week_start": [
                f"{site.name} already has its visit that {span}: visited, planned or claimed."
            ]
        }
    grid = grid_for(site.kind)
    label = f"{grid.day_labels[request.slot[0]]} {grid.band_labels[request.slot[1]]}"
    times = known.counts[request.slot]
    return {
        "band": [
            f"{label} is already covered {times} time{'' if times == 1 else 's'} this year "
            "(visits, plan items and claims) while less covered slots are open that week: "
            "choose one of those."
        ]
    }


def _lock_site(site: Site) -> None:
    """Claims at one site are decided one at a time (on PostgreSQL), so two visitors cannot
    both take a site's last open week."""
    db.session.execute(select(Site.id).where(Site.id == site.id).with_for_update())


def create_claim(
    scheme: Scheme,
    actor: Person,
    data: dict,
    *,
    now: datetime | None = None,
) -> Claim:
    """Claims a slot, or refuses (422 for impossible input, 409 for the rules); writes nothing
    when refused."""
    now = now or utcnow()
    request = check_request(scheme, actor, data)
    today = now.astimezone(zone(scheme.timezone)).date()
    _lock_site(request.site)
    open_here = open_slots([request.site], [request.week_start], now)
    period = _period_of(request, open_here, now)

    overridable = _coverage_problems(request, period, open_here, today)
    problems = _pair_problems(request)
    if request.override_reason is None:
        for field, messages in overridable.items():
            problems.setdefault(field, []).extend(messages)
    if problems:
        sites = visitable_sites(scheme.id, request.claimant)
        raise ClaimRefused(problems, open_slots(sites, [request.week_start], now))

    claim = Claim(
        scheme_id=scheme.id,
        site_id=request.site.id,
        site=request.site,
        claimant_id=request.claimant.id,
        partner_id=request.partner.id if request.partner else None,
        partner_response="pending" if request.partner else None,
        period_start=period.starts_on,
        week_start=request.week_start,
        slot_day=request.slot[0],
        slot_band=request.slot[1],
        override_reason=request.override_reason,
        created_by_id=actor.id,
    )
    db.session.add(claim)
    db.session.flush()
    changes = {
        "site_id": claim.site_id,
        "week_start": claim.week_start,
        "day": data["day"],
        "band": data["band"],
        "claimant_id": claim.claimant_id,
        "partner_id": claim.partner_id,
    }
    if request.override_reason is not None:
        changes["overridden"] = [
            message for messages in overridable.values() for message in messages
        ]
    audit.record(scheme.id, actor, "claim", claim.id, "create", changes, request.override_reason)
    db.session.commit()
    return claim


# Reading -------------------------------------------------------------------------------------


def claims_query(
    person: Person,
    *,
    site_id: int | None = None,
    status: str | None = None,
    needs_partner: bool | None = None,
    today: date | None = None,
) -> Select:
    """The claims `person` may see, latest week first. `status` and `needs_partner` are judged
    on `today`."""
    query = visibility.visible_claims(person)
    if site_id is not None:
        query = query.where(Claim.site_id == site_id)
    if status is not None:
        query = query.where(claim_status.with_status(status, today))
    if needs_partner is True:
        query = query.where(claim_status.needing_partner(today))
    elif needs_partner is False:
        query = query.where(~claim_status.needing_partner(today))
    return query.order_by(Claim.week_start.desc(), Claim.id.desc())


# Answering and withdrawing -------------------------------------------------------------------

_NOT_LIVE = {
    "withdrawn": "The claim was withdrawn.",
    "fulfilled": "The visit for this claim has been logged.",
    "expired": "The claim's week has ended.",
}


def _ensure_live(claim: Claim, today: date) -> None:
    status = claim_status.status_of(claim, today)
    if status != "live":
        raise Conflict(f"{_NOT_LIVE[status]} It can no longer change.")


def answer_claim(claim: Claim, partner: Person, response: str, today: date | None = None) -> Claim:
    """The partner named on a live claim accepts or declines it (and may change their mind).
    A declined claim stays the claimant's, to go with someone else or to withdraw."""
    if claim.partner_id != partner.id:
        raise Conflict("Only the partner named on a claim accepts or declines it.")
    _ensure_live(claim, today or local_today(partner.scheme.timezone))
    if claim.partner_response != response:
        before = claim.partner_response
        claim.partner_response, claim.partner_responded_at = response, utcnow()
        audit.record(
            claim.scheme_id,
            partner,
            "claim",
            claim.id,
            ANSWER_ACTIONS[response],
            {"partner_response": [before, response]},
        )
    db.session.commit()
    return claim


def withdraw_claim(claim: Claim, actor: Person, *, today: date | None = None) -> Claim:
    """The claimant (or the manager) withdraws a live claim: its week is open again."""
    if not actor.has_role("manager") and claim.claimant_id != actor.id:
        raise Conflict("Only the claimant withdraws a claim: as its partner, decline it.")
    _ensure_live(claim, today or local_today(actor.scheme.timezone))
    claim.withdrawn_at = utcnow()
    audit.record(claim.scheme_id, actor, "claim", claim.id, "withdraw", {"status": "withdrawn"})
    db.session.commit()
    return claim
