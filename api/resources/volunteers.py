"""Volunteers: status history, term renewal, long-service milestones, hours and cohort figures.

Managers read everything of their scheme. Viewers (the PCC's office, the Panel) read the hours
and cohort figures as aggregates only: no names, so no per-person hours and no leavers' list.
"""

from marshmallow import Schema, fields

from api.framework.authorization import allow, current_person
from api.framework.blueprint import Blueprint
from api.framework.etags import check_if_match, with_etag
from api.framework.pagination import PAGE_SIZES, page_of, page_of_list
from api.framework.schemas import QuerySchema, financial_year, text
from api.resources.people import PersonSchema
from icv import visibility
from icv.common.dates import year_or_current
from icv.people import cohort, compliance, hours, lifecycle

blp = Blueprint(
    "volunteers",
    __name__,
    url_prefix="/api/v1",
    description="Volunteers: status history, terms, milestones, hours, cohort",
)


class YearQuerySchema(QuerySchema):
    year = financial_year(
        metadata={"description": "financial year: 2023 is April 2023 to March 2024; default now"}
    )


class PersonStatusChangeSchema(Schema):
    id = fields.Integer()
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    effective_on = fields.Date()
    note = fields.String(allow_none=True)
    leave_reason = fields.String(allow_none=True)
    recorded_at = fields.AwareDateTime()
    recorded_by_id = fields.Integer(allow_none=True)


class RenewalSchema(Schema):
    note = text(2000, metadata={"description": "kept with the renewal in the audit trail"})


class MilestoneSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    years = fields.Integer()
    reached_on = fields.Date()


class HoursFiguresSchema(Schema):
    visit_hours = fields.Float()
    activity_hours = fields.Float()
    volunteer_hours = fields.Float()
    economic_value = fields.Float(metadata={"description": "pounds, to the penny"})


class PersonHoursSchema(HoursFiguresSchema):
    person_id = fields.Integer()
    name = fields.String()
    visits = fields.Integer()


class HoursSchema(HoursFiguresSchema):
    year = fields.Integer()
    label = fields.String()
    hourly_rate = fields.Float()
    people = fields.List(
        fields.Nested(PersonHoursSchema), metadata={"description": "managers only"}
    )


class LeaverSchema(Schema):
    name = fields.String()
    left_on = fields.Date()
    reason = fields.String(allow_none=True)


class CohortSchema(Schema):
    year = fields.Integer()
    label = fields.String()
    at_start = fields.Integer()
    joined = fields.Integer()
    left = fields.Integer()
    leavers = fields.List(fields.Nested(LeaverSchema), metadata={"description": "managers only"})
    withdrawn = fields.Integer()
    at_end = fields.Integer()
    in_probation = fields.Integer()
    suspended = fields.Integer()
    recruits_in_checks = fields.Integer()
    over_5_years_percent = fields.Float(allow_none=True)
    by_home_area = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_gender = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_age_band = fields.Dict(keys=fields.String(), values=fields.Integer())


# Examples for the OpenAPI document.
STATUS_HISTORY_EXAMPLE = [
    {
        "id": 31,
        "from_status": "vetting",
        "to_status": "probation",
        "effective_on": "2021-09-06",
        "note": "Vetting cleared",
        "leave_reason": None,
        "recorded_at": "2021-09-06T11:20:00+01:00",
        "recorded_by_id": 1,
    },
    {
        "id": 44,
        "from_status": "probation",
        "to_status": "active",
        "effective_on": "2022-03-07",
        "note": "Probation review with her buddy: passed",
        "leave_reason": None,
        "recorded_at": "2022-03-07T09:15:00+00:00",
        "recorded_by_id": 1,
    },
]
RENEWAL_EXAMPLE = {"note": "Renewed after the annual review on 2 August 2024"}
MILESTONES_EXAMPLE = [
    {"person_id": 19, "name": "Yusuf Morgan", "years": 3, "reached_on": "2023-07-24"},
    {"person_id": 4, "name": "Glenys Price", "years": 9, "reached_on": "2024-01-15"},
]
HOURS_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "visit_hours": 308.43,
    "activity_hours": 134.0,
    "volunteer_hours": 442.43,
    "hourly_rate": 18.3516,
    "economic_value": 8119.32,
    "people": [
        {
            "person_id": 12,
            "name": "Priya Shah",
            "visits": 13,
            "visit_hours": 20.73,
            "activity_hours": 6.0,
            "volunteer_hours": 26.73,
            "economic_value": 490.52,
        }
    ],
}
COHORT_EXAMPLE = {
    "year": 2023,
    "label": "2023/24",
    "at_start": 18,
    "joined": 0,
    "left": 2,
    "leavers": [{"name": "Owen Ahmed", "left_on": "2024-01-17", "reason": "Moved out of the area"}],
    "withdrawn": 0,
    "at_end": 16,
    "in_probation": 0,
    "suspended": 0,
    "recruits_in_checks": 15,
    "over_5_years_percent": 75.0,
    "by_home_area": {"City": 3, "East": 2, "North": 4, "South": 3, "West": 4},
    "by_gender": {"female": 9, "male": 7},
    "by_age_band": {"25-34": 1, "35-44": 6, "45-54": 4, "55-64": 2, "65+": 3},
}


