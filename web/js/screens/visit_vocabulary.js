// The visit form's choices: the API's vocabularies (icv/models/visits.py) with the words a
// visitor reads.
import { humanise } from "../ui.js";

export const VISIT_MODES = [
  ["in_person", "In person"],
  ["phone", "By phone"],
  ["video", "By video"],
];
export const VISIT_OUTCOMES = [
  ["completed", "Completed"],
  ["curtailed", "Cut short"],
  ["abandoned", "Abandoned"],
];
export const ABANDON_REASONS = ["entry_refused", "suite_closed", "wait_too_long", "incident_in_suite", "visitors_unsafe", "other"];
export const DETAINEE_OUTCOMES = [
  ["seen", "Seen"],
  ["refused", "Refused"],
  ["not_offered", "Not offered"],
  ["unavailable", "Unavailable"],
  ["asleep_observed", "Asleep / observed"],
  ["denied", "Denied"],
];
export const OUTCOMES_WITH_REASON = ["refused", "not_offered", "unavailable", "denied"];
export const GENDERS = ["female", "male", "non_binary", "other", "not_stated"];
export const AGE_GROUPS = ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "not_stated"];
export const ETHNICITIES = ["asian", "black", "mixed", "white", "other", "not_stated"];
export const ANSWERS = [["", "—"], ["yes", "Yes"], ["no", "No"], ["unsure", "Unsure"], ["not_applicable", "N/A"]];
export const CHECK_RESULTS = [["", "Not answered"], ["ok", "OK"], ["concern", "Concern"], ["not_checked", "Not checked"]];
export const NEED_RESULTS = [["ok", "OK"], ["concern", "Concern"], ["not_checked", "Not checked"]];
// The Code of Practice lets only an inspector or above deny visitors access to a detainee.
export const RANKS_WHO_MAY_DENY = ["inspector", "chief_inspector", "superintendent", "chief_superintendent", "other_senior"];
export const RANKS = ["sergeant", "constable", "detention_officer", ...RANKS_WHO_MAY_DENY];
export const APPROPRIATE_ADULT = ["requested", "present", "not_arranged", "not_needed"];
export const DOG_LOCATIONS = [
  ["force_kennels", "Force kennels"],
  ["home_kennel", "Home kennel"],
  ["vehicle", "Vehicle"],
];
// Section 9 of the Animal Welfare Act 2006, in the order the API lists them.
export const WELFARE_NEED_LABELS = {
  environment: "Environment (kennel, vehicle)",
  diet: "Diet and water",
  normal_behaviour: "Normal behaviour",
  housed_with_or_apart: "Housed with or apart from other animals",
  protection_from_pain_injury_disease: "Protected from pain, injury and disease",
};
// A concern on these dog-unit checks is told at once to the unit's sergeant and the managers.
export const URGENT_DOG_CHECKS = ["water_available", "kennel_temperature", "vehicle_temperature_and_heat_alarm"];

export const options = (values, empty = "—") => [["", empty], ...values.map((value) => [value, humanise(value)])];
