// Recording a visit, kept in IndexedDB from its first field: closing the tab or losing the
// signal loses nothing. Submitting puts it in the outbox (../outbox.js). The form shows what
// the visit's site, mode and outcome call for (../visit_body.js `shape`): dogs at a dog unit,
// detainees at a custody suite, neither for an abandoned visit; its sections fold away.
import { visitFormLists } from "../lists.js";
import { STATES, submit } from "../outbox.js";
import { visits } from "../store.js";
import { announce, choiceButtons, field, h, humanise, notice, problemText, screen, select, uid } from "../ui.js";
import { delayMinutes, localTime, shape } from "../visit_body.js";
import { section } from "./visit_controls.js";
import { detaineeEntries } from "./visit_detainees.js";
import { dogEntries } from "./visit_dogs.js";
import { ABANDON_REASONS, CHECK_RESULTS, RANKS, URGENT_DOG_CHECKS, VISIT_MODES, VISIT_OUTCOMES, options } from "./visit_vocabulary.js";

const EDITABLE = ["draft", "invalid", "conflict"];

function emptyForm() {
  return { site_id: "", mode: "in_person", outcome: "completed", partner_ids: [], detainees: [], dogs: [], issues: [], checks: {}, feedback: {} };
}

export async function draw({ me, args, go, screen }) {
  const id = args[0];
  if (!id) return go(`visit/${crypto.randomUUID()}`);
  const lists = await visitFormLists();
  let record = (await visits.get(id)) || { id, state: "draft", form: emptyForm(), me: { id: me.id } };
  const form = { ...emptyForm(), ...record.form };
  record.form = form;
  let saving = Promise.resolve();
  let unsaved = 0;
  let saveFailed = false;
  let saveNote = null;

  /** Tells the volunteer whether the last change is on the phone yet: "Saving…" until
   * IndexedDB has the write, then "Saved"; a failed write (storage full) says so. */
  function showSaveState() {
    if (!saveNote) return;
    const state = saveFailed ? "failed" : unsaved ? "saving" : "saved";
    saveNote.dataset.saveState = state;
    saveNote.classList.toggle("notice-error", saveFailed);
    saveNote.textContent = {
      saving: "Saving on this phone…",
      saved: "Saved on this phone as you type.",
      failed: "This phone could not save the visit: free some space and keep this screen open.",
    }[state];
  }

  function save() {
    record = { ...record, form };
    unsaved += 1;
    showSaveState();
    saving = saving
      .then(() => visits.put(record))
      .then(
        () => { saveFailed = false; },
        () => { saveFailed = true; },
      )
      .finally(() => {
        unsaved -= 1;
        showSaveState();
      });
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

  // Times and who went: the words change for a phone or video visit.
  function whereAndWho(shown) {
    const site = lists.sites.find((one) => String(one.id) === String(form.site_id));
    const siteOptions = [["", "Choose a site"], ...lists.sites.map((one) => [one.id, one.name])];
    const nodes = [
      withErrors(field("Site", bind(select(siteOptions, form.site_id, { name: "site_id" }), () => form.site_id, (value) => { form.site_id = value; form.site_kind = lists.sites.find((one) => String(one.id) === String(value))?.kind || ""; render(); }, "site_id")), "site_id"),
      withErrors(choiceButtons("How you visited", VISIT_MODES, shown.mode, (value) => { form.mode = value; save(); render(); body.querySelector(`[data-focus-key="mode-${value}"]`)?.focus(); }, { field: "mode" }), "mode"),
    ];
    for (const button of nodes[1].querySelectorAll(".choice")) button.dataset.focusKey = `mode-${button.dataset.value}`;
    if (shown.remote) nodes.push(notice("A phone or video visit fills no slot and meets no target; it needs no partner.", "info"));
    const others = lists.colleagues.filter((person) => person.id !== record.me.id);
    const allowed = shown.dogUnit ? others.filter((person) => person.may_visit_dog_unit) : others;
    const partner = form.partner_ids[0];
    if (partner && !allowed.some((person) => person.id === partner)) {
      const name = others.find((person) => person.id === partner)?.name || "Your partner";
      form.partner_ids = [];
      save();
      nodes.push(notice(`${name} may not visit the dog unit (animal welfare visitors only, after probation): choose another partner.`, "warning"));
    }
    const partnerOptions = [["", shown.remote ? "No partner" : "No partner: I went alone"], ...allowed.map((person) => [person.id, person.name])];
    nodes.push(withErrors(field("Partner", bind(select(partnerOptions, form.partner_ids[0] || "", { name: "partner" }), () => form.partner_ids[0] || "", (value) => { form.partner_ids = value ? [Number(value)] : []; render(); }, "visitor_ids"), { hint: shown.dogUnit && site ? "Only visitors on the animal welfare scheme, past probation, may visit the dog unit." : null }), "visitor_ids"));
    if (!form.partner_ids.length && !shown.remote) {
      nodes.push(withErrors(field("Why you went alone", bind(h("input", { type: "text", name: "single_visitor_reason" }), () => form.single_visitor_reason, (value) => { form.single_visitor_reason = value; }, "single_visitor_reason")), "single_visitor_reason"));
    }
    return nodes;
  }

  function arrival(shown) {
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
    const admitted = shown.remote ? "Put through to the suite" : shown.abandoned ? "Admitted to the suite (if you were)" : "Admitted to the suite";
    const nodes = [
      timeField(shown.remote ? "Call started" : "Arrived at the station", "arrived_at", shown.remote ? "Started now" : "Arrived now", showDelay),
      timeField(admitted, "admitted_at", "Admitted now", showDelay),
      delayBox,
    ];
    showDelay();
    return nodes;
  }

  function outcome(shown) {
    const choice = choiceButtons("How the visit went", VISIT_OUTCOMES, shown.outcome, (value) => { form.outcome = value; save(); render(); body.querySelector(`[data-focus-key="visit-outcome-${value}"]`)?.focus(); }, { field: "outcome" });
    for (const button of choice.querySelectorAll(".choice")) button.dataset.focusKey = `visit-outcome-${button.dataset.value}`;
    const nodes = [withErrors(choice, "outcome")];
    if (shown.outcome === "curtailed") {
      nodes.push(withErrors(field("Why the visit was cut short", bind(h("textarea", { name: "curtail_reason", rows: 2 }), () => form.curtail_reason, (value) => { form.curtail_reason = value; }, "curtail_reason")), "curtail_reason"));
    }
    if (shown.abandoned) {
      nodes.push(
        notice(shown.dogUnit ? "An abandoned visit records no dogs or checks." : "An abandoned visit saw no detainees: none are sent.", "info"),
        withErrors(field("Why you abandoned it", bind(select(options(ABANDON_REASONS, "Choose a reason"), form.abandon_reason, { name: "abandon_reason" }), () => form.abandon_reason, (value) => { form.abandon_reason = value; render(); }, "abandon_reason"), { hint: form.abandon_reason === "entry_refused" ? "The managers are told at once when you submit." : null }), "abandon_reason"),
        withErrors(field(form.abandon_reason === "other" ? "What happened" : "What happened (optional)", bind(h("textarea", { name: "abandon_note", rows: 2 }), () => form.abandon_note, (value) => { form.abandon_note = value; }, "abandon_note")), "abandon_note"),
      );
    }
    return nodes;
  }

  function checks(shown) {
    const kind = shown.dogUnit ? "dog" : "suite";
    const items = (lists.checklists[kind] || []).filter((item) => item.active !== false);
    form.check_keys = items.map((item) => item.key);
    const nodes = [];
    for (const item of items) {
      form.checks[item.key] = form.checks[item.key] || { result: "", note: "" };
      const answer = form.checks[item.key];
      const urgent = shown.dogUnit && URGENT_DOG_CHECKS.includes(item.key);
      const control = bind(select(CHECK_RESULTS, answer.result, { name: `check-${item.key}` }), () => answer.result, (value) => { answer.result = value; render(); }, `checks.${item.key}`);
      const wrapper = withErrors(field(item.label, control, { hint: urgent ? "A concern here is urgent: the unit's sergeant and the managers are told at once." : null }), `checks.${item.key}`);
      if (answer.result === "concern") {
        wrapper.append(withErrors(field(`What is the concern? (${item.label})`, bind(h("input", { type: "text" }), () => answer.note, (value) => { answer.note = value; }, `checks.${item.key}.note`)), `checks.${item.key}.note`));
      }
      nodes.push(wrapper);
    }
    return nodes;
  }

  function leaving(shown) {
    const feedback = form.feedback;
    const nodes = [];
    if (shown.feedback) {
      nodes.push(
        h("p", { class: "hint" }, shown.feedbackNeeded ? "Whom you told what you found before leaving." : "Whom you told what you found (optional for this visit)."),
        withErrors(field("Told (name)", bind(h("input", { type: "text", name: "feedback_name" }), () => feedback.to_name, (value) => { feedback.to_name = value; }, "feedback.to_name")), "feedback.to_name"),
        withErrors(field("Their rank", bind(select(options(RANKS), feedback.to_rank, { name: "feedback_rank" }), () => feedback.to_rank, (value) => { feedback.to_rank = value; }, "feedback.to_rank")), "feedback.to_rank"),
        withErrors(field("What you told them", bind(h("textarea", { name: "feedback_summary", rows: 3 }), () => feedback.summary, (value) => { feedback.summary = value; feedback.at = feedback.at || localTime(); }, "feedback.summary")), "feedback"),
      );
    }
    nodes.push(
      timeField(shown.remote ? "Call ended" : "Left the suite", "departed_at", shown.remote ? "Ended now" : "Leaving now"),
      field("Notes", bind(h("textarea", { name: "notes", rows: 3 }), () => form.notes, (value) => { form.notes = value; }, "notes")),
    );
    return nodes;
  }

  function submitBar() {
    const status = h("div", { role: "status" });
    saveNote = h("p", { class: "muted saved" });
    showSaveState();
    const send = async () => {
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
    };
    return h(
      "div",
      { class: "submit-bar" },
      h("button", { type: "button", class: "primary big", onclick: send }, record.state === "draft" ? "Submit visit" : "Resend visit"),
      status,
      saveNote,
    );
  }

  function render() {
    const focused = document.activeElement?.dataset?.focusKey;
    body.replaceChildren();
    if (record.state !== "draft") body.append(problemsNotice());
    if (form.site_id && !form.site_kind) form.site_kind = lists.sites.find((one) => String(one.id) === String(form.site_id))?.kind || "";
    const shown = shape(form);
    const ctx = { form, lists, body, bind, withErrors, save, render };
    const part = (key, title, nodes, fields) => section(form, key, title, nodes, { hasErrors: Object.keys(record.errors || {}).some((name) => fields.some((one) => name === one || name.startsWith(`${one}.`))), onToggle: save });
    body.append(part("who", "Where and who", whereAndWho(shown), ["site_id", "mode", "visitor_ids", "single_visitor_reason"]));
    body.append(part("arrival", shown.remote ? "The call" : "Arrival and access", arrival(shown), ["arrived_at", "admitted_at", "access_delay_reason"]));
    body.append(part("outcome", "Outcome", outcome(shown), ["outcome", "curtail_reason", "abandon_reason", "abandon_note"]));
    if (shown.detainees) body.append(part("detainees", `Detainees (${form.detainees.length})`, detaineeEntries(ctx), ["detainees"]));
    if (shown.dogs) body.append(part("dogs", `Dogs (${form.dogs.length})`, dogEntries(ctx), ["dogs"]));
    body.append(part("issues", `Issues (${form.issues.length})`, [...form.issues.map((issue, index) => issueCard(issue, index, shown)), addIssueButton()], ["issues"]));
    const checkNodes = shown.checks ? checks(shown) : [];
    if (checkNodes.length) body.append(part("checks", shown.dogUnit ? "Dog unit checks" : "Suite checks", checkNodes, ["checks"]));
    body.append(part("leaving", shown.feedback ? "Feedback and leaving" : "Leaving", leaving(shown), ["feedback", "departed_at", "notes"]));
    body.append(submitBar());
    if (focused) body.querySelector(`[data-focus-key="${focused}"]`)?.focus();
  }

  function problemsNotice() {
    const entries = Object.entries(record.errors || {});
    return h(
      "div",
      { class: "notice notice-error", role: "alert" },
      h("p", {}, record.state === "conflict" ? `Conflict: ${problemText(record.problem)}` : `The office could not accept this visit: ${problemText(record.problem)}`),
      entries.length ? h("ul", {}, entries.map(([name, messages]) => h("li", {}, `${humanise(name.replaceAll(".", " "))}: ${[].concat(messages).join(" ")}`))) : null,
      record.state === "conflict"
        ? h("button", { type: "button", onclick: async () => { const copy = { ...record, id: crypto.randomUUID(), state: "draft", errors: null, problem: null }; await visits.put(copy); await visits.remove(record.id); go(`visit/${copy.id}`); } }, "Keep it as a new visit")
        : null,
    );
  }

  function addIssueButton() {
    return h("button", { type: "button", class: "add", onclick: () => { form.issues.push({ category: "", description: "", raised_by: "visitor", resolved_during_visit: false }); save(); render(); body.querySelector(`[data-focus-key="issue-${form.issues.length - 1}"]`)?.focus(); } }, "Add an issue");
  }

  function issueCard(issue, index, shown) {
    const at = `issues.${index}`;
    const seen = form.detainees.filter((entry) => entry.outcome === "seen");
    const card = h("fieldset", { class: "card issue" }, h("legend", {}, `Issue ${index + 1}`));
    const category = bind(select([["", "Choose a category"], ...lists.categories.filter((one) => one.active !== false).map((one) => [one.key, one.label])], issue.category), () => issue.category, (value) => { issue.category = value; }, `${at}.category`);
    category.dataset.focusKey = `issue-${index}`;
    card.append(
      withErrors(field("Category", category), `${at}.category`),
      withErrors(field("What is it?", bind(h("textarea", { rows: 2 }), () => issue.description, (value) => { issue.description = value; }, `${at}.description`)), `${at}.description`),
      shown.detainees ? choiceButtons("Raised by", [["visitor", "Us (visitors)"], ["detainee", "A detainee"]], issue.raised_by, (value) => { issue.raised_by = value; save(); render(); }) : null,
    );
    if (shown.detainees && issue.raised_by === "detainee") {
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
