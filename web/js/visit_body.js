// A visit as the form keeps it -> the body the API takes (POST /visits): empty answers left
// out, observations only for those seen, times with their UTC offset. The draft keeps what the
// visitor hid (detainees of a visit later marked abandoned, a suite's checks after choosing the
// dog unit), but only what fits the visit's site, mode and outcome is sent.

const OUTCOMES_WITH_REASON = ["refused", "not_offered", "unavailable", "denied"];
export const WELFARE_NEEDS = ["environment", "diet", "normal_behaviour", "housed_with_or_apart", "protection_from_pain_injury_disease"];

function filled(value) {
  return value !== undefined && value !== null && String(value).trim() !== "";
}

function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => filled(value)));
}

export function awareTime(local) {
  if (!filled(local)) return null;
  const date = new Date(local);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${local.length === 16 ? `${local}:00` : local}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

export function localTime(date = new Date()) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

export function delayMinutes(form) {
  if (!filled(form.arrived_at) || !filled(form.admitted_at)) return null;
  return Math.floor((new Date(form.admitted_at) - new Date(form.arrived_at)) / 60000);
}

// What the form shows for a visit, and so what it sends: the API's rules (icv/visits/rules.py)
// as the form needs them.
export function shape(form) {
  const outcome = form.outcome || "completed";
  const mode = form.mode || "in_person";
  const dogUnit = form.site_kind === "dog_unit";
  const abandoned = outcome === "abandoned";
  return {
    outcome,
    mode,
    remote: mode !== "in_person",
    dogUnit,
    abandoned,
    detainees: !dogUnit && !abandoned,
    dogs: dogUnit && !abandoned,
    checks: !abandoned,
    feedback: !abandoned,
    feedbackNeeded: !dogUnit && mode === "in_person" && !abandoned,
  };
}

export function needsAppropriateAdult(entry) {
  return Boolean(entry.juvenile || entry.vulnerable || entry.age_group === "under_18");
}

function detaineeBody(entry) {
  const detainee = compact({
    ref: entry.ref,
    outcome: entry.outcome,
    reason: OUTCOMES_WITH_REASON.includes(entry.outcome) ? entry.reason : null,
    denied_by_rank: entry.outcome === "denied" ? entry.denied_by_rank : null,
    gender: entry.gender,
    age_group: entry.age_group,
    ethnicity: entry.ethnicity,
    appropriate_adult: needsAppropriateAdult(entry) ? entry.appropriate_adult : null,
  });
  for (const flag of ["juvenile", "vulnerable", "tact"]) if (entry[flag]) detainee[flag] = true;
  const observations = compact(entry.observations || {});
  if (entry.outcome === "seen" && Object.keys(observations).length) detainee.observations = observations;
  return detainee;
}

function dogBody(entry) {
  const needs = {};
  for (const need of WELFARE_NEEDS) {
    const answer = entry.needs?.[need];
    if (filled(answer?.result)) needs[need] = compact({ result: answer.result, note: answer.result === "concern" ? answer.note : null });
  }
  return { ...compact({ ref: entry.ref, location: entry.location, notes: entry.notes }), needs };
}

export function apiBody(form, me) {
  const shown = shape(form);
  const partnerIds = (form.partner_ids || []).map(Number).filter((id) => id && id !== me.id);
  const checkKeys = form.check_keys ? new Set(form.check_keys) : null;
  const body = {
    site_id: Number(form.site_id) || null,
    visitor_ids: [me.id, ...partnerIds],
    mode: shown.mode,
    outcome: shown.outcome,
    arrived_at: awareTime(form.arrived_at),
    admitted_at: awareTime(form.admitted_at),
    departed_at: awareTime(form.departed_at),
    detainees: shown.detainees ? (form.detainees || []).map(detaineeBody) : [],
    dogs: shown.dogs ? (form.dogs || []).map(dogBody) : [],
    issues: (form.issues || []).map((issue) => {
      const byDetainee = shown.detainees && issue.raised_by === "detainee";
      return compact({
        category: issue.category,
        description: issue.description,
        raised_by: byDetainee ? "detainee" : "visitor",
        detainee_ref: byDetainee ? issue.detainee_ref : null,
        resolved_during_visit: Boolean(issue.resolved_during_visit),
      });
    }),
    checks: Object.fromEntries(
      Object.entries(shown.checks ? form.checks || {} : {})
        .filter(([key, answer]) => filled(answer.result) && (!checkKeys || checkKeys.has(key)))
        .map(([key, answer]) => [key, compact({ result: answer.result, note: answer.note })]),
    ),
  };
  for (const issue of body.issues) issue.resolved_during_visit = Boolean(issue.resolved_during_visit);
  const delay = delayMinutes(form);
  if (delay !== null && delay > 5 && filled(form.access_delay_reason)) {
    body.access_delay_reason = form.access_delay_reason;
  }
  if (partnerIds.length === 0 && !shown.remote && filled(form.single_visitor_reason)) {
    body.single_visitor_reason = form.single_visitor_reason;
  }
  if (shown.outcome === "curtailed" && filled(form.curtail_reason)) body.curtail_reason = form.curtail_reason;
  if (shown.abandoned) {
    if (filled(form.abandon_reason)) body.abandon_reason = form.abandon_reason;
    if (filled(form.abandon_note)) body.abandon_note = form.abandon_note;
  }
  const feedback = shown.feedback ? compact({ ...(form.feedback || {}), at: awareTime(form.feedback?.at) }) : {};
  if (Object.keys(feedback).length) body.feedback = feedback;
  if (filled(form.notes)) body.notes = form.notes;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}
