// The detainees of a custody visit, by custody or cell reference only: each one's outcome (a
// reason where the API needs one; a denial with the rank who authorised it), TACT, juvenile and
// vulnerable flags, and for those seen the demographics and the scheme's detainee checklist.
import { announce, choiceButtons, field, h, select } from "../ui.js";
import { needsAppropriateAdult } from "../visit_body.js";
import { checkbox } from "./visit_controls.js";
import { AGE_GROUPS, ANSWERS, APPROPRIATE_ADULT, DETAINEE_OUTCOMES, ETHNICITIES, GENDERS, OUTCOMES_WITH_REASON, RANKS_WHO_MAY_DENY, options } from "./visit_vocabulary.js";

export function detaineeEntries(ctx) {
  const { form, body, save, render } = ctx;
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
  ref.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });
  return [
    ctx.withErrors(field("Custody or cell reference", ref, { hint: "No names: the reference only." }), "detainees"),
    h("button", { type: "button", class: "add", onclick: add }, "Add detainee"),
    ...form.detainees.map((entry, index) => detaineeCard(ctx, entry, index)),
  ];
}

function detaineeCard(ctx, entry, index) {
  const { form, body, bind, withErrors, save, render, lists } = ctx;
  const at = `detainees.${index}`;
  const card = h("fieldset", { class: "card detainee", "data-ref": entry.ref }, h("legend", {}, `Detainee ${entry.ref}`));
  card.append(withErrors(h("div"), `${at}.ref`));
  card.append(withErrors(choiceButtons(`Outcome for ${entry.ref}`, DETAINEE_OUTCOMES, entry.outcome, (value) => { entry.outcome = value; save(); render(); body.querySelector(`[data-focus-key="outcome-${index}-${value}"]`)?.focus(); }, { field: `${at}.outcome` }), `${at}.outcome`));
  for (const button of card.querySelectorAll(".choice")) button.dataset.focusKey = `outcome-${index}-${button.dataset.value}`;
  if (OUTCOMES_WITH_REASON.includes(entry.outcome)) {
    card.append(withErrors(field(`Why (${entry.ref})`, bind(h("input", { type: "text" }), () => entry.reason, (value) => { entry.reason = value; }, `${at}.reason`)), `${at}.reason`));
  }
  if (entry.outcome === "denied") {
    const rank = bind(select(options(RANKS_WHO_MAY_DENY, "Choose the rank"), entry.denied_by_rank), () => entry.denied_by_rank, (value) => { entry.denied_by_rank = value; }, `${at}.denied_by_rank`);
    card.append(withErrors(field(`Rank of the officer who denied access (${entry.ref})`, rank, { hint: "Only an inspector or above may deny access. If a sergeant or lower refused, record it as an issue instead." }), `${at}.denied_by_rank`));
  }
  if (entry.outcome === "seen") {
    const details = h("details", { class: "more" }, h("summary", {}, "About them (optional)"));
    details.append(
      field("Gender", bind(select(options(GENDERS), entry.gender), () => entry.gender, (value) => { entry.gender = value; }, `${at}.gender`)),
      withErrors(field("Age group", bind(select(options(AGE_GROUPS), entry.age_group), () => entry.age_group, (value) => { entry.age_group = value; render(); }, `${at}.age_group`)), `${at}.age_group`),
      field("Ethnicity", bind(select(options(ETHNICITIES), entry.ethnicity), () => entry.ethnicity, (value) => { entry.ethnicity = value; }, `${at}.ethnicity`)),
    );
    if (entry.gender || entry.age_group || entry.ethnicity) details.open = true;
    card.append(details);
    const observationItems = (lists.checklists.detainee || []).filter((item) => item.active !== false);
    if (observationItems.length) {
      card.append(h("p", { class: "label" }, `Observations for ${entry.ref}`));
      for (const item of observationItems) {
        card.append(withErrors(field(item.label, bind(select(ANSWERS, entry.observations[item.key] || ""), () => entry.observations[item.key], (value) => { entry.observations[item.key] = value; }, `${at}.observations.${item.key}`)), `${at}.observations.${item.key}`));
      }
    }
  }
  const flag = (name, label, hint) =>
    withErrors(checkbox(label, entry[name], (checked) => { entry[name] = checked; save(); render(); body.querySelector(`[data-focus-key="${name}-${index}"]`)?.focus(); }, { field: `${at}.${name}`, hint }), `${at}.${name}`);
  const flags = [
    flag("tact", `Held under terrorism legislation (TACT): ${entry.ref}`, entry.tact && entry.outcome === "seen" ? "One of you must be TACT trained; the office then owes a TACT report." : null),
    flag("juvenile", `Juvenile (under 18): ${entry.ref}`),
    flag("vulnerable", `Vulnerable adult: ${entry.ref}`),
  ];
  ["tact", "juvenile", "vulnerable"].forEach((name, i) => { flags[i].querySelector("input").dataset.focusKey = `${name}-${index}`; });
  card.append(...flags);
  if (needsAppropriateAdult(entry)) {
    card.append(withErrors(field(`Appropriate adult (${entry.ref})`, bind(select(options(APPROPRIATE_ADULT), entry.appropriate_adult), () => entry.appropriate_adult, (value) => { entry.appropriate_adult = value; }, `${at}.appropriate_adult`)), `${at}.appropriate_adult`));
  }
  card.append(h("button", { type: "button", class: "remove", onclick: () => { form.detainees.splice(index, 1); save(); render(); announce(`Detainee ${entry.ref} removed`); } }, `Remove ${entry.ref}`));
  return card;
}
