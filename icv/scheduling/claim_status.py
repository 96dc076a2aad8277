"""Where a claim stands, worked out from its dates and links: nothing is stored, and nothing
has to run for a claim to expire.

- `withdrawn`: its claimant (or the manager) withdrew it;
- `fulfilled`: a visit was logged in its slot and linked to it (`icv.scheduling.visit_links`);
- `expired`: its week ended (the local midnight ending its Sunday) without such a visit;
- `live`: otherwise. Only a live claim holds its site's week and counts towards coverage.

A live claim whose partner has not accepted by the start of its week `needs_partner`: the
manager's list of claims shows the flag and can be filtered by it.
"""

from datetime import date

from sqlalchemy import ColumnElement, and_, or_

from icv.models import Claim
from icv.sites.periods import monday_of

CLAIM_STATUSES = ("live", "fulfilled", "expired", "withdrawn")


def waiting_since(since: date) -> ColumnElement[bool]:
    """SQL condition: not withdrawn, no visit yet, in a week from the Monday `since`. From the
    current week's Monday, that is a live claim; the planner asks it from a plan's first week,
    as it does of plan items."""
    return and_(Claim.withdrawn_at.is_(None), Claim.visit_id.is_(None), Claim.week_start >= since)


def status_of(claim: Claim, today: date) -> str:
    if claim.withdrawn_at is not None:
        return "withdrawn"
    if claim.visit_id is not None:
        return "fulfilled"
    return "live" if claim.week_start >= monday_of(today) else "expired"


def with_status(status: str, today: date) -> ColumnElement[bool]:
    """SQL condition: the claim has this status today."""
    not_withdrawn = Claim.withdrawn_at.is_(None)
    conditions = {
        "withdrawn": Claim.withdrawn_at.is_not(None),
        "fulfilled": and_(not_withdrawn, Claim.visit_id.is_not(None)),
        "expired": and_(
            not_withdrawn, Claim.visit_id.is_(None), Claim.week_start < monday_of(today)
        ),
        "live": waiting_since(monday_of(today)),
    }
    return conditions[status]


def needs_partner(claim: Claim, today: date) -> bool:
    return (
        status_of(claim, today) == "live"
        and claim.week_start <= today
        and claim.partner_response != "accepted"
    )


def needing_partner(today: date) -> ColumnElement[bool]:
    """SQL condition: `needs_partner` today."""
    return and_(
        waiting_since(monday_of(today)),
        Claim.week_start <= today,
        or_(Claim.partner_response.is_(None), Claim.partner_response != "accepted"),
    )
