// A visit as the form keeps it -> the body the API takes (POST /visits): empty answers left
// out, observations only for those seen, times with their UTC offset.

const OUTCOMES_WITH_REASON = ["refused", "not_offered", "unavailable"];

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

export function apiBody(form, me) {
  const partnerIds = (form.partner_ids || []).map(Number).filter((id) => id && id !== me.id);
  const body = {
    site_id: Number(form.site_id) || null,
    visitor_ids: [me.id, ...partnerIds],
    arrived_at: awareTime(form.arrived_at),
    admitted_at: awareTime(form.admitted_at),
    departed_at: awareTime(form.departed_at),
    detainees: (form.detainees || []).map((entry) => {
      const detainee = compact({
        ref: entry.ref,
        outcome: entry.outcome,
        reason: OUTCOMES_WITH_REASON.includes(entry.outcome) ? entry.reason : null,
        gender: entry.gender,
        age_group: entry.age_group,
        ethnicity: entry.ethnicity,
        appropriate_adult: entry.appropriate_adult,
      });
      if (entry.vulnerable) detainee.vulnerable = true;
      const observations = compact(entry.observations || {});
      if (entry.outcome === "seen" && Object.keys(observations).length) detainee.observations = observations;
      return detainee;
    }),
    issues: (form.issues || []).map((issue) =>
      compact({
        category: issue.category,
        description: issue.description,
        raised_by: issue.raised_by || "visitor",
        detainee_ref: issue.raised_by === "detainee" ? issue.detainee_ref : null,
        resolved_during_visit: Boolean(issue.resolved_during_visit),
      }),
    ),
    checks: Object.fromEntries(
      Object.entries(form.checks || {})
        .filter(([, answer]) => filled(answer.result))
        .map(([key, answer]) => [key, compact({ result: answer.result, note: answer.note })]),
    ),
  };
  for (const issue of body.issues) issue.resolved_during_visit = Boolean(issue.resolved_during_visit);
  const delay = delayMinutes(form);
  if (delay !== null && delay > 5 && filled(form.access_delay_reason)) {
    body.access_delay_reason = form.access_delay_reason;
  }
  if (partnerIds.length === 0 && filled(form.single_visitor_reason)) {
    body.single_visitor_reason = form.single_visitor_reason;
  }
  const feedback = compact({ ...(form.feedback || {}), at: awareTime(form.feedback?.at) });
  if (Object.keys(feedback).length) body.feedback = feedback;
  if (filled(form.notes)) body.notes = form.notes;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}
