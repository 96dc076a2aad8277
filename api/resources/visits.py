"""Visits: recorded by the visitors who made them (or the manager), read by the site's inspectors.

A visitor sees the visits they took part in, drafts included; an inspector sees submitted visits
at their sites; a manager sees the scheme's. Any other visit is a 404.
"""

from flask import url_for
from marshmallow import Schema, fields
from marshmallow.validate import Length, OneOf, Regexp
from sqlalchemy.orm import joinedload, selectinload

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.etags import check_if_match, not_modified_response, with_etag
from api.framework.pagination import PAGE_SIZES, page_of
from api.framework.schemas import PlainRecords, QuerySchema, WarningSchema, aware_time, text
from api.resources.visit_examples import (
    DOGS_EXAMPLE,
    NEW_VISIT_EXAMPLE,
    VISIT_CHANGE_EXAMPLE,
    VISIT_EXAMPLE,
)
from icv import visibility
from icv.models import (
    ABANDON_REASONS,
    AGE_GROUPS,
    APPROPRIATE_ADULT,
    CHECK_RESULTS,
    DETAINEE_OUTCOMES,
    DOG_LOCATIONS,
    ETHNICITIES,
    GENDERS,
    OBSERVATION_ANSWERS,
    POLICE_RANKS,
    RAISED_BY,
    VISIT_MODES,
    VISIT_OUTCOMES,
    VISIT_STATUSES,
    WELFARE_NEEDS,
    Issue,
    Person,
    Site,
    Visit,
)
from icv.sites.grids import slot_labels
from icv.visits import recording, text_screening

blp = Blueprint("visits", __name__, url_prefix="/api/v1", description="Visits to sites")

# Custody numbers and cell references: letters, digits and - / . _ ; never a name with spaces.
REF = [
    Length(1, 40),
    Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9/._-]*$", error="Use the custody or cell reference, not a name."
    ),
]


class DetaineeSchema(Schema):
    ref = fields.String(required=True, validate=REF)
    outcome = fields.String(required=True, validate=OneOf(DETAINEE_OUTCOMES))
    reason = text(500, allow_none=True)
    gender = fields.String(allow_none=True, validate=OneOf(GENDERS))
    age_group = fields.String(allow_none=True, validate=OneOf(AGE_GROUPS))
    ethnicity = fields.String(allow_none=True, validate=OneOf(ETHNICITIES))
    juvenile = fields.Boolean(
        load_default=False, metadata={"description": "an under_18 age group makes it true"}
    )
    vulnerable = fields.Boolean(load_default=False)
    tact = fields.Boolean(
        load_default=False, metadata={"description": "held under terrorism legislation"}
    )
    denied_by_rank = fields.String(
        allow_none=True,
        validate=OneOf(POLICE_RANKS),
        metadata={"description": "denied: the rank that authorised it (inspector or above)"},
    )
    appropriate_adult = fields.String(
        allow_none=True,
        validate=OneOf(APPROPRIATE_ADULT),
        metadata={"description": "required for a juvenile or vulnerable detainee"},
    )
    observations = fields.Dict(
        keys=fields.String(validate=Length(1, 40)),
        values=fields.String(validate=OneOf(OBSERVATION_ANSWERS)),
        metadata={"description": "seen only: answers to the scheme's detainee checklist"},
    )


class CheckAnswerSchema(Schema):
    result = fields.String(required=True, validate=OneOf(CHECK_RESULTS))
    note = text(1000, allow_none=True, metadata={"description": "required for a concern"})


class FeedbackSchema(Schema):
    """Whom the visitors told what they found before leaving, and what they said."""

    to_name = text(200, required=True)
    to_rank = fields.String(required=True, validate=OneOf(POLICE_RANKS))
    at = aware_time(required=True)
    summary = text(2000, required=True)


class StoredFeedbackSchema(FeedbackSchema):
    """Feedback as the visit holds it: its time as written, ISO 8601 with the offset."""

    at = fields.String(metadata={"format": "date-time"})


