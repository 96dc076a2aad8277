// Recording a visit, kept in IndexedDB from its first field: closing the tab or losing the
// signal loses nothing. Submitting puts it in the outbox (../outbox.js).
import { visitFormLists } from "../lists.js";
import { STATES, submit } from "../outbox.js";
import { visits } from "../store.js";
import { announce, choiceButtons, field, h, humanise, notice, problemText, screen, select, uid } from "../ui.js";
import { delayMinutes, localTime } from "../visit_body.js";

const OUTCOMES = [
  ["seen", "Seen"],
  ["refused", "Refused"],
  ["not_offered", "Not offered"],
  ["unavailable", "Unavailable"],
  ["asleep_observed", "Asleep / observed"],
];
const REASON_NEEDED = ["not_offered", "unavailable"];
const GENDERS = ["female", "male", "non_binary", "other", "not_stated"];
const AGE_GROUPS = ["under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "not_stated"];
const ETHNICITIES = ["asian", "black", "mixed", "white", "other", "not_stated"];
const ANSWERS = [["", "—"], ["yes", "Yes"], ["no", "No"], ["unsure", "Unsure"], ["not_applicable", "N/A"]];
const CHECK_RESULTS = [["", "Not answered"], ["ok", "OK"], ["concern", "Concern"], ["not_checked", "Not checked"]];
const RANKS = ["sergeant", "constable", "detention_officer", "inspector", "chief_inspector", "superintendent", "chief_superintendent", "other_senior"];
const APPROPRIATE_ADULT = ["requested", "present", "not_arranged", "not_needed"];
const EDITABLE = ["draft", "invalid", "conflict"];

const options = (values, empty = "—") => [["", empty], ...values.map((value) => [value, humanise(value)])];

function emptyForm() {
  return { site_id: "", partner_ids: [], detainees: [], issues: [], checks: {}, feedback: {} };
}

export async function draw({ me, args, go }) {
  const id = args[0];
  if (!id) return go(`visit/${crypto.randomUUID()}`);
  const lists = await visitFormLists();
  let record = (await visits.get(id)) || { id, state: "draft", form: emptyForm(), me: { id: me.id } };
  const form = record.form;
  let saving = Promise.resolve();

  function save() {
    record = { ...record, form };
    saving = saving.then(() => visits.put(record));
    return saving;
  }

  if (!EDITABLE.includes(record.state)) {
    const main = screen("Visit");
    main.append(notice(STATES[record.state] || record.state), h("a", { href: "#/visits", class: "button" }, "My visits"));
    return;
  }

  const main = screen(record.state === "draft" ? "Record a visit" : "Fix and resend the visit");
  const body = h("form", { class: "stack visit-form", novalidate: true, onsubmit: (event) => event.preventDefault() });
  main.append(body);

  function errorsFor(name) {
    return [].concat(record.errors?.[name] || []);
  }

  function bind(control, get, set, name) {
    control.value = get() ?? "";
    if (name) {
      control.dataset.field = name;
      const errors = errorsFor(name);
      if (errors.length) control.setAttribute("aria-invalid", "true");
    }
    const update = () => {
      set(control.type === "checkbox" ? control.checked : control.value);
      save();
    };
    control.addEventListener("input", update);
    control.addEventListener("change", update);
    return control;
  }

  function errorText(name) {
    const errors = errorsFor(name);
    return errors.length ? h("p", { class: "field-error", id: uid("err") }, errors.join(" ")) : null;
  }

  function withErrors(wrapper, name) {
    const error = errorText(name);
    if (error) {
      wrapper.append(error);
      const control = wrapper.querySelector("input, select, textarea");
      if (control) control.setAttribute("aria-describedby", [control.getAttribute("aria-describedby"), error.id].filter(Boolean).join(" "));
    }
    return wrapper;
  }

  function timeField(label, name, nowLabel, after = () => {}) {
    const input = bind(h("input", { type: "datetime-local", name }), () => form[name], (value) => { form[name] = value; after(); }, name);
    const wrapper = field(label, input);
    wrapper.append(
      h("button", { type: "button", class: "now", onclick: () => { form[name] = localTime(); input.value = form[name]; save(); after(); announce(`${label}: ${input.value.replace("T", " ")}`); } }, nowLabel),
    );
    return withErrors(wrapper, name);
  }

  function render() {
    const focused = document.activeElement?.dataset?.focusKey;
    body.replaceChildren();
    if (record.state !== "draft") {
      const entries = Object.entries(record.errors || {});
      body.append(
        h(
          "div",
          { class: "notice notice-error", role: "alert" },
          h("p", {}, record.state === "conflict" ? `Conflict: ${problemText(record.problem)}` : `The office could not accept this visit: ${problemText(record.problem)}`),
          entries.length ? h("ul", {}, entries.map(([name, messages]) => h("li", {}, `${humanise(name.replaceAll(".", " "))}: ${[].concat(messages).join(" ")}`))) : null,
          record.state === "conflict"
            ? h("button", { type: "button", onclick: async () => { const copy = { ...record, id: crypto.randomUUID(), state: "draft", errors: null, problem: null }; await visits.put(copy); await visits.remove(record.id); go(`visit/${copy.id}`); } }, "Keep it as a new visit")
            : null,
        ),
      );
    }
    const site = lists.sites.find((one) => String(one.id) === String(form.site_id));
    const isDogUnit = site?.kind === "dog_unit";
    // Where and who
    body.append(
      h("h2", {}, "Where and who"),
      withErrors(field("Site", bind(select(options(lists.sites.map((one) => one.id)).map(([value]) => [value, lists.sites.find((one) => String(one.id) === String(value))?.name || "Choose a site"]), form.site_id, { name: "site_id" }), () => form.site_id, (value) => { form.site_id = value; render(); }, "site_id")), "site_id"),
    );
    const partnerOptions = [["", "No partner: I went alone"], ...lists.colleagues.filter((person) => person.id !== record.me.id).map((person) => [person.id, person.name])];
    body.append(withErrors(field("Partner", bind(select(partnerOptions, form.partner_ids[0] || "", { name: "partner" }), () => form.partner_ids[0] || "", (value) => { form.partner_ids = value ? [Number(value)] : []; render(); }, "visitor_ids")), "visitor_ids"));
    if (!form.partner_ids.length) {
      body.append(withErrors(field("Why you went alone", bind(h("input", { type: "text", name: "single_visitor_reason" }), () => form.single_visitor_reason, (value) => { form.single_visitor_reason = value; }, "single_visitor_reason")), "single_visitor_reason"));
    }
    // Times
    body.append(h("h2", {}, "Arrival and access"));
    const delayBox = h("div", { class: "delay" });
    const showDelay = () => {
      const minutes = delayMinutes(form);
      delayBox.replaceChildren();
      if (minutes !== null && minutes > 5) {
        delayBox.append(
          notice(`Access took ${minutes} minutes: over 5 minutes is not immediate.`, "warning"),
          withErrors(field("Reason given for the delay", bind(h("textarea", { name: "access_delay_reason", rows: 2 }), () => form.access_delay_reason, (value) => { form.access_delay_reason = value; }, "access_delay_reason")), "access_delay_reason"),
        );
      }
    };
    body.append(timeField("Arrived at the station", "arrived_at", "Arrived now", showDelay));
    body.append(timeField("Admitted to the suite", "admitted_at", "Admitted now", showDelay));
    body.append(delayBox);
    showDelay();
    // Detainees
    if (!isDogUnit) {
      body.append(h("h2", {}, `Detainees (${form.detainees.length})`));
      const ref = h("input", { type: "text", name: "new_ref", autocapitalize: "characters", "data-focus-key": "new-ref", autocomplete: "off" });
      const add = () => {
        const value = ref.value.trim();
        if (!value) {
          ref.focus();
          return;
        }
        form.detainees.push({ ref: value, outcome: "", observations: {} });
        save();
        render();
        announce(`Detainee ${value} added`);
        body.querySelector('[data-focus-key="new-ref"]').focus();
      };
      ref.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); add(); } });
      body.append(field("Custody or cell reference", ref, { hint: "No names: the reference only." }), h("button", { type: "button", class: "add", onclick: add }, "Add detainee"));
      form.detainees.forEach((entry, index) => body.append(detaineeCard(entry, index)));
    }
    // Issues
    body.append(h("h2", {}, `Issues (${form.issues.length})`));
    form.issues.forEach((issue, index) => body.append(issueCard(issue, index)));
    body.append(
      h("button", { type: "button", class: "add", onclick: () => { form.issues.push({ category: "", description: "", raised_by: "visitor", resolved_during_visit: false }); save(); render(); body.querySelector(`[data-focus-key="issue-${form.issues.length - 1}"]`)?.focus(); } }, "Add an issue"),
    );
    // Checks
    const kind = isDogUnit ? "dog" : "suite";
    const items = (lists.checklists[kind] || []).filter((item) => item.active !== false);
    if (items.length) {
      body.append(h("h2", {}, isDogUnit ? "Dog unit checks" : "Suite checks"));
      for (const item of items) {
        form.checks[item.key] = form.checks[item.key] || { result: "", note: "" };
        const answer = form.checks[item.key];
        const wrapper = withErrors(field(item.label, bind(select(CHECK_RESULTS, answer.result, { name: `check-${item.key}` }), () => answer.result, (value) => { answer.result = value; render(); }, `checks.${item.key}`)), `checks.${item.key}`);
        if (answer.result === "concern") {
          wrapper.append(withErrors(field(`What is the concern? (${item.label})`, bind(h("input", { type: "text" }), () => answer.note, (value) => { answer.note = value; }, `checks.${item.key}.note`)), `checks.${item.key}.note`));
        }
        body.append(wrapper);
      }
    }
    // Feedback and leaving
    body.append(h("h2", {}, "Feedback before leaving"));
    const feedback = form.feedback;
    body.append(
      withErrors(field("Told (name)", bind(h("input", { type: "text", name: "feedback_name" }), () => feedback.to_name, (value) => { feedback.to_name = value; }, "feedback.to_name")), "feedback.to_name"),
      withErrors(field("Their rank", bind(select(options(RANKS), feedback.to_rank, { name: "feedback_rank" }), () => feedback.to_rank, (value) => { feedback.to_rank = value; }, "feedback.to_rank")), "feedback.to_rank"),
      withErrors(field("What you told them", bind(h("textarea", { name: "feedback_summary", rows: 3 }), () => feedback.summary, (value) => { feedback.summary = value; feedback.at = feedback.at || localTime(); }, "feedback.summary")), "feedback"),
    );
    body.append(timeField("Left the suite", "departed_at", "Leaving now"));
    body.append(field("Notes", bind(h("textarea", { name: "notes", rows: 3 }), () => form.notes, (value) => { form.notes = value; }, "notes")));
    const status = h("div", { role: "status" });
    body.append(
      h("button", { type: "button", class: "primary big", onclick: async () => {
        status.replaceChildren();
        const missing = [];
        if (!form.site_id) missing.push("the site");
        if (!form.arrived_at) missing.push("the arrival time");
        if (missing.length) {
          status.append(notice(`Add ${missing.join(" and ")} first.`, "error"));
          return;
        }
        await saving;
        await submit({ ...record, form });
        announce(navigator.onLine ? "Visit submitted: sending it now" : "Visit submitted: it will be sent when you are online");
        go("visits");
      } }, record.state === "draft" ? "Submit visit" : "Resend visit"),
      status,
      h("p", { class: "muted" }, "Saved on this phone as you type."),
    );
    if (focused) body.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  function detaineeCard(entry, index) {
    const at = `detainees.${index}`;
    const card = h("fieldset", { class: "card detainee", "data-ref": entry.ref }, h("legend", {}, `Detainee ${entry.ref}`));
    card.append(withErrors(choiceButtons(`Outcome for ${entry.ref}`, OUTCOMES, entry.outcome, (value) => { entry.outcome = value; save(); render(); body.querySelector(`[data-focus-key="outcome-${index}-${value}"]`)?.focus(); }, { field: `${at}.outcome` }), `${at}.outcome`));
    for (const button of card.querySelectorAll(".choice")) button.dataset.focusKey = `outcome-${index}-${button.dataset.value}`;
    if (REASON_NEEDED.includes(entry.outcome) || entry.outcome === "refused") {
      card.append(withErrors(field(`Why (${entry.ref})`, bind(h("input", { type: "text" }), () => entry.reason, (value) => { entry.reason = value; }, `${at}.reason`)), `${at}.reason`));
    }
    if (entry.outcome === "seen") {
      const details = h("details", { class: "more" }, h("summary", {}, "About them (optional)"));
      details.append(
        field("Gender", bind(select(options(GENDERS), entry.gender), () => entry.gender, (value) => { entry.gender = value; }, `${at}.gender`)),
        field("Age group", bind(select(options(AGE_GROUPS), entry.age_group), () => entry.age_group, (value) => { entry.age_group = value; }, `${at}.age_group`)),
        field("Ethnicity", bind(select(options(ETHNICITIES), entry.ethnicity), () => entry.ethnicity, (value) => { entry.ethnicity = value; }, `${at}.ethnicity`)),
      );
      card.append(details);
      const observationItems = (lists.checklists.detainee || []).filter((item) => item.active !== false);
      if (observationItems.length) {
        card.append(h("p", { class: "label" }, `Observations for ${entry.ref}`));
        for (const item of observationItems) {
          card.append(withErrors(field(item.label, bind(select(ANSWERS, entry.observations[item.key] || ""), () => entry.observations[item.key], (value) => { entry.observations[item.key] = value; }, `${at}.observations.${item.key}`)), `${at}.observations.${item.key}`));
        }
      }
      if (entry.age_group === "under_18" || entry.vulnerable) {
        card.append(withErrors(field("Appropriate adult", bind(select(options(APPROPRIATE_ADULT), entry.appropriate_adult), () => entry.appropriate_adult, (value) => { entry.appropriate_adult = value; }, `${at}.appropriate_adult`)), `${at}.appropriate_adult`));
      }
    }
    card.append(h("button", { type: "button", class: "remove", onclick: () => { form.detainees.splice(index, 1); save(); render(); announce(`Detainee ${entry.ref} removed`); } }, `Remove ${entry.ref}`));
    return card;
  }

  function issueCard(issue, index) {
    const at = `issues.${index}`;
    const seen = form.detainees.filter((entry) => entry.outcome === "seen");
    const card = h("fieldset", { class: "card issue" }, h("legend", {}, `Issue ${index + 1}`));
    const category = bind(select([["", "Choose a category"], ...lists.categories.filter((one) => one.active !== false).map((one) => [one.key, one.label])], issue.category), () => issue.category, (value) => { issue.category = value; }, `${at}.category`);
    category.dataset.focusKey = `issue-${index}`;
    card.append(
      withErrors(field("Category", category), `${at}.category`),
      withErrors(field("What is it?", bind(h("textarea", { rows: 2 }), () => issue.description, (value) => { issue.description = value; }, `${at}.description`)), `${at}.description`),
      choiceButtons("Raised by", [["visitor", "Us (visitors)"], ["detainee", "A detainee"]], issue.raised_by, (value) => { issue.raised_by = value; save(); render(); }),
    );
    if (issue.raised_by === "detainee") {
      card.append(withErrors(field("Which detainee", bind(select([["", "Choose"], ...seen.map((entry) => [entry.ref, entry.ref])], issue.detainee_ref), () => issue.detainee_ref, (value) => { issue.detainee_ref = value; }, `${at}.detainee_ref`)), `${at}.detainee_ref`));
    }
    const resolved = h("input", { type: "checkbox" });
    resolved.checked = Boolean(issue.resolved_during_visit);
    resolved.addEventListener("change", () => { issue.resolved_during_visit = resolved.checked; save(); });
    card.append(h("div", { class: "check" }, resolved, h("label", { for: resolved.id = uid() }, "Put right during the visit")));
    card.append(h("button", { type: "button", class: "remove", onclick: () => { form.issues.splice(index, 1); save(); render(); } }, `Remove issue ${index + 1}`));
    return card;
  }

  if (!(await visits.get(id))) await save();
  render();
}
