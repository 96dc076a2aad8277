// Controls the visit form repeats: a collapsible section and a labelled checkbox.
import { h, uid } from "../ui.js";

// A section the visitor can fold away once finished (native <details>, keyboard and screen
// reader friendly). Which sections are folded is kept in the draft; one holding an error the
// API named opens again.
export function section(form, key, title, children, { hasErrors = false, onToggle } = {}) {
  const closed = new Set(form.closed || []);
  const details = h("details", { class: "section", "data-section": key, open: hasErrors || !closed.has(key) }, h("summary", {}, h("h2", {}, title)));
  details.append(...children.flat().filter(Boolean));
  details.addEventListener("toggle", () => {
    const now = new Set(form.closed || []);
    if (details.open) now.delete(key);
    else now.add(key);
    form.closed = [...now];
    onToggle?.();
  });
  return details;
}

export function checkbox(label, checked, onChange, { field: fieldName, hint } = {}) {
  const box = h("input", { type: "checkbox", id: uid() });
  box.checked = Boolean(checked);
  if (fieldName) box.dataset.field = fieldName;
  box.addEventListener("change", () => onChange(box.checked));
  const hintNode = hint ? h("p", { class: "hint", id: `${box.id}-hint` }, hint) : null;
  if (hintNode) box.setAttribute("aria-describedby", hintNode.id);
  return h("div", { class: "check-field" }, h("div", { class: "check" }, box, h("label", { for: box.id }, label)), hintNode);
}
