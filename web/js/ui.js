// Small helpers to build the screens: elements, labelled fields, status messages.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      element.className = value;
    } else if (name === "text") {
      element.textContent = value;
    } else if (name in element && typeof value !== "string") {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

let counter = 0;
export function uid(prefix = "f") {
  counter += 1;
  return `${prefix}-${counter}`;
}

// A labelled input (or select/textarea); `field` names it for the API's errors.
export function field(label, control, { hint, field: fieldName } = {}) {
  const id = control.id || uid();
  control.id = id;
  if (fieldName) control.dataset.field = fieldName;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { class: "hint", id: hintId }, hint) : null,
    control,
  );
}

export function select(options, value, attrs = {}) {
  const control = h("select", attrs);
  for (const [optionValue, label] of options) {
    const option = h("option", { value: optionValue }, label);
    if (String(optionValue) === String(value ?? "")) option.selected = true;
    control.append(option);
  }
  return control;
}

// A row of toggle buttons acting as one choice (aria-pressed), with a visible group label.
export function choiceButtons(label, options, value, onChoose, { field: fieldName } = {}) {
  const labelId = uid("choice");
  const group = h("div", { class: "choices", role: "group", "aria-labelledby": labelId });
  if (fieldName) group.dataset.field = fieldName;
  for (const [optionValue, optionLabel] of options) {
    const button = h(
      "button",
      {
        type: "button",
        class: "choice",
        "aria-pressed": String(optionValue === value),
        "data-value": optionValue,
        onclick: () => {
          for (const other of group.querySelectorAll("button")) {
            other.setAttribute("aria-pressed", String(other === button));
          }
          onChoose(optionValue);
        },
      },
      optionLabel,
    );
    group.append(button);
  }
  return h("div", { class: "field" }, h("span", { class: "label", id: labelId }, label), group);
}

export function announce(message) {
  const announcer = document.getElementById("announcer");
  announcer.textContent = "";
  setTimeout(() => {
    announcer.textContent = message;
  }, 50);
}

export function screen(title, ...children) {
  const main = document.getElementById("main");
  main.replaceChildren(h("h1", { tabindex: "-1" }, title), ...children);
  document.title = `${title} - ICV field app`;
  main.querySelector("h1").focus();
  return main;
}

export function notice(text, kind = "info") {
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : null }, text);
}

export function humanise(key) {
  if (key === null || key === undefined) return "";
  const text = String(key).replaceAll("_", " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function when(iso) {
  if (!iso) return "";
  return new Date(iso).toLocaleString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function day(isoDate) {
  return new Date(`${isoDate}T12:00:00`).toLocaleDateString("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
  });
}

export function problemText(body) {
  if (!body) return "Something went wrong.";
  return body.detail || body.title || "Something went wrong.";
}

// A refused answer as words for the person: its detail, and what it says of each field.
export function refusal(answer) {
  if (answer.status === 429) {
    return "Too many tries: wait a few minutes, then try again.";
  }
  const details = Object.values(answer.body?.errors || {}).flat().filter(Boolean);
  return [problemText(answer.body), ...details.filter((text) => text !== answer.body?.detail)].join(" ");
}

export function linkButton(href, text, attrs = {}) {
  return h("a", { href, class: "button", ...attrs }, text);
}

export function financialYear(date = new Date()) {
  return date.getMonth() >= 3 ? date.getFullYear() : date.getFullYear() - 1;
}
