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
from icv.people import cohort, hours, lifecycle

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


@blp.route("/people/<int:person_id>/status-history", methods=["GET"])
@allow("manager")
@blp.response(200, PersonStatusChangeSchema(many=True))
@blp.paginate(**PAGE_SIZES)
def status_history(person_id: int, pagination_parameters):
    """Every move of the person's status, oldest first: when it took effect, who recorded it."""
    person = visibility.person_for(current_person(), person_id)
    return page_of(lifecycle.history_query(person.id), pagination_parameters)


@blp.route("/people/<int:person_id>/renew-term", methods=["POST"])
@allow("manager")
@blp.arguments(RenewalSchema)
@blp.response(200, PersonSchema)
def renew_term(data, person_id: int):
    """A further three-year term from the end of the current one; open in its final year."""
    manager = current_person()
    person = visibility.person_for(manager, person_id)
    check_if_match(person)
    person = lifecycle.renew_term(person, manager, data.get("note"))
    return with_etag(person, person)


@blp.route("/people/milestones", methods=["GET"])
@allow("manager")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, MilestoneSchema(many=True))
@blp.paginate(**PAGE_SIZES)
def list_milestones(query, pagination_parameters):
    """Who reaches 3, 6, 9, ... years of service in the financial year: certificates due."""
    scheme = current_person().scheme
    year = year_or_current(query.get("year"), scheme.timezone)
    return page_of_list(cohort.milestones(scheme, year), pagination_parameters)


@blp.route("/volunteers/hours", methods=["GET"])
@allow("manager", "viewer")
@blp.arguments(YearQuerySchema, location="query")
@blp.response(200, HoursSchema)
def volunteer_hours(query):
    """Hours given in the year (visits and activities) and their value; per person for managers."""
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
@blp.response(200, CohortSchema)
def volunteer_cohort(query):
    """The cohort of the year: start, joined, left, end, probation, recruits, long service and
    representation (counts only). Managers also get the leavers' names, dates and reasons."""
    caller = current_person()
    scheme = caller.scheme
    figures = cohort.cohort(scheme, year_or_current(query.get("year"), scheme.timezone))
    if not visibility.sees_private_records(caller):
        del figures["leavers"]
    return figures
