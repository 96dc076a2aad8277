// The dogs of a dog-unit visit: each by reference, where it was seen, the five welfare needs of
// the Animal Welfare Act 2006 (a concern says what it is) and notes (docs/animal-welfare.md).
import { announce, choiceButtons, field, h } from "../ui.js";
import { WELFARE_NEEDS } from "../visit_body.js";
import { DOG_LOCATIONS, NEED_RESULTS, WELFARE_NEED_LABELS } from "./visit_vocabulary.js";

export function dogEntries(ctx) {
  const { form, body, save, render } = ctx;
  form.dogs = form.dogs || [];
  const ref = h("input", { type: "text", name: "new_dog_ref", autocapitalize: "characters", "data-focus-key": "new-dog-ref", autocomplete: "off" });
  const add = () => {
    const value = ref.value.trim();
    if (!value) {
      ref.focus();
      return;
    }
    form.dogs.push({ ref: value, location: "", needs: {}, notes: "" });
    save();
    render();
    announce(`Dog ${value} added`);
    body.querySelector('[data-focus-key="new-dog-ref"]').focus();
  };
  ref.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });
  return [
    ctx.withErrors(field("Dog's reference", ref, { hint: "The unit's reference for the dog, e.g. PD-REX." }), "dogs"),
    h("button", { type: "button", class: "add", onclick: add }, "Add dog"),
    ...form.dogs.map((entry, index) => dogCard(ctx, entry, index)),
  ];
}

function dogCard(ctx, entry, index) {
  const { form, body, bind, withErrors, save, render } = ctx;
  const at = `dogs.${index}`;
  entry.needs = entry.needs || {};
  const card = h("fieldset", { class: "card dog", "data-ref": entry.ref }, h("legend", {}, `Dog ${entry.ref}`));
  const refocus = (key) => body.querySelector(`[data-focus-key="${key}"]`)?.focus();
  const location = choiceButtons(`Where ${entry.ref} was seen`, DOG_LOCATIONS, entry.location, (value) => { entry.location = value; save(); render(); refocus(`dog-${index}-location-${value}`); }, { field: `${at}.location` });
  for (const button of location.querySelectorAll(".choice")) button.dataset.focusKey = `dog-${index}-location-${button.dataset.value}`;
  card.append(withErrors(location, `${at}.location`), withErrors(h("div"), `${at}.ref`));
  card.append(h("p", { class: "label" }, `Welfare needs of ${entry.ref}`));
  for (const need of WELFARE_NEEDS) {
    const answer = (entry.needs[need] = entry.needs[need] || { result: "", note: "" });
    const label = WELFARE_NEED_LABELS[need];
    const choice = choiceButtons(label, NEED_RESULTS, answer.result, (value) => {
      answer.result = value;
      save();
      render();
      refocus(`dog-${index}-${need}-${value}`);
    }, { field: `${at}.needs.${need}` });
    choice.classList.add("need");
    for (const button of choice.querySelectorAll(".choice")) button.dataset.focusKey = `dog-${index}-${need}-${button.dataset.value}`;
    card.append(withErrors(choice, `${at}.needs.${need}`));
    if (answer.result === "concern") {
      const note = bind(h("input", { type: "text" }), () => answer.note, (value) => { answer.note = value; }, `${at}.needs.${need}.note`);
      card.append(withErrors(field(`What is the concern? (${label}, ${entry.ref})`, note), `${at}.needs.${need}.note`));
    }
  }
  card.append(
    withErrors(field(`Notes on ${entry.ref}`, bind(h("textarea", { rows: 2 }), () => entry.notes, (value) => { entry.notes = value; }, `${at}.notes`)), `${at}.notes`),
    h("button", { type: "button", class: "remove", onclick: () => { form.dogs.splice(index, 1); save(); render(); announce(`Dog ${entry.ref} removed`); } }, `Remove ${entry.ref}`),
  );
  return card;
}