@blp.route("/people/<int:person_id>/status-history", methods=["GET"])
@blp.conditional()
@allow("manager")
@blp.response(200, PersonStatusChangeSchema(many=True), example=STATUS_HISTORY_EXAMPLE)
@blp.paginate(**PAGE_SIZES)
def status_history(person_id: int, pagination_parameters):
    """List a person's changes of status.

    Every move of the person's status, oldest first: when it took effect, who recorded it.
    """
    person = visibility.person_for(current_person(), person_id)
    return page_of(lifecycle.history_query(person.id), pagination_parameters)


@blp.route("/people/<int:person_id>/renew-term", methods=["POST"])
@allow("manager")
@blp.arguments(RenewalSchema, example=RENEWAL_EXAMPLE)
@blp.response(200, PersonSchema)
def renew_term(data, person_id: int):
    """Renew a volunteer's term of appointment.

    A further three-year term from the end of the current one; open in its final year.
    """
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    check_if_match(person)
    person = lifecycle.renew_term(person, manager, data.get("note"))
    return with_etag(person, person)


@blp.route("/people/milestones", methods=["GET"])
@allow("manager")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, MilestoneSchema(many=True), example=MILESTONES_EXAMPLE)
@blp.paginate(**PAGE_SIZES)
def list_milestones(query, pagination_parameters):
    """List the long-service milestones of a year.

    Who reaches 3, 6, 9, ... years of service in the financial year: certificates due.
    """
    scheme = current_person().scheme
    year = year_or_current(query.get("year"), scheme.timezone)
    return page_of_list(cohort.milestones(scheme, year), pagination_parameters)


@blp.route("/volunteers/hours", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, HoursSchema, example=HOURS_EXAMPLE)
def volunteer_hours(query):
    """Volunteer hours of a year, and their value.

    Hours given in the year (visits and activities) and their value; per person for managers.
    """
    caller = current_person()
    scheme = caller.scheme
    year = year_or_current(query.get("year"), scheme.timezone)
    figures = hours.scheme_hours(scheme, year)
    if visibility.sees_private_records(caller):
        figures["people"] = hours.hours_by_person(scheme, year)
    return figures


@blp.route("/volunteers/cohort", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, CohortSchema, example=COHORT_EXAMPLE)
def volunteer_cohort(query):
    """The volunteer cohort of a year.

    Start, joined, left, end, probation, recruits, long service and representation (counts
    only). Managers also get the leavers' names, dates and reasons.
    """
    caller = current_person()
    scheme = caller.scheme
    figures = cohort.cohort(scheme, year_or_current(query.get("year"), scheme.timezone))
    if not visibility.sees_private_records(caller):
        del figures["leavers"]
    return figures


class MinimumsSchema(Schema):
    team_meetings_per_year = fields.Integer()
    national_training_in_probation = fields.Boolean()
    refresher_trainings_per_term = fields.Integer()
    tact_training_for_tact_visits = fields.Boolean()


class MinimumFiguresSchema(Schema):
    required = fields.Integer(metadata={"description": "how many the scheme asks for"})
    actual = fields.Integer(metadata={"description": "how many are recorded"})
    met = fields.Boolean(allow_none=True, metadata={"description": "null: does not apply"})


class NationalTrainingSchema(MinimumFiguresSchema):
    due_by = fields.Date(allow_none=True, metadata={"description": "the end of probation"})


class TactTrainingSchema(Schema):
    required = fields.Boolean()
    first_tact_visit_on = fields.Date(allow_none=True)
    tact_trained_on = fields.Date(allow_none=True)
    met = fields.Boolean(allow_none=True, metadata={"description": "null: no TACT visit"})


class VolunteerComplianceSchema(Schema):
    person_id = fields.Integer()
    name = fields.String()
    status = fields.String()
    team_meetings = fields.Nested(MinimumFiguresSchema)
    national_training = fields.Nested(NationalTrainingSchema)
    refresher_training = fields.Nested(MinimumFiguresSchema)
    tact_training = fields.Nested(TactTrainingSchema)
    all_met = fields.Boolean()


class ComplianceSchema(Schema):
    year = fields.Integer()
    label = fields.String()
    minimums = fields.Nested(MinimumsSchema)
    volunteers = fields.List(fields.Nested(VolunteerComplianceSchema))


COMPLIANCE_EXAMPLE = {
    "year": 2024,
    "label": "2024/25",
    "minimums": {
        "team_meetings_per_year": 2,
        "national_training_in_probation": True,
        "refresher_trainings_per_term": 1,
        "tact_training_for_tact_visits": True,
    },
    "volunteers": [
        {
            "person_id": 12,
            "name": "Priya Shah",
            "status": "active",
            "team_meetings": {"required": 2, "actual": 1, "met": False},
            "national_training": {
                "required": 1,
                "actual": 1,
                "met": True,
                "due_by": "2022-03-06",
            },
            "refresher_training": {"required": 1, "actual": 2, "met": True},
            "tact_training": {
                "required": True,
                "first_tact_visit_on": "2024-08-14",
                "tact_trained_on": "2023-02-01",
                "met": True,
            },
            "all_met": False,
        }
    ],
}


@blp.route("/volunteers/compliance", methods=["GET"])
@allow("manager")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, ComplianceSchema, example=COMPLIANCE_EXAMPLE)
def volunteer_compliance(query):
    """Volunteers against the training and meeting minimums.

    Each volunteer of the financial year, by name, against the scheme's minimums (team
    meetings a year, national training within probation, refresher training per term, TACT
    training for TACT visits) with the figures and whether each is met (`null`: does not
    apply). Managers only: viewers read how many meet each in the annual statistics.
    """
    scheme = current_person().scheme
    return compliance.compliance(scheme, query.get("year"))
