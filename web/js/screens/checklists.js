// The manager's checklists: what visitors check about the suite, each detainee seen and the dog
// unit (`GET /checklists`). Relabel an item, retire it (old visits keep its answers, new visits
// no longer ask it) or bring it back, and add one; the visit form follows on every phone.
import { api, get, post } from "../api.js";
import { kept } from "../store.js";
import { announce, field, h, notice, problemText, refusal, screen } from "../ui.js";

const KINDS = [
  ["suite", "Suite checks", "Asked once a visit about the custody suite."],
  ["detainee", "Detainee observations", "Asked for each detainee seen."],
  ["dog", "Dog unit checks", "Asked once a visit to a dog unit."],
];

/** The key a new item gets from its label: lower_snake_case, as the API asks, at most 40. */
export function keyOf(label) {
  const words = label.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  let key = words.join("_").slice(0, 40).replace(/_+$/, "");
  if (/^[0-9]/.test(key)) key = `item_${key}`.slice(0, 40);
  return key;
}

function itemRow(kind, item, refresh) {
  const result = h("div", { role: "status" });
  const label = h("input", { type: "text", value: item.label, maxlength: "100", "data-key": item.key });
  const change = async (changes, said) => {
    result.replaceChildren();
    const answer = await api("PATCH", `/checklists/${kind}/items/${item.key}`, changes);
    if (!answer.ok) {
      result.append(notice(refusal(answer), "error"));
      return;
    }
    announce(said);
    await refresh();
  };
  const rename = h("button", { type: "button", "aria-label": `Save the label of ${item.label}`, onclick: () => change({ label: label.value.trim() }, `Renamed: ${label.value.trim()}`) }, "Save");
  const toggle = item.active
    ? h("button", { type: "button", class: "remove", "aria-label": `Retire ${item.label}`, onclick: () => change({ active: false }, `Retired: ${item.label}`) }, "Retire")
    : h("button", { type: "button", "aria-label": `Bring back ${item.label}`, onclick: () => change({ active: true }, `Brought back: ${item.label}`) }, "Bring back");
  return h(
    "li",
    { class: `card checklist-item${item.active ? "" : " retired"}`, "data-item": `${kind}-${item.key}` },
    field(item.active ? `Label (${item.key})` : `Label (${item.key}, retired: new visits do not ask it)`, label),
    h("div", { class: "actions" }, rename, toggle),
    result,
  );
}

function addForm(kind, title, refresh) {
  const label = h("input", { type: "text", maxlength: "100", required: true });
  const key = h("span", { class: "muted" });
  const result = h("div", { role: "status" });
  label.addEventListener("input", () => {
    key.textContent = label.value.trim() ? `Its key: ${keyOf(label.value)}` : "";
  });
  return h(
    "form",
    {
      class: "stack add-item",
      onsubmit: async (event) => {
        event.preventDefault();
        result.replaceChildren();
        const text = label.value.trim();
        const answer = await post(`/checklists/${kind}/items`, { key: keyOf(text), label: text });
        if (!answer.ok) {
          result.append(notice(refusal(answer), "error"));
          label.setAttribute("aria-invalid", "true");
          return;
        }
        announce(`Added to ${title}: ${text}`);
        await refresh();
      },
    },
    field(`New item for ${title}`, label, { hint: "What the visitor checks, as they will read it." }),
    key,
    h("button", { type: "submit" }, `Add to ${title}`),
    result,
  );
}

export async function checklists() {
  const area = h("div");
  const opened = new Set();
  screen("Checklists", h("p", {}, "What a visit asks. Open a checklist to relabel, retire or add an item. A retired item keeps its answers on old visits; new visits no longer ask it."), area);
  function part(kind, title, hint, items) {
    const retired = items.filter((item) => !item.active).length;
    const details = h(
      "details",
      { class: "section", "data-kind": kind, open: opened.has(kind) },
      h("summary", {}, h("h2", { id: `checklist-${kind}` }, `${title}: ${items.length - retired} asked${retired ? `, ${retired} retired` : ""}`)),
      h("p", { class: "muted" }, hint),
      h("ul", { class: "cards" }, items.map((item) => itemRow(kind, item, refresh))),
      addForm(kind, title, refresh),
    );
    details.addEventListener("toggle", () => (details.open ? opened.add(kind) : opened.delete(kind)));
    return details;
  }
  async function refresh() {
    const answer = await get("/checklists");
    if (!answer.ok) {
      area.replaceChildren(notice(problemText(answer.body), "error"));
      return;
    }
    await kept.put("checklists", answer.body); // this phone's visit form follows at once
    const focused = document.activeElement?.closest("[data-item]")?.dataset.item;
    area.replaceChildren(...KINDS.map(([kind, title, hint]) => part(kind, title, hint, answer.body[kind] || [])));
    if (focused) area.querySelector(`[data-item="${focused}"] button`)?.focus();
  }
  await refresh();
}