class WelfareNeedsSchema(Schema):
    """A dog against the five needs of section 9 of the Animal Welfare Act 2006; a need left
    out is `not_checked`, a concern needs its note."""

    error_messages = {"unknown": f"Must be one of: {', '.join(WELFARE_NEEDS)}."}

    environment = fields.Nested(
        CheckAnswerSchema, metadata={"description": "a suitable environment (kennel, vehicle)"}
    )
    diet = fields.Nested(CheckAnswerSchema, metadata={"description": "a suitable diet and water"})
    normal_behaviour = fields.Nested(
        CheckAnswerSchema, metadata={"description": "able to exhibit normal behaviour patterns"}
    )
    housed_with_or_apart = fields.Nested(
        CheckAnswerSchema,
        metadata={"description": "housed with, or apart from, other animals as it needs"},
    )
    protection_from_pain_injury_disease = fields.Nested(
        CheckAnswerSchema,
        metadata={"description": "protected from pain, suffering, injury and disease"},
    )


class DogSchema(Schema):
    ref = fields.String(required=True, validate=REF)
    needs = fields.Nested(WelfareNeedsSchema, required=True)
    location = fields.String(
        required=True,
        validate=OneOf(DOG_LOCATIONS),
        metadata={"description": "where the dog was seen"},
    )
    notes = text(2000, allow_none=True)


class VisitIssueSchema(Schema):
    id = fields.Integer(dump_only=True)
    category = fields.String(required=True, validate=Length(1, 40))
    description = text(2000, required=True)
    raised_by = fields.String(required=True, validate=OneOf(RAISED_BY))
    detainee_ref = fields.String(allow_none=True, validate=REF)
    resolved_during_visit = fields.Boolean(required=True)
    urgent = fields.Boolean(load_default=False)
    status = fields.String(dump_only=True)
    check_key = fields.String(
        dump_only=True,
        allow_none=True,
        metadata={
            "description": "raised by an urgent concern on this dog-unit check (listed, never "
            "sent back: the check carries it)"
        },
    )


class VisitBodySchema(Schema):
    """What a visit's author writes; every time must carry its UTC offset."""

    site_id = fields.Integer(required=True, strict=True)
    visitor_ids = fields.List(
        fields.Integer(strict=True), required=True, validate=Length(min=1, max=10)
    )
    arrived_at = aware_time(required=True)
    admitted_at = aware_time(allow_none=True)
    departed_at = aware_time(allow_none=True)
    access_delay_reason = text(500, allow_none=True)
    delay_authorised_by = text(200, allow_none=True)
    single_visitor_reason = text(500, allow_none=True)
    detainees = fields.List(fields.Nested(DetaineeSchema), validate=Length(max=500))
    dogs = fields.List(
        fields.Nested(DogSchema),
        validate=Length(max=100),
        metadata={"description": "dog-unit visits only", "example": DOGS_EXAMPLE},
    )
    issues = fields.List(fields.Nested(VisitIssueSchema), validate=Length(max=200))
    checks = fields.Dict(
        keys=fields.String(validate=Length(1, 40)),
        values=fields.Nested(CheckAnswerSchema),
        metadata={"description": "answers to the site's checklist (GET /checklists)"},
    )
    feedback = fields.Nested(FeedbackSchema, allow_none=True)
    notes = text(5000, allow_none=True)
    mode = fields.String(validate=OneOf(VISIT_MODES))
    outcome = fields.String(validate=OneOf(VISIT_OUTCOMES))
    curtail_reason = text(1000, allow_none=True)
    abandon_reason = fields.String(allow_none=True, validate=OneOf(ABANDON_REASONS))
    abandon_note = text(1000, allow_none=True)


