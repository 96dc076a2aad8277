"""Claims: visitors claim open slots, name a partner, and the partner answers.

A visitor sees the claims naming them (as claimant or partner); a manager sees, places (for a
visitor, overriding the coverage rules with a reason) and withdraws every claim of the scheme.
Inspectors and viewers are refused every claim endpoint: a claim tells when a visit will come.

A refused claim is a 409 whose body adds `alternatives`: the open slots of that week the
claimant could take instead, as `GET /slots/open` lists them.
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.errors import problem, rollback_quietly
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from api.framework.schemas import calendar_date, text
from api.resources.arranged_slots import ArrangedSlotSchema
from api.resources.open_slots import OpenSlotSchema
from icv import visibility
from icv.common.dates import local_today
from icv.models import Claim
from icv.scheduling import claim_status, claims
from icv.sites.grids import grid_for

blp = Blueprint("claims", __name__, url_prefix="/api/v1", description="Claims on open slots")


class ClaimCreateSchema(Schema):
    site_id = fields.Integer(required=True, strict=True)
    week_start = calendar_date(required=True, metadata={"description": "a Monday, local date"})
    day = fields.String(required=True, validate=Length(1, 20), metadata={"example": "Mon"})
    band = fields.String(required=True, validate=Length(1, 20), metadata={"example": "08:00-11:59"})
    partner_id = fields.Integer(strict=True, allow_none=True)
    claimant_id = fields.Integer(
        strict=True, metadata={"description": "manager only: the visitor the claim is for"}
    )
    override_reason = text(
        1000, metadata={"description": "manager only: places a claim the coverage rules refuse"}
    )


class ClaimsQuerySchema(SyncQuerySchema):
    site_id = fields.Integer()
    status = fields.String(validate=OneOf(claim_status.CLAIM_STATUSES))
    needs_partner = fields.Boolean(
        metadata={"description": "live claims whose week has started without an accepted partner"}
    )


class ClaimSchema(ArrangedSlotSchema):
    id = fields.Integer()
    handover_window = fields.Method(
        "window", metadata={"description": "a staff handover window in the band, to avoid"}
    )
    claimant_id = fields.Integer()
    partner_id = fields.Integer(allow_none=True)
    partner_response = fields.String(
        allow_none=True, metadata={"description": "pending | accepted | declined"}
    )
    partner_responded_at = fields.AwareDateTime(allow_none=True)
    status = fields.Method("current_status", metadata={"description": "live | fulfilled | ..."})
    needs_partner = fields.Method("partner_needed")
    visit_id = fields.String(allow_none=True)
    override_reason = fields.String(allow_none=True)
    created_by_id = fields.Integer()
    created_at = fields.AwareDateTime()

    def window(self, claim: Claim) -> str | None:
        window = grid_for(claim.site.kind).handover_window_in(claim.slot_band)
        return window.label if window else None

    def current_status(self, claim: Claim) -> str:
        return claim_status.status_of(claim, local_today(claim.site.scheme.timezone))

    def partner_needed(self, claim: Claim) -> bool:
        return claim_status.needs_partner(claim, local_today(claim.site.scheme.timezone))


# Examples for the OpenAPI document.
NEW_CLAIM_EXAMPLE = {
    "site_id": 2,
    "week_start": "2024-09-09",
    "day": "Wed",
    "band": "16:00-19:59",
    "partner_id": 19,
}
CLAIM_EXAMPLE = {
    "id": 23,
    "site_id": 2,
    "site_name": "Riverside Custody Suite",
    "week_start": "2024-09-09",
    "day": "Wed",
    "band": "16:00-19:59",
    "dates": ["2024-09-11"],
    "handover_window": "18:30-19:15",
    "claimant_id": 12,
    "partner_id": 19,
    "partner_response": "accepted",
    "partner_responded_at": "2024-09-02T21:47:10+00:00",
    "status": "live",
    "needs_partner": False,
    "visit_id": None,
    "override_reason": None,
    "created_by_id": 12,
    "created_at": "2024-09-02T19:03:27+00:00",
}


@blp.errorhandler(claims.ClaimRefused)
def claim_refused(error: claims.ClaimRefused):
    rollback_quietly()
    alternatives = OpenSlotSchema(many=True).dump(error.alternatives)
    return problem(
        error.status,
        error.detail,
        errors=error.errors,
        extensions={"alternatives": alternatives},
    )


@blp.route("/claims", methods=["POST"])
@allow("visitor", "manager")
@blp.arguments(ClaimCreateSchema, example=NEW_CLAIM_EXAMPLE)
@blp.response(201, ClaimSchema)
@blp.alt_response(409, description="refused by the rules; `alternatives` lists open slots")
def create_claim(data):
    """Claim an open slot, with or without a partner.

    Refused (409, with `alternatives`) when the site already has its visit that week (month at
    a dog unit), a less covered slot is open that week, or the pair breaks the rules.
    """
    caller = current_person()
    claim = claims.create_claim(caller.scheme, caller, data)
    return claim, 201, {"Location": url_for("claims.get_claim", claim_id=claim.id)}


@blp.route("/claims", methods=["GET"])
@blp.conditional(sync=True)
@allow("visitor", "manager")
@blp.arguments(ClaimsQuerySchema, location="query")
@blp.response(200, ClaimSchema(many=True), example=[CLAIM_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_claims(filters, pagination_parameters):
    """List claims on open slots.

    Latest week first: a visitor's own claims (as claimant or partner), or all the scheme's for
    a manager. `needs_partner=true` lists the claims to follow up.
    """
    caller = current_person()
    since = filters.pop("updated_since", None)
    query = claims.claims_query(caller, today=local_today(caller.scheme.timezone), **filters)
    return page_of(query, pagination_parameters, updated_since=since)


@blp.route("/claims/<int:claim_id>", methods=["GET"])
@allow("visitor", "manager")
@blp.response(200, ClaimSchema, example=CLAIM_EXAMPLE)
def get_claim(claim_id: int):
    """Read a claim.

    A visitor reads the claims naming them (as claimant or partner); a manager any of the
    scheme's.
    """
    return visibility.claim_for(current_person(), claim_id)


def _answer(claim_id: int, response: str) -> Claim:
    visitor = current_person()
    claim = visibility.claim_for(visitor, claim_id, for_update=True)
    return claims.answer_claim(claim, visitor, response)


@blp.route("/claims/<int:claim_id>/accept", methods=["POST"])
@allow("visitor")
@blp.response(200, ClaimSchema, example=CLAIM_EXAMPLE)
def accept_claim(claim_id: int):
    """Accept a claim as its named partner.

    The partner named on a live claim accepts it.
    """
    return _answer(claim_id, "accepted")


@blp.route("/claims/<int:claim_id>/decline", methods=["POST"])
@allow("visitor")
@blp.response(200, ClaimSchema, example={**CLAIM_EXAMPLE, "partner_response": "declined"})
def decline_claim(claim_id: int):
    """Decline a claim as its named partner.

    The partner named on a live claim declines it; the claim stays the claimant's.
    """
    return _answer(claim_id, "declined")


@blp.route("/claims/<int:claim_id>/withdraw", methods=["POST"])
@allow("visitor", "manager")
@blp.response(200, ClaimSchema, example={**CLAIM_EXAMPLE, "status": "withdrawn"})
def withdraw_claim(claim_id: int):
    """Withdraw a claim.

    The claimant (or the manager) withdraws a live claim: its week is open again.
    """
    caller = current_person()
    claim = visibility.claim_for(caller, claim_id, for_update=True)
    return claims.withdraw_claim(claim, caller)
