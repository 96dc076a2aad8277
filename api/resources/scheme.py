"""The caller's scheme and its settings: everyone in it reads them, its managers change them.

Changes need `If-Match` with the scheme's ETag (428 without, 412 when stale), and are kept in
the audit trail (`GET /audit?entity=scheme`). How to add a setting: `icv.admin.settings`.
"""

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields
from marshmallow.validate import Length, Range

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.etags import check_if_match, not_modified_response, with_etag
from api.framework.schemas import text
from api.framework.step_up import require_recent_confirmation
from icv.admin import custody_refs, settings

blp = Blueprint("scheme", __name__, url_prefix="/api/v1", description="The scheme's settings")

READERS = ("manager", "visitor", "inspector", "viewer")


def four_places_at_most(value: Decimal) -> None:
    """As the rate is kept: a rate derived from a published total may need four places."""
    if value.as_tuple().exponent < -4:
        raise ValidationError("At most four decimal places.")


def _setting_fields() -> dict:
    """The settings a manager may change, as request fields (all optional in a PATCH)."""
    return {
        "name": text(200),
        "timezone": fields.String(
            validate=Length(1, 64),
            metadata={"description": "IANA time zone of the scheme's slots, weeks and years"},
        ),
        "acknowledge_days": fields.Integer(
            strict=True,
            validate=Range(1, 365),
            metadata={"description": "days inspectors have to acknowledge an issue"},
        ),
        "tact_report_days": fields.Integer(
            strict=True,
            validate=Range(1, 365),
            metadata={"description": "days to send a TACT report to the Independent Reviewer"},
        ),
        "hourly_rate": fields.Decimal(
            validate=[Range(0, 1000), four_places_at_most],
            metadata={"description": "value of an hour of volunteer time, GBP, to 4 places"},
        ),
        "custody_ref_pattern": fields.String(
            allow_none=True,
            validate=Length(max=custody_refs.MAX_LENGTH),
            metadata={
                "description": "a regular expression every detainee `ref` must match whole; "
                "null or empty: any reference"
            },
        ),
        "visit_detail_retention_years": fields.Integer(
            strict=True,
            validate=Range(1, 100),
            metadata={
                "description": "years after a visit's financial year ends that its detainee "
                "references and free text are kept"
            },
        ),
        "leaver_retention_years": fields.Integer(
            strict=True,
            validate=Range(1, 100),
            metadata={"description": "years after leaving that a person's name and email are kept"},
        ),
        "planner_uncovered_allowance": fields.Integer(
            strict=True,
            validate=Range(0, 11),
            metadata={
                "description": "slots of each site's grid the planner may leave unvisited in a "
                "year (0: every slot is covered; see docs/scheduling.md)"
            },
        ),
        "min_team_meetings_per_year": fields.Integer(
            strict=True,
            validate=Range(0, 52),
            metadata={"description": "team meetings a volunteer attends each financial year"},
        ),
        "national_training_in_probation": fields.Boolean(
            metadata={"description": "the national training is due within probation"}
        ),
        "min_refresher_trainings_per_term": fields.Integer(
            strict=True,
            validate=Range(0, 20),
            metadata={"description": "refresher trainings a volunteer attends each term"},
        ),
        "tact_training_for_tact_visits": fields.Boolean(
            metadata={"description": "TACT training is due before a visit seeing a TACT detainee"}
        ),
        "benchmarking": fields.Boolean(
            metadata={"description": "take part in cross-scheme benchmarks (and see them)"}
        ),
        "benchmarking_named": fields.Boolean(
            metadata={"description": "be named to the national body in the benchmarks"}
        ),
        "managers_need_second_factor": fields.Boolean(
            metadata={"description": "managers and admins must sign in with an authenticator app"}
        ),
    }


SchemeSettingsPatchSchema = Schema.from_dict(_setting_fields(), name="SchemeSettingsPatch")


class SchemeSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    timezone = fields.String()
    acknowledge_days = fields.Integer()
    tact_report_days = fields.Integer()
    hourly_rate = fields.Float()
    custody_ref_pattern = fields.String(allow_none=True)
    visit_detail_retention_years = fields.Integer()
    leaver_retention_years = fields.Integer()
    planner_uncovered_allowance = fields.Integer()
    min_team_meetings_per_year = fields.Integer()
    national_training_in_probation = fields.Boolean()
    min_refresher_trainings_per_term = fields.Integer()
    tact_training_for_tact_visits = fields.Boolean()
    benchmarking = fields.Boolean()
    benchmarking_named = fields.Boolean()
    managers_need_second_factor = fields.Boolean()
    created_at = fields.AwareDateTime()
    version = fields.Integer()


SCHEME_EXAMPLE = {
    "id": 1,
    "name": "Northshire",
    "timezone": "Europe/London",
    "acknowledge_days": 7,
    "tact_report_days": 14,
    "hourly_rate": 18.35,
    "custody_ref_pattern": r"^[A-Z]{2}-\d{6}$",
    "visit_detail_retention_years": 3,
    "leaver_retention_years": 6,
    "planner_uncovered_allowance": 0,
    "min_team_meetings_per_year": 2,
    "national_training_in_probation": True,
    "min_refresher_trainings_per_term": 1,
    "tact_training_for_tact_visits": True,
    "benchmarking": False,
    "benchmarking_named": False,
    "managers_need_second_factor": False,
    "created_at": "2019-03-18T14:30:00+00:00",
    "version": 3,
}
SCHEME_CHANGE_EXAMPLE = {"custody_ref_pattern": r"^[A-Z]{2}-\d{6}$", "acknowledge_days": 5}


@blp.route("/scheme", methods=["GET"])
@blp.conditional()
@allow(*READERS)
@blp.response(200, SchemeSchema, example=SCHEME_EXAMPLE)
def get_scheme():
    """Read your scheme's settings.

    Its name, time zone, days to acknowledge an issue and to send a TACT report, hourly value
    of volunteer time, custody reference pattern and retention periods; the ETag to change them.
    """
    scheme = current_person().scheme
    return not_modified_response(scheme) or with_etag(scheme, scheme)


@blp.route("/scheme", methods=["PATCH"])
@allow("manager")
@require_recent_confirmation
@blp.arguments(SchemeSettingsPatchSchema, example=SCHEME_CHANGE_EXAMPLE)
@blp.response(200, SchemeSchema)
def update_scheme(changes):
    """Change your scheme's settings.

    Send `If-Match` with the ETag of `GET /scheme` (428 without it, 412 when someone changed
    them since). Every change is kept in the audit trail. Scheme-wide settings need a fresh
    confirmation that it is you (`POST /auth/confirm` within the last 5 minutes, or a sign-in
    that recent).
    """
    manager = current_person()
    scheme = manager.scheme
    check_if_match(scheme, required=True)
    scheme = settings.update_settings(scheme, manager, changes)
    return with_etag(scheme, scheme)
