"""Weeks and claims for the claim, open-slot and calendar tests.

Tests over HTTP run at the real date, so they claim weeks of the next financial year: every such
week is ahead whatever day the suite runs, and they all fall in one year. Tests of the domain
pass `now` and use 2023/24, beside visits logged in it.
"""

from datetime import date, datetime

from icv.common.dates import FinancialYear, local_today
from icv.models import Claim
from icv.scheduling.claims import create_claim

MORNING = "08:00-11:59"
MAY_2023 = datetime.fromisoformat("2023-05-01T00:00:00+01:00")  # a Monday, midnight in London


def week_ahead(n: int = 0) -> date:
    """A Monday in the next financial year: its ninth week, and `n` weeks on."""
    next_year = FinancialYear(FinancialYear.of(local_today("Europe/London")).year + 1)
    return next_year.mondays()[8 + n]


def claim_body(site, week: date, day: str = "Mon", band: str = MORNING, **fields) -> dict:
    return {"site_id": site.id, "week_start": week.isoformat(), "day": day, "band": band, **fields}


def place_claim(
    site,
    claimant,
    week: date,
    day: str = "Mon",
    band: str = MORNING,
    *,
    now: datetime,
    partner=None,
    actor=None,
    override_reason: str | None = None,
) -> Claim:
    """A claim made through the domain at `now`, by the claimant unless an actor is given."""
    actor = actor or claimant
    data = {
        "site_id": site.id,
        "week_start": week,
        "day": day,
        "band": band,
        "partner_id": partner.id if partner else None,
    }
    if actor.id != claimant.id:
        data["claimant_id"] = claimant.id
    if override_reason is not None:
        data["override_reason"] = override_reason
    return create_claim(site.scheme, actor, data, now=now)