class VisitCreateSchema(VisitBodySchema):
    id = fields.UUID(metadata={"description": "the phone's own id: a retry returns the same visit"})
    mode = fields.String(load_default="in_person", validate=OneOf(VISIT_MODES))
    outcome = fields.String(load_default="completed", validate=OneOf(VISIT_OUTCOMES))
    status = fields.String(load_default="draft", validate=OneOf(VISIT_STATUSES))
    detainees = fields.List(
        fields.Nested(DetaineeSchema), load_default=list, validate=Length(max=500)
    )
    dogs = fields.List(
        fields.Nested(DogSchema),
        load_default=list,
        validate=Length(max=100),
        metadata={"description": "dog-unit visits only", "example": DOGS_EXAMPLE},
    )
    issues = fields.List(
        fields.Nested(VisitIssueSchema), load_default=list, validate=Length(max=200)
    )


class VisitPatchSchema(VisitBodySchema):
    """Any subset of the visit's fields; lists replace the whole list. Use with partial=True."""

    amendment_reason = text(
        1000, metadata={"description": "required when a manager amends a submitted visit"}
    )


class SlotSchema(Schema):
    day = fields.String()
    band = fields.String()


class TotalsSchema(Schema):
    in_cells = fields.Integer()
    offered = fields.Integer()
    seen = fields.Integer()
    refused = fields.Integer()
    not_offered = fields.Integer()
    unavailable = fields.Integer()
    asleep_observed = fields.Integer()
    denied = fields.Integer()


class VisitSchema(Schema):
    id = fields.String()
    site_id = fields.Integer()
    visitor_ids = fields.List(fields.Integer())
    arrived_at = fields.AwareDateTime()
    admitted_at = fields.AwareDateTime(allow_none=True)
    departed_at = fields.AwareDateTime(allow_none=True)
    access_delay_reason = fields.String(allow_none=True)
    delay_authorised_by = fields.String(allow_none=True)
    single_visitor_reason = fields.String(allow_none=True)
    detainees = PlainRecords(DetaineeSchema)
    dogs = PlainRecords(DogSchema)
    issues = PlainRecords(VisitIssueSchema)
    checks = fields.Dict(keys=fields.String(), values=fields.Nested(CheckAnswerSchema))
    feedback = fields.Nested(StoredFeedbackSchema, allow_none=True)
    notes = fields.String(allow_none=True)
    mode = fields.String()
    outcome = fields.String()
    curtail_reason = fields.String(allow_none=True)
    abandon_reason = fields.String(allow_none=True)
    abandon_note = fields.String(allow_none=True)
    status = fields.String()
    access_delay_minutes = fields.Integer(allow_none=True)
    access = fields.String(allow_none=True)
    slot = fields.Method("visit_slot")
    in_handover = fields.Boolean()
    duration_minutes = fields.Integer(allow_none=True)
    totals = fields.Method("visit_totals")
    tact_report_required = fields.Boolean()
    repeat_slot = fields.Boolean(
        allow_none=True,
        metadata={"description": "went to an already covered slot while others were open"},
    )
    created_by_id = fields.Integer()
    created_at = fields.AwareDateTime()
    updated_at = fields.AwareDateTime()
    submitted_at = fields.AwareDateTime(allow_none=True)
    version = fields.Integer()

    def visit_slot(self, visit: Visit):
        slot = None if visit.slot_day is None else (visit.slot_day, visit.slot_band)
        return slot_labels(visit.site.kind, slot)

    def visit_totals(self, visit: Visit):
        return recording.totals(visit)


class WrittenVisitSchema(VisitSchema):
    """A visit as a write answers it: with warnings about personal data in its free text."""

    warnings = fields.List(fields.Nested(WarningSchema))

    def get_attribute(self, obj, attr, default):
        if attr == "warnings":
            return text_screening.visit_warnings(obj)
        return super().get_attribute(obj, attr, default)


class VisitsQuerySchema(QuerySchema):
    site_id = fields.Integer()
    status = fields.String(validate=OneOf(VISIT_STATUSES))
    arrived_from = aware_time(data_key="from")
    arrived_to = aware_time(data_key="to")
    updated_since = aware_time()


