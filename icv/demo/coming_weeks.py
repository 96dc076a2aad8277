"""The demo's coming weeks: what the manager has planned and what visitors have claimed.

From next Monday the manager has planned four weeks of the main suite and the dog unit
(`icv.scheduling.plans`, which draws the least covered slots and the pairs); the demo visitor
has claimed an open slot at the second suite with a partner who has yet to answer, and another
pair a later week, accepted (`icv.scheduling.claims`, which allows only open slots). The rest of
the second suite's weeks stay open for visitors to choose.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import local_midnight
from icv.models import Person, PersonRole, Scheme, Site
from icv.people.eligibility import why_may_not_visit
from icv.scheduling import claims, open_slots, plans
from icv.sites.periods import monday_of

PLANNED_WEEKS = 4
PLANNED_SITES = ("suite-a", "dogs")
CLAIMED_SITE = "suite-b"
CLAIMS_WITHIN_WEEKS = 6


def _appointed_visitors(scheme: Scheme, kind: str) -> list[Person]:
    candidates = db.session.scalars(
        select(Person)
        .where(
            Person.scheme_id == scheme.id,
            Person.status == "active",
            Person.role_rows.any(PersonRole.role == "visitor"),
        )
        .order_by(Person.id)
    )
    return [person for person in candidates if why_may_not_visit(person, kind) is None]


def _claim(
    scheme: Scheme, claimant: Person, partner: Person, site: Site, week: date, rng, now
) -> object | None:
    choices = open_slots.open_slots([site], [week], now)
    if not choices:
        return None
    chosen = rng.choice(choices)
    data = {
        "site_id": site.id,
        "week_start": week,
        "day": chosen.day,
        "band": chosen.band,
        "partner_id": partner.id,
    }
    return claims.create_claim(scheme, claimant, data, now=now)


def load(
    scheme: Scheme,
    manager: Person,
    demo_visitor: Person,
    sites_by_key: dict[str, Site],
    today: date,
    rng: random.Random,
) -> None:
    now = local_midnight(today, scheme.timezone)
    this_week = monday_of(today)
    site = sites_by_key[CLAIMED_SITE]
    others = [p for p in _appointed_visitors(scheme, site.kind) if p.id != demo_visitor.id]
    weeks = [this_week + timedelta(weeks=n) for n in range(CLAIMS_WITHIN_WEEKS)]
    open_weeks = [week for week in weeks if open_slots.open_slots([site], [week], now)]
    if len(others) >= 3 and open_weeks:
        first, second, third = rng.sample(others, 3)
        _claim(scheme, demo_visitor, first, site, open_weeks[0], rng, now)
        if len(open_weeks) > 1:
            claim = _claim(scheme, second, third, site, open_weeks[-1], rng, now)
            if claim is not None:
                claims.answer_claim(claim, third, "accepted", today=today)

    plans.create_plan(
        scheme,
        manager,
        {
            "site_ids": [sites_by_key[key].id for key in PLANNED_SITES],
            "starts_on": this_week + timedelta(weeks=1),
            "weeks": PLANNED_WEEKS,
            "include_handover": False,
            "seed": rng.getrandbits(plans.SEED_BITS),
        },
    )
