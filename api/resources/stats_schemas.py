"""The annual statistics as `icv.reporting.annual.annual_with_previous` builds them: one schema per
section
of `icv.reporting.annual.SECTIONS`. Dumping drops any key a schema does not declare, so every key
the
sections build is declared here; the keys viewers do not get are the only optional ones."""

from marshmallow import Schema, fields

from api.resources.issues import CategoryCountSchema
from api.resources.sites import GridSchema

MANAGERS_ONLY = {"description": "managers only"}


def integer(**kwargs) -> fields.Integer:
    return fields.Integer(required=True, **kwargs)


def percentage(**kwargs) -> fields.Float:
    kwargs.setdefault("metadata", {"description": "to one decimal place; null when the whole is 0"})
    return fields.Float(required=True, allow_none=True, **kwargs)


def counts_by_key() -> fields.Dict:
    return fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class SiteVisitsSchema(Schema):
    site_id = integer()
    name = fields.String(required=True)
    visits = integer()
    target = integer(metadata={"description": "weeks of the year the suite was open"})
    percent = percentage()
    periods_met = integer()
    abandoned = integer()
    status = fields.String(
        required=True, metadata={"description": "closed | met | in_progress | missed"}
    )


class RemoteVisitsSchema(Schema):
    phone = integer()
    video = integer()


class VisitsSectionSchema(Schema):
    by_site = fields.List(fields.Nested(SiteVisitsSchema), required=True)
    total = integer(metadata={"description": "in-person visits that took place, curtailed too"})
    target = integer()
    percent = percentage()
    abandoned = integer()
    remote = fields.Nested(
        RemoteVisitsSchema,
        required=True,
        metadata={"description": "submitted phone and video visits: in no other figure"},
    )
    curtailed = integer(metadata={"description": "in-person visits cut short (in `total`)"})
    abandoned_by_reason = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={"description": "in-person abandoned visits by reason, every reason shown"},
    )
    feedback_recorded = integer(
        metadata={"description": "in-person visits that took place with the feedback recorded"}
    )


class DelayReasonSchema(Schema):
    reason = fields.String(required=True, metadata={"description": "'not recorded' if none"})
    count = integer()


class AccessSectionSchema(Schema):
    immediate = integer(metadata={"description": "admitted within 5 minutes"})
    delay_6_15 = integer()
    delay_over_15 = integer()
    immediate_percent = percentage()
    reasons = fields.List(
        fields.Nested(DelayReasonSchema),
        required=True,
        metadata={"description": "of the delays, most first"},
    )


class InCellsPercentSchema(Schema):
    offered = percentage()
    not_offered = percentage()
    unavailable = percentage()
    asleep_observed = percentage()
    denied = percentage()


class OfferedPercentSchema(Schema):
    seen = percentage()
    refused = percentage()


class ValueCountSchema(Schema):
    value = fields.String(required=True)
    count = integer()


class SeenBySchema(Schema):
    gender = fields.List(fields.Nested(ValueCountSchema), required=True)
    age_group = fields.List(fields.Nested(ValueCountSchema), required=True)
    ethnicity = fields.List(fields.Nested(ValueCountSchema), required=True)


class InCellsAndSeenSchema(Schema):
    in_cells = integer()
    seen = integer()


class DetaineesSectionSchema(Schema):
    in_cells = integer(metadata={"description": "denied detainees included"})
    offered = integer()
    not_offered = integer()
    unavailable = integer()
    asleep_observed = integer()
    denied = integer(
        metadata={"description": "the police refused the visitors access (not in `offered`)"}
    )
    seen = integer()
    refused = integer()
    percent_of_in_cells = fields.Nested(InCellsPercentSchema, required=True)
    percent_of_offered = fields.Nested(OfferedPercentSchema, required=True)
    seen_by = fields.Nested(SeenBySchema, required=True)
    juveniles = fields.Nested(InCellsAndSeenSchema, required=True)
    vulnerable = fields.Nested(
        InCellsAndSeenSchema, required=True, metadata={"description": "vulnerable adults"}
    )


class ObservationCountsSchema(Schema):
    yes = integer()
    no = integer()
    unsure = integer()
    not_applicable = integer()


class CheckCountsSchema(Schema):
    ok = integer()
    concern = integer()
    not_checked = integer()


class WomenSeenSchema(Schema):
    seen = integer(metadata={"description": "women seen"})
    female_officer_offered = integer(metadata={"description": "of the women seen"})
    menstrual_products_offered = integer(metadata={"description": "of the women seen"})


class WelfareSectionSchema(Schema):
    detainee = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(ObservationCountsSchema),
        required=True,
        metadata={"description": "each detainee checklist item (retired ones too) over those seen"},
    )
    suite = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(CheckCountsSchema),
        required=True,
        metadata={
            "description": "each suite checklist item (retired ones too) over in-person visits"
        },
    )
    women = fields.Nested(
        WomenSeenSchema,
        required=True,
        metadata={"description": "women's welfare: of the women seen, how many were offered"},
    )
    labels = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.String()),
        required=True,
        metadata={"description": "{detainee, suite}: each checklist key's label in the scheme"},
    )


class TactSectionSchema(Schema):
    visits = integer(metadata={"description": "in-person visits that saw a TACT detainee"})
    detainees_seen = integer()
    reports_due = integer(metadata={"description": "reports of the year's visits not yet sent"})
    reports_sent = integer()


class HoursSectionSchema(Schema):
    volunteer_hours = fields.Float(required=True)
    visit_hours = fields.Float(required=True)
    activity_hours = fields.Float(required=True)
    hourly_rate = fields.Float(required=True)
    economic_value = fields.Float(required=True, metadata={"description": "pounds, to the penny"})


