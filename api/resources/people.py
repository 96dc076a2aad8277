"""People of a scheme (manager), and each person's own record.

A manager sees everything of the people of their scheme; anyone else reads only their own
record, without the fields in `icv.people.people.PRIVATE_FIELDS` (demographics, leaving details).
A change of `status` is a move of the volunteer's path (see `icv.people.lifecycle`).
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Range

from api.framework.authorization import allow, current_person, signed_in
from api.framework.blueprint import Blueprint
from api.framework.etags import check_if_match, not_modified_response, with_etag
from api.framework.pagination import PAGE_SIZES, SyncQuerySchema, page_of
from api.framework.schemas import calendar_date, text
from api.framework.step_up import check_recent_confirmation
from icv import visibility
from icv.common.passwords import MAX_LENGTH, MIN_LENGTH
from icv.models import PERSON_STATUSES, ROLES, Person
from icv.people import people, step_up

blp = Blueprint("people", __name__, url_prefix="/api/v1", description="People of a scheme")


class PersonSchema(Schema):
    id = fields.Integer(dump_only=True)
    name = fields.String(dump_only=True)
    email = fields.String(dump_only=True)
    roles = fields.List(fields.String(), dump_only=True)
    aws = fields.Boolean(dump_only=True)
    site_ids = fields.List(fields.Integer(), dump_only=True)
    status = fields.String(dump_only=True)
    joined_on = fields.Date(dump_only=True)
    probation_ends_on = fields.Date(dump_only=True, allow_none=True)
    buddy_id = fields.Integer(dump_only=True, allow_none=True)
    appointed_on = fields.Date(dump_only=True, allow_none=True)
    term_ends_on = fields.Date(dump_only=True, allow_none=True)
    left_on = fields.Date(dump_only=True, allow_none=True)
    leave_reason = fields.String(dump_only=True, allow_none=True)
    exit_interview_notes = fields.String(dump_only=True, allow_none=True)
    home_area = fields.String(dump_only=True, allow_none=True)
    gender = fields.String(dump_only=True, allow_none=True)
    birth_year = fields.Integer(dump_only=True, allow_none=True)
    tact_trained_on = fields.Date(dump_only=True, allow_none=True)
    vetting_expires_on = fields.Date(dump_only=True, allow_none=True)
    created_at = fields.DateTime(dump_only=True)
    updated_at = fields.DateTime(dump_only=True)
    version = fields.Integer(dump_only=True)


class PersonWriteSchema(Schema):
    """The fields a manager writes. Unknown fields (`id`, `version`, ...) are a 422."""

    name = text(200, required=True)
    email = fields.Email(required=True, validate=Length(max=254))
    password = fields.String(load_only=True, validate=Length(MIN_LENGTH, MAX_LENGTH))
    roles = fields.List(fields.String(validate=OneOf(ROLES)), required=True, validate=Length(min=1))
    aws = fields.Boolean(load_default=False)
    site_ids = fields.List(fields.Integer(strict=True), load_default=list)
    status = fields.String(required=True, validate=OneOf(PERSON_STATUSES))
    joined_on = calendar_date(required=True)
    probation_ends_on = calendar_date(allow_none=True)
    buddy_id = fields.Integer(strict=True, allow_none=True)
    term_ends_on = calendar_date(
        allow_none=True, metadata={"description": "default: three years after appointment"}
    )
    left_on = calendar_date(allow_none=True)
    leave_reason = text(2000, allow_none=True)
    exit_interview_notes = text(10000, allow_none=True)
    home_area = text(100, allow_none=True)
    gender = text(40, allow_none=True)
    birth_year = fields.Integer(strict=True, allow_none=True, validate=Range(1900, 2100))
    tact_trained_on = calendar_date(
        allow_none=True,
        metadata={"description": "trained to visit people held under terrorism legislation"},
    )
    vetting_expires_on = calendar_date(
        allow_none=True,
        metadata={
            "description": "the last day the vetting is valid: after it the visitor may not "
            "be put on a visit, a plan or a claim; null when no expiry is recorded"
        },
    )


class PersonPatchSchema(PersonWriteSchema):
    """Any subset of the writable fields; use it as `PersonPatchSchema(partial=True)`.

    With a new `status`, `status_on` dates the move (default today; a leaving takes effect on
    `left_on`) and `status_note` is kept with it in the status history.
    """

    aws = fields.Boolean()
    site_ids = fields.List(fields.Integer(strict=True))
    status_on = calendar_date(metadata={"description": "the day the new status took effect"})
    status_note = text(2000, metadata={"description": "kept with the move in the history"})


class PeopleQuerySchema(SyncQuerySchema):
    role = fields.String(validate=OneOf(ROLES))
    status = fields.String(validate=OneOf(PERSON_STATUSES))
    term_expiring_within = fields.Integer(
        validate=Range(0, 3650),
        metadata={"description": "days: appointed volunteers whose term ends by then, or ended"},
    )
    probation_ending_within = fields.Integer(
        validate=Range(0, 3650),
        metadata={"description": "days: probationers whose probation ends by then, or is over"},
    )
    vetting_expiring_within = fields.Integer(
        validate=Range(0, 3650),
        metadata={
            "description": "days: volunteers (not left) whose vetting expires by then, "
            "or has expired, soonest first"
        },
    )


# Examples for the OpenAPI document.
PERSON_EXAMPLE = {
    "id": 12,
    "name": "Priya Shah",
    "email": "priya.shah@example.org",
    "roles": ["visitor"],
    "aws": True,
    "site_ids": [],
    "status": "active",
    "joined_on": "2021-09-06",
    "probation_ends_on": "2022-03-06",
    "buddy_id": 7,
    "appointed_on": "2021-09-06",
    "term_ends_on": "2024-09-06",
    "left_on": None,
    "leave_reason": None,
    "exit_interview_notes": None,
    "home_area": "North",
    "gender": "female",
    "birth_year": 1984,
    "tact_trained_on": None,
    "vetting_expires_on": "2026-05-31",
    "created_at": "2021-08-16T10:02:41+01:00",
    "updated_at": "2022-03-07T09:15:00+00:00",
    "version": 3,
}
NEW_PERSON_EXAMPLE = {
    "name": "Tom Ellis",
    "email": "tom.ellis@example.org",
    "password": "a long passphrase of his own",
    "roles": ["visitor"],
    "aws": False,
    "status": "probation",
    "joined_on": "2024-09-02",
    "probation_ends_on": "2025-03-02",
    "buddy_id": 12,
    "home_area": "City",
    "gender": "male",
    "birth_year": 1990,
}
PERSON_CHANGE_EXAMPLE = {
    "status": "left",
    "left_on": "2024-11-30",
    "leave_reason": "Moved out of the area",
    "status_note": "Exit interview held on 28 November",
}


def record_for(caller: Person, person: Person):
    """The person as the caller may see them: a manager sees the whole record; anyone else
    (reading their own) sees it without the private fields."""
    if visibility.sees_private_records(caller):
        return person
    return {
        name: getattr(person, name)
        for name in PersonSchema().fields
        if name not in people.PRIVATE_FIELDS
    }


@blp.route("/people", methods=["GET"])
@blp.conditional(sync=True)
@allow("manager")
@blp.arguments(PeopleQuerySchema, location="query")
@blp.response(200, PersonSchema(many=True), example=[PERSON_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_people(filters, pagination_parameters):
    """List the people of the scheme.

    The people of the manager's scheme, by name; filter by `role` and `status`.

    `term_expiring_within=90` lists the appointed volunteers whose term ends within 90 days
    (or has ended unrenewed), `probation_ending_within=30` the probationers due for review,
    `vetting_expiring_within=90` the volunteers whose vetting expires within 90 days or has
    already expired (they may not visit until it is renewed); each soonest first.
    """
    since = filters.pop("updated_since", None)
    query = people.people_query(current_person(), **filters)
    return page_of(query, pagination_parameters, updated_since=since)


@blp.route("/people", methods=["POST"])
@allow("manager")
@blp.arguments(PersonWriteSchema, example=NEW_PERSON_EXAMPLE)
@blp.response(201, PersonSchema)
def create_person(data):
    """Add a person to the scheme.

    A volunteer, manager, inspector (with the `site_ids` they answer for) or viewer. What the
    status needs comes with it: a leaver's `left_on` and `leave_reason` (else a 422).

    Without a `password`, someone who can sign in (probation, active) is emailed an
    invitation to choose their own. A new manager needs a recent confirmation
    (`POST /auth/confirm`), else a 403.
    """
    manager = current_person()
    if step_up.person_change_needs_it(manager, None, data):
        check_recent_confirmation()
    person = people.create_person(manager.scheme, manager, data)
    location = url_for("people.get_person", person_id=person.id)
    return with_etag(person, person, 201, {"Location": location})


@blp.route("/people/<int:person_id>", methods=["GET"])
@blp.conditional()
@signed_in
@blp.response(200, PersonSchema, example=PERSON_EXAMPLE)
def get_person(person_id: int):
    """Read a person.

    A manager reads anyone in their scheme; everyone else reads only their own record.
    """
    caller = current_person()
    person = visibility.person_for(caller, person_id)
    return not_modified_response(person) or with_etag(person, record_for(caller, person))


@blp.route("/people/<int:person_id>", methods=["PATCH"])
@allow("manager")
@blp.arguments(PersonPatchSchema(partial=True), example=PERSON_CHANGE_EXAMPLE)
@blp.response(200, PersonSchema)
def update_person(changes, person_id: int):
    """Change a person, or move them along the volunteer's path.

    `If-Match` with the ETag guards against overwriting someone's edit.

    Moves of status: applicant -> vetting -> probation -> active, probation or active ->
    suspended -> back, any -> left (with `left_on` and `leave_reason`), left -> applicant;
    any other move is a 409.

    Giving the manager role, or changing someone else's email, needs a recent confirmation
    (`POST /auth/confirm`), else a 403.
    """
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    check_if_match(person)
    if step_up.person_change_needs_it(manager, person, changes):
        check_recent_confirmation()
    person = people.update_person(person, manager, changes)
    return with_etag(person, person)