# A page of visits dumps each visit with its entries and issues, its visitors' ids and its
# site's kind: what those load in turn (visitors' roles and sites, sites' histories, issues'
# events) is left unloaded unless read, so a page costs the same few statements, and no more
# rows than it shows.
LISTED_VISIT_LOADING = (
    selectinload(Visit.visitors).lazyload(Person.role_rows),
    selectinload(Visit.visitors).lazyload(Person.sites),
    selectinload(Visit.issues).lazyload(Issue.events),
    joinedload(Visit.site).lazyload(Site.status_history),
)


@blp.route("/visits", methods=["POST"])
@allow("visitor", "manager")
@blp.arguments(VisitCreateSchema, example=NEW_VISIT_EXAMPLE)
@blp.response(201, WrittenVisitSchema)
@blp.alt_response(
    200, schema=WrittenVisitSchema, description="the same request again: the same visit"
)
def create_visit(data):
    """Record a visit.

    Send the phone's own `id`: sending the same body again is safe. Every time carries its UTC
    offset; an abandoned visit is recorded too (`outcome: abandoned` with its reason).
    """
    caller = current_person()
    visit, created = recording.create_visit(caller.scheme, caller, data)
    location = url_for("visits.get_visit", visit_id=visit.id)
    return with_etag(visit, visit, 201 if created else 200, {"Location": location})


@blp.route("/visits", methods=["GET"])
@blp.conditional(sync=True)
@allow("visitor", "manager", "inspector")
@blp.arguments(VisitsQuerySchema, location="query")
@blp.response(200, VisitSchema(many=True), example=[VISIT_EXAMPLE])
@blp.paginate(**PAGE_SIZES)
def list_visits(filters, pagination_parameters):
    """List visits.

    Filter by `site_id`, `status`, arrival `from`/`to`; `updated_since` to sync a phone.
    """
    caller = current_person()
    query = recording.visits_query(caller, **filters).options(*LISTED_VISIT_LOADING)
    return page_of(query, pagination_parameters, updated_since=filters.get("updated_since"))


@blp.route("/visits/<uuid:visit_id>", methods=["GET"])
@blp.conditional()
@allow("visitor", "manager", "inspector")
@blp.response(200, VisitSchema, example=VISIT_EXAMPLE)
def get_visit(visit_id):
    """Read a visit.

    With `If-None-Match` and the ETag of the copy you have, a 304 when it has not changed.
    """
    visit = visibility.visit_for(current_person(), visit_id)
    return not_modified_response(visit) or with_etag(visit, visit)


@blp.route("/visits/<uuid:visit_id>", methods=["PATCH"])
@allow("visitor", "manager")
@blp.arguments(VisitPatchSchema(partial=True), example=VISIT_CHANGE_EXAMPLE)
@blp.response(200, WrittenVisitSchema)
def update_visit(changes, visit_id):
    """Edit a draft visit, or amend a submitted one.

    A draft changes with `If-Match` (required); a submitted visit only by a manager's
    amendment, with an `amendment_reason` kept in the audit trail.
    """
    caller = current_person()
    visit = visibility.visit_for(caller, visit_id, for_update=True)
    check_if_match(visit, required=True)
    reason = changes.pop("amendment_reason", None)
    visit = recording.update_visit(visit, caller, changes, amendment_reason=reason)
    return with_etag(visit, visit)


@blp.route("/visits/<uuid:visit_id>/submit", methods=["POST"])
@allow("visitor", "manager")
@blp.response(200, VisitSchema, example=VISIT_EXAMPLE)
def submit_visit(visit_id):
    """Submit a draft visit.

    The draft must be complete. Submitting again returns the visit unchanged.
    """
    caller = current_person()
    visit = visibility.visit_for(caller, visit_id, for_update=True)
    check_if_match(visit)
    return with_etag(visit, recording.submit_visit(visit, caller))