class UncoveredSlotSchema(Schema):
    day = fields.String(required=True)
    band = fields.String(required=True)


class CoverageTableSchema(Schema):
    site_id = integer()
    name = fields.String(required=True)
    year = integer()
    label = fields.String(required=True)
    grid = fields.Nested(GridSchema, required=True)
    counts = fields.List(
        fields.List(fields.Integer()), required=True, metadata={"description": "days x bands"}
    )
    day_totals = fields.List(fields.Integer(), required=True)
    band_totals = fields.List(fields.Integer(), required=True)
    total = integer()
    uncovered = fields.List(fields.Nested(UncoveredSlotSchema), required=True)
    outside_grid = integer()
    abandoned = integer()
    entropy_bits = fields.Float(required=True)
    max_entropy_bits = fields.Float(required=True)


class AwsSiteSchema(CoverageTableSchema):
    target = integer(metadata={"description": "months of the year the unit was open"})
    percent = percentage()


class UrgentCheckCountSchema(Schema):
    check = fields.String(
        required=True,
        metadata={
            "description": "the dog-unit check, or flagged_by_visitors for an issue they "
            "marked urgent"
        },
    )
    count = integer()


class UrgentDogConcernsSchema(Schema):
    total = integer()
    open = integer()
    acknowledged = integer()
    resolved = integer()
    resolved_during_visit = integer()
    answered = integer(metadata={"description": "acknowledged or resolved, now or before"})
    mean_days_to_answer = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "from being told to the first answer; null when none was"},
    )
    mean_days_to_resolve = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "from being told to resolution; null when none was resolved"},
    )
    by_check = fields.List(fields.Nested(UrgentCheckCountSchema), required=True)


class AwsSectionSchema(Schema):
    visits = integer()
    target = integer()
    percent = percentage()
    periods_met = integer()
    coverage = fields.Nested(CoverageTableSchema, required=True)
    by_site = fields.List(fields.Nested(AwsSiteSchema), required=True)
    dogs_seen = integer(metadata={"description": "different dogs, by reference"})
    dog_checks = integer(metadata={"description": "dogs checked, a dog once per visit"})
    by_location = counts_by_key()
    home_kennel_visits = integer(metadata={"description": "visits that saw a dog at home"})
    needs = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(CheckCountsSchema),
        required=True,
        metadata={"description": "each of the five welfare needs over the dogs checked"},
    )
    checks = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(CheckCountsSchema),
        required=True,
        metadata={"description": "each dog-unit checklist item (retired ones too) over visits"},
    )
    check_labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    urgent_concerns = fields.Nested(UrgentDogConcernsSchema, required=True)


class IssuesSectionSchema(Schema):
    total = integer()
    by_category = fields.List(fields.Nested(CategoryCountSchema), required=True)
    resolved_during_visit = integer()
    open = integer()
    acknowledged = integer()
    resolved = integer()


class CohortLeaverSchema(Schema):
    name = fields.String(metadata=MANAGERS_ONLY)
    left_on = fields.String(metadata={**MANAGERS_ONLY, "format": "date"})
    reason = fields.String(required=True, allow_none=True)


class CohortMilestoneSchema(Schema):
    person_id = fields.Integer(metadata=MANAGERS_ONLY)
    name = fields.String(metadata=MANAGERS_ONLY)
    years = integer()
    reached_on = fields.String(metadata={**MANAGERS_ONLY, "format": "date"})


class MinimumCountSchema(Schema):
    applies_to = integer()
    met = integer()


class VolunteerComplianceCountsSchema(Schema):
    """How many of the year's volunteers meet each of the scheme's training and meeting
    minimums (`icv.people.compliance`): counts, never names."""

    volunteers = integer()
    team_meetings = fields.Nested(MinimumCountSchema, required=True)
    national_training = fields.Nested(MinimumCountSchema, required=True)
    refresher_training = fields.Nested(MinimumCountSchema, required=True)
    tact_training = fields.Nested(MinimumCountSchema, required=True)
    all_met = integer()


class VolunteersSectionSchema(Schema):
    at_start = integer()
    joined = integer()
    left = integer()
    leavers = fields.List(fields.Nested(CohortLeaverSchema), required=True)
    withdrawn = integer()
    at_end = integer()
    in_probation = integer()
    suspended = integer()
    recruits_in_checks = integer()
    over_5_years_percent = percentage()
    by_home_area = counts_by_key()
    by_gender = counts_by_key()
    by_age_band = counts_by_key()
    milestones = fields.List(fields.Nested(CohortMilestoneSchema), required=True)
    compliance = fields.Nested(VolunteerComplianceCountsSchema, required=True)


class YearStatisticsSchema(Schema):
    year = integer()
    label = fields.String(required=True)
    visits = fields.Nested(VisitsSectionSchema, required=True)
    access = fields.Nested(AccessSectionSchema, required=True)
    detainees = fields.Nested(DetaineesSectionSchema, required=True)
    hours = fields.Nested(HoursSectionSchema, required=True)
    coverage = fields.List(
        fields.Nested(CoverageTableSchema),
        required=True,
        metadata={"description": "custody suites open or visited in the year"},
    )
    issues = fields.Nested(IssuesSectionSchema, required=True)
    welfare = fields.Nested(WelfareSectionSchema, required=True)
    tact = fields.Nested(TactSectionSchema, required=True)
    volunteers = fields.Nested(VolunteersSectionSchema, required=True)
    aws = fields.Nested(
        AwsSectionSchema,
        required=True,
        allow_none=True,
        metadata={"description": "null where the scheme has no dog unit"},
    )


class AnnualStatisticsSchema(YearStatisticsSchema):
    previous_year = fields.Nested(YearStatisticsSchema, required=True)
