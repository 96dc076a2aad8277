"""The scheme's checklists: what visitors check about the suite, each detainee seen, and the
dog unit. Everyone signed in reads them (the phone builds its form from them); the manager adds,
relabels and retires items. A retired item keeps its meaning on the visits that used it."""

from marshmallow import Schema, fields
from marshmallow.validate import Length, Regexp

from api.framework.authorization import allow, current_person, signed_in
from api.framework.blueprint import Blueprint
from api.framework.schemas import text
from icv.visits import checklists

blp = Blueprint(
    "checklists", __name__, url_prefix="/api/v1", description="The scheme's visit checklists"
)

KEY = [Length(1, 40), Regexp(r"^[a-z][a-z0-9_]*$", error="Use lower_snake_case.")]


class ChecklistItemSchema(Schema):
    key = fields.String(required=True, validate=KEY)
    label = text(100, required=True)
    active = fields.Boolean(load_default=True)


class ChecklistItemChangeSchema(Schema):
    label = text(100)
    active = fields.Boolean()


class ChecklistsSchema(Schema):
    suite = fields.List(fields.Nested(ChecklistItemSchema))
    detainee = fields.List(fields.Nested(ChecklistItemSchema))
    dog = fields.List(fields.Nested(ChecklistItemSchema))


ITEM_EXAMPLE = {"key": "hearing_loop", "label": "Hearing loop at the desk", "active": True}
CHECKLISTS_EXAMPLE = {
    "suite": [{"key": "cells_clean", "label": "Cells clean", "active": True}],
    "detainee": [
        {
            "key": "rights_and_entitlements_given",
            "label": "Told of their rights and entitlements",
            "active": True,
        }
    ],
    "dog": [{"key": "water_available", "label": "Fresh water available", "active": True}],
}


@blp.route("/checklists", methods=["GET"])
@signed_in
@blp.response(200, ChecklistsSchema, example=CHECKLISTS_EXAMPLE)
def list_checklists():
    """Read the scheme's checklists.

    `{suite, detainee, dog}`, each a list of `{key, label, active}`; retired items are listed
    with `active: false` (old visits may hold them), new visits answer the active ones.
    """
    return checklists.all_checklists(current_person().scheme_id)


@blp.route("/checklists/<kind>/items", methods=["POST"])
@allow("manager")
@blp.arguments(ChecklistItemSchema, example=ITEM_EXAMPLE)
@blp.response(201, ChecklistItemSchema)
def add_item(data, kind: str):
    """Add an item to a checklist (`suite`, `detainee` or `dog`)."""
    manager = current_person()
    return checklists.add_item(
        manager.scheme, manager, kind, data["key"], data["label"], data["active"]
    )


@blp.route("/checklists/<kind>/items/<key>", methods=["PATCH"])
@allow("manager")
@blp.arguments(ChecklistItemChangeSchema, example={"label": "Cells clean and dry"})
@blp.response(200, ChecklistItemSchema)
def change_item(changes, kind: str, key: str):
    """Relabel or retire (`active: false`) a checklist item, or bring one back."""
    manager = current_person()
    return checklists.change_item(manager.scheme, manager, kind, key, changes)
