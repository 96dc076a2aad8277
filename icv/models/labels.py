"""The words people read for the keys of the vocabularies beside the models (`visits.py`):
a report, a screen or a CSV shows "Non-binary", never `non_binary`. Each table lists every key
of its vocabulary in the vocabulary's order (`tests/reporting/test_labels.py` holds them to it).
"""

from icv.models.visits import (
    ABANDON_REASONS,
    ACCESS_BANDS,
    AGE_GROUPS,
    DETAINEE_OUTCOMES,
    DOG_LOCATIONS,
    ETHNICITIES,
    GENDERS,
    WELFARE_NEEDS,
)

NOT_STATED_LABEL = "Not stated"

GENDER_LABELS = {
    "female": "Female",
    "male": "Male",
    "non_binary": "Non-binary",
    "other": "Another gender",
    "not_stated": NOT_STATED_LABEL,
}
AGE_GROUP_LABELS = {
    "under_18": "Under 18",
    "18_24": "18-24",
    "25_34": "25-34",
    "35_44": "35-44",
    "45_54": "45-54",
    "55_64": "55-64",
    "65_plus": "65 and over",
    "not_stated": NOT_STATED_LABEL,
}
ETHNICITY_LABELS = {
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "mixed": "Mixed or multiple ethnic groups",
    "white": "White",
    "other": "Another ethnic group",
    "not_stated": NOT_STATED_LABEL,
}
DETAINEE_OUTCOME_LABELS = {
    "seen": "Seen",
    "refused": "Refused a visit",
    "not_offered": "Not offered (custody sergeant's advice)",
    "unavailable": "Unavailable",
    "asleep_observed": "Asleep, observed through the hatch",
    "denied": "Denied to the visitors",
}
ACCESS_BAND_LABELS = {
    "immediate": "Immediate (5 minutes or less)",
    "delay_6_15": "Delayed 6-15 minutes",
    "delay_over_15": "Delayed over 15 minutes",
}
ABANDON_REASON_LABELS = {
    "entry_refused": "Entry refused",
    "suite_closed": "Suite closed",
    "wait_too_long": "Wait too long",
    "incident_in_suite": "Incident in the suite",
    "visitors_unsafe": "Visitors unsafe",
    "other": "Other reason",
    "not_recorded": "Reason not recorded",
}
WELFARE_NEED_LABELS = {
    "environment": "A suitable environment",
    "diet": "A suitable diet",
    "normal_behaviour": "Able to behave normally",
    "housed_with_or_apart": "Housed with or apart from other animals",
    "protection_from_pain_injury_disease": "Protected from pain, injury and disease",
}
DOG_LOCATION_LABELS = {
    "force_kennels": "The force's kennels",
    "home_kennel": "A handler's home kennel",
    "vehicle": "A dog van",
}

# Each vocabulary with its labels, to check that none lacks one.
LABELLED_VOCABULARIES = {
    "gender": (GENDERS, GENDER_LABELS),
    "age_group": (AGE_GROUPS, AGE_GROUP_LABELS),
    "ethnicity": (ETHNICITIES, ETHNICITY_LABELS),
    "detainee_outcome": (DETAINEE_OUTCOMES, DETAINEE_OUTCOME_LABELS),
    "access_band": (ACCESS_BANDS, ACCESS_BAND_LABELS),
    "abandon_reason": (ABANDON_REASONS, ABANDON_REASON_LABELS),
    "welfare_need": (WELFARE_NEEDS, WELFARE_NEED_LABELS),
    "dog_location": (DOG_LOCATIONS, DOG_LOCATION_LABELS),
}
# The detainee demographics by attribute: labels, and the vocabulary's order to show them in.
DEMOGRAPHIC_LABELS = {
    "gender": GENDER_LABELS,
    "age_group": AGE_GROUP_LABELS,
    "ethnicity": ETHNICITY_LABELS,
}
