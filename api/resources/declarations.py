"""Declarations of interest: what a volunteer declares that could compromise their
independence, and the manager's review of it (`icv.people.declarations`).

A volunteer reads and makes their own declarations; a manager those of anyone in the scheme,
and alone reviews them. Anyone else's person is a 404, as for `/people/{id}`.
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import calendar_date, text
from icv import visibility
from icv.models import DECLARATION_DECISIONS, DECLARATION_KINDS
from icv.people import declarations

blp = Blueprint(
    "declarations",
    __name__,
    url_prefix="/api/v1",
    description="Declarations of interest by volunteers, and their review",
)


class DeclarationSchema(Schema):
    id = fields.Integer()
    person_id = fields.Integer()
    kind = fields.String()
    detail = fields.String()
    declared_on = fields.Date()
    recorded_at = fields.AwareDateTime()
    recorded_by_id = fields.Integer(allow_none=True)
    decision = fields.String(
        allow_none=True, metadata={"description": "null until a manager reviews it"}
    )
    site_ids = fields.List(
        fields.Integer(), metadata={"description": "the sites a restriction keeps them off"}
    )
    review_note = fields.String(allow_none=True)
    reviewed_at = fields.AwareDateTime(allow_none=True)
    reviewed_by_id = fields.Integer(allow_none=True)


class NewDeclarationSchema(Schema):
    kind = fields.String(required=True, validate=OneOf(DECLARATION_KINDS))
    detail = text(5000, required=True)
    declared_on = calendar_date(required=True)


class ReviewSchema(Schema):
    decision = fields.String(required=True, validate=OneOf(DECLARATION_DECISIONS))
    site_ids = fields.List(
        fields.Integer(strict=True),
        validate=Length(max=100),
        metadata={"description": "with `restricted_to_sites`: the sites to keep them off"},
    )
    note = text(2000, metadata={"description": "why: kept with the review in the audit trail"})


NEW_DECLARATION_EXAMPLE = {
    "kind": "family_in_police",
    "detail": "My brother is a response sergeant at Northgate.",
    "declared_on": "2024-06-03",
}
REVIEW_EXAMPLE = {
    "decision": "restricted_to_sites",
    "site_ids": [2],
    "note": "Not to visit the suite where her brother may be on duty.",
}
DECLARATION_EXAMPLE = {
    "id": 4,
    "person_id": 12,
    **NEW_DECLARATION_EXAMPLE,
    "recorded_at": "2024-06-03T18:20:00+01:00",
    "recorded_by_id": 12,
    "decision": "restricted_to_sites",
    "site_ids": [2],
    "review_note": "Not to visit the suite where her brother may be on duty.",
    "reviewed_at": "2024-06-05T09:10:00+01:00",
    "reviewed_by_id": 3,
}


@blp.route("/people/<int:person_id>/declarations", methods=["GET"])
@blp.conditional()
@allow("manager", "visitor")
@blp.response(200, DeclarationSchema(many=True), example=[DECLARATION_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_declarations(person_id: int, pagination_parameters):
    """List a volunteer's declarations of interest.

    Newest first, each with its review (`decision: null` while not yet reviewed). A volunteer
    lists their own; a manager anyone's in the scheme.
    """
    person = visibility.person_for(current_person(), person_id)
    return page_of(declarations.declarations_query(person.id), pagination_parameters)


@blp.route("/people/<int:person_id>/declarations", methods=["POST"])
@allow("manager", "visitor")
@blp.arguments(NewDeclarationSchema, example=NEW_DECLARATION_EXAMPLE)
@blp.response(201, DeclarationSchema)
def declare(data, person_id: int):
    """Declare an interest.

    A connection that could compromise the volunteer's independence: `works_for_police`,
    `family_in_police`, `criminal_justice_work` or `other`, with the detail and the day it was
    declared. Made by the volunteer, or by a manager for them. It restricts nothing until a
    manager reviews it.
    """
    caller = current_person()
    person = visibility.person_for(caller, person_id)
    declaration = declarations.declare(person, caller, data)
    location = url_for(
        "declarations.get_declaration", person_id=person.id, declaration_id=declaration.id
    )
    return declaration, 201, {"Location": location}


@blp.route("/people/<int:person_id>/declarations/<int:declaration_id>", methods=["GET"])
@allow("manager", "visitor")
@blp.response(200, DeclarationSchema, example=DECLARATION_EXAMPLE)
def get_declaration(person_id: int, declaration_id: int):
    """Read a declaration of interest.

    A volunteer reads their own; a manager anyone's in the scheme.
    """
    person = visibility.person_for(current_person(), person_id)
    return declarations.declaration_for(person, declaration_id)


@blp.route("/people/<int:person_id>/declarations/<int:declaration_id>", methods=["PATCH"])
@allow("manager")
@blp.arguments(ReviewSchema, example=REVIEW_EXAMPLE)
@blp.response(200, DeclarationSchema, example=DECLARATION_EXAMPLE)
def review_declaration(data, person_id: int, declaration_id: int):
    """Review a declaration of interest.

    `accepted` (no restriction), `restricted_to_sites` with the `site_ids` the volunteer is
    kept off (in plans, claims and visits), or `not_compatible` (no visits at all until
    reviewed again). A later review replaces the earlier; each is audited with who and when.
    """
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    declaration = declarations.declaration_for(person, declaration_id)
    return declarations.review(declaration, manager, data)
