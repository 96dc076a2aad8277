"""A newly logged visit carries out what was arranged for its slot: the plan item and the
claim at the same site, week, day and band, naming one of its visitors, with no visit yet.

Each is linked in the caller's transaction, with the visit, and never refuses it. A visit
logged after its week ended still fulfils its claim; a withdrawn claim is never fulfilled.
"""

from sqlalchemy import ColumnElement, or_, select

from icv.common.database import db
from icv.common.dates import zone
from icv.models import Claim, Plan, PlanItem, PlanItemVisitor, Visit
from icv.sites.periods import monday_of


def _same_slot(visit: Visit, arranged: type[PlanItem] | type[Claim]) -> list[ColumnElement]:
    local_day = visit.arrived_at.astimezone(zone(visit.site.scheme.timezone)).date()
    return [
        arranged.site_id == visit.site_id,
        arranged.week_start == monday_of(local_day),
        arranged.slot_day == visit.slot_day,
        arranged.slot_band == visit.slot_band,
        arranged.visit_id.is_(None),
    ]


def _plan_item_for(visit: Visit) -> PlanItem | None:
    return db.session.scalar(
        select(PlanItem)
        .join(Plan)
        .where(
            Plan.scheme_id == visit.scheme_id,
            *_same_slot(visit, PlanItem),
            PlanItem.visitors.any(PlanItemVisitor.person_id.in_(visit.visitor_ids)),
        )
        .order_by(PlanItem.id)
        .limit(1)
    )


def _claim_for(visit: Visit) -> Claim | None:
    ids = visit.visitor_ids
    return db.session.scalar(
        select(Claim)
        .where(
            Claim.scheme_id == visit.scheme_id,
            *_same_slot(visit, Claim),
            Claim.withdrawn_at.is_(None),
            or_(Claim.claimant_id.in_(ids), Claim.partner_id.in_(ids)),
        )
        .order_by(Claim.id)
        .limit(1)
    )


def link_visit(visit: Visit) -> tuple[PlanItem | None, Claim | None]:
    """Links the visit to the plan item and the claim it carries out; returns them."""
    if visit.slot_day is None:
        return None, None
    item, claim = _plan_item_for(visit), _claim_for(visit)
    for arranged in (item, claim):
        if arranged is not None:
            arranged.visit_id = visit.id
    return item, claim
