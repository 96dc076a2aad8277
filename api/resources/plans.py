"""Plans: proposed slots and visitor pairs for coming weeks.

The manager creates, reads and withdraws the scheme's plans. A visitor reads only the plans
naming them and, within each, only the items naming them, and accepts or declines those.
Inspectors and viewers are refused every plan endpoint: a plan tells when visits will come.
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import Length, Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from api.framework.schemas import calendar_date
from api.resources.arranged_slots import ArrangedSlotSchema
from icv import visibility
from icv.models import PlanItem
from icv.scheduling import plans

blp = Blueprint("plans", __name__, url_prefix="/api/v1", description="Visit plans")

MAX_SEED = 2**63 - 1


class PlanCreateSchema(Schema):
    site_ids = fields.List(
        fields.Integer(strict=True), required=True, validate=Length(min=1, max=50)
    )
    starts_on = calendar_date(
        data_key="from", required=True, metadata={"description": "a Monday, local date"}
    )
    weeks = fields.Integer(strict=True, required=True, validate=Range(1, 53))
    include_handover = fields.Boolean(load_default=False)
    seed = fields.Integer(
        strict=True,
        allow_none=True,
        validate=Range(0, MAX_SEED),
        metadata={"description": "the same seed over the same records gives the same plan"},
    )


class AnswerSchema(Schema):
    person_id = fields.Integer()
    response = fields.String(metadata={"description": "proposed | accepted | declined"})
    responded_at = fields.AwareDateTime(allow_none=True)


class PlanItemSchema(ArrangedSlotSchema):
    id = fields.Integer()
    plan_id = fields.Integer()
    visitor_ids = fields.List(fields.Integer())
    avoid_handover = fields.Method("window_to_avoid")
    target_handover = fields.Method("window_to_target")
    status = fields.String(metadata={"description": "proposed | accepted | declined"})
    answers = fields.List(fields.Nested(AnswerSchema), attribute="visitors")
    visit_id = fields.String(allow_none=True)

    def window_to_avoid(self, item: PlanItem) -> str | None:
        return item.handover_window if item.handover_action == "avoid" else None

    def window_to_target(self, item: PlanItem) -> str | None:
        return item.handover_window if item.handover_action == "target" else None


class PlanSchema(Schema):
    """A plan; `seed`, `site_ids` and `created_by_id` are shown to the manager only."""

    id = fields.Integer()
    starts_on = fields.Date(data_key="from")
    weeks = fields.Integer()
    include_handover = fields.Boolean()
    seed = fields.Integer()
    site_ids = fields.List(fields.Integer())
    created_by_id = fields.Integer()
    created_at = fields.AwareDateTime()
    items = fields.List(fields.Nested(PlanItemSchema))


# Examples for the OpenAPI document.
NEW_PLAN_EXAMPLE = {
    "site_ids": [1, 2],
    "from": "2024-09-02",
    "weeks": 4,
    "include_handover": False,
    "seed": 20240902,
}
PLAN_ITEM_EXAMPLE = {
    "id": 57,
    "plan_id": 9,
    "site_id": 2,
    "site_name": "Riverside Custody Suite",
    "week_start": "2024-09-09",
    "day": "Wed",
    "band": "16:00-19:59",
    "dates": ["2024-09-11"],
    "visitor_ids": [12, 19],
    "avoid_handover": "18:30-19:15",
    "target_handover": None,
    "status": "proposed",
    "answers": [
        {"person_id": 12, "response": "accepted", "responded_at": "2024-09-03T18:20:00+00:00"},
        {"person_id": 19, "response": "proposed", "responded_at": None},
    ],
    "visit_id": None,
}
PLAN_EXAMPLE = {
    "id": 9,
    "from": "2024-09-02",
    "weeks": 4,
    "include_handover": False,
    "seed": 20240902,
    "site_ids": [1, 2],
    "created_by_id": 1,
    "created_at": "2024-08-27T10:15:00+00:00",
    "items": [PLAN_ITEM_EXAMPLE],
}


@blp.route("/plans", methods=["POST"])
@allow("manager")
@blp.arguments(PlanCreateSchema, example=NEW_PLAN_EXAMPLE)
@blp.response(201, PlanSchema)
def create_plan(data):
    """Propose a visit plan for the coming weeks.

    A slot and a pair of visitors for each site and week (a month at a dog unit), aimed at the
    least covered slots.
    """
    manager = current_person()
    plan = plans.create_plan(manager.scheme, manager, data)
    return plan, 201, {"Location": url_for("plans.get_plan", plan_id=plan.id)}


@blp.route("/plans", methods=["GET"])
@blp.conditional(sync=True)
@allow("manager", "visitor")
@blp.arguments(SyncQuerySchema, location="query")
@blp.response(200, PlanSchema(many=True), example=[PLAN_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_plans(filters, pagination_parameters):
    """List visit plans.

    Newest first. A visitor sees only the plans naming them, and only their own items.
    """
    caller = current_person()
    page = page_of(
        plans.plans_query(caller), pagination_parameters, updated_since=filters.get("updated_since")
    )
    return [visibility.plan_seen_by(caller, plan) for plan in page]


@blp.route("/plans/<int:plan_id>", methods=["GET"])
@allow("manager", "visitor")
@blp.response(200, PlanSchema, example=PLAN_EXAMPLE)
def get_plan(plan_id: int):
    """Read a visit plan.

    A visitor reads only a plan naming them, with only their own items.
    """
    caller = current_person()
    return visibility.plan_seen_by(caller, visibility.plan_for(caller, plan_id))


@blp.route("/plans/<int:plan_id>", methods=["DELETE"])
@allow("manager")
@blp.response(204)
def withdraw_plan(plan_id: int):
    """Withdraw a visit plan.

    Its weeks can then be planned again; a 409 once a visit is logged against it.
    """
    manager = current_person()
    plans.withdraw_plan(visibility.plan_for(manager, plan_id, for_update=True), manager)


@blp.route("/plan-items/<int:item_id>/accept", methods=["POST"])
@allow("visitor")
@blp.response(200, PlanItemSchema, example=PLAN_ITEM_EXAMPLE)
def accept_item(item_id: int):
    """Accept a planned visit.

    A visitor named on the item accepts it.
    """
    visitor = current_person()
    item = plans.get_item_for_answer(visitor.scheme_id, item_id, visitor.id)
    return plans.answer_item(item, visitor, "accepted")


@blp.route("/plan-items/<int:item_id>/decline", methods=["POST"])
@allow("visitor")
@blp.response(200, PlanItemSchema, example={**PLAN_ITEM_EXAMPLE, "status": "declined"})
def decline_item(item_id: int):
    """Decline a planned visit.

    A visitor named on the item declines it; its slot is free for the next plan.
    """
    visitor = current_person()
    item = plans.get_item_for_answer(visitor.scheme_id, item_id, visitor.id)
    return plans.answer_item(item, visitor, "declined")
