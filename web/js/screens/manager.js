// The manager's screens: coverage heat map, this week's uncovered slots, plans, claims
// needing a partner, people and their status (adding one, resending an invitation, removing a
// second factor), targets.
import { all, get, post, remove } from "../api.js";
import { colleagues, sites } from "../lists.js";
import { announce, day, field, financialYear, h, humanise, notice, problemText, screen, select, when } from "../ui.js";

function yearLabel(year) {
  return `${year}/${String((Number(year) + 1) % 100).padStart(2, "0")}`;
}

function yearChoice(id) {
  const current = financialYear();
  return select([0, 1, 2, 3].map((back) => [current - back, yearLabel(current - back)]), current, { id, name: id });
}

export function heatMap(table) {
  const uncovered = new Set(table.uncovered.map((slot) => `${slot.day}|${slot.band}`));
  const highest = Math.max(1, ...table.counts.flat());
  return h(
    "table",
    { class: "heat", "data-site-id": table.site_id },
    h("caption", {}, `${table.site_name}, ${table.label}: visits per slot. Dashed cells: no visit yet (uncovered).`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Day"), table.grid.bands.map((band) => h("th", { scope: "col" }, band)))),
    h(
      "tbody",
      {},
      table.grid.days.map((dayName, row) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, dayName),
          table.grid.bands.map((band, column) => {
            const count = table.counts[row][column];
            const isUncovered = uncovered.has(`${dayName}|${band}`);
            const level = isUncovered ? 0 : Math.min(4, Math.ceil((count / highest) * 4));
            return h(
              "td",
              { class: `level-${level}${isUncovered ? " uncovered" : ""}`, "data-day": dayName, "data-band": band },
              String(count),
              isUncovered ? h("span", { class: "visually-hidden" }, " (uncovered)") : null,
            );
          }),
        ),
      ),
    ),
  );
}

export async function coverage({ screen }) {
  const siteList = (await sites()) || [];
  const first = siteList.find((site) => site.kind === "custody_suite" && site.status === "open") || siteList[0];
  const siteChoice = select(siteList.map((site) => [site.id, site.name]), first?.id, { id: "coverage-site", name: "site" });
  const year = yearChoice("coverage-year");
  const area = h("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": "Coverage table" });
  screen("Coverage", field("Site", siteChoice), field("Financial year", year), area);
  async function load() {
    const answer = await get(`/coverage?site_id=${siteChoice.value}&year=${year.value}`);
    if (!answer.ok) {
      area.replaceChildren(notice(problemText(answer.body), "error"));
      return;
    }
    const table = answer.body;
    area.replaceChildren(
      heatMap(table),
      h("p", {}, `${table.total} visits; ${table.uncovered.length} slot${table.uncovered.length === 1 ? "" : "s"} uncovered${table.outside_grid ? `; ${table.outside_grid} outside the grid` : ""}.`),
    );
  }
  siteChoice.addEventListener("change", load);
  year.addEventListener("change", load);
  await load();
}

export async function thisWeek() {
  const main = screen("Uncovered this week");
  const answer = await get("/slots/open?weeks=1&page_size=100");
  if (!answer.ok) {
    main.append(notice(problemText(answer.body), "error"));
    return;
  }
  main.append(
    h("p", {}, `${answer.body.length} open slot${answer.body.length === 1 ? "" : "s"} this week, least covered first.`),
    h("ul", { class: "cards" }, answer.body.map((slot) => h("li", { class: "card" }, h("strong", {}, slot.site_name), h("span", {}, `${slot.day} ${slot.band}`), h("span", { class: "muted" }, `${(slot.dates || []).map(day).join(", ")}; ${slot.visits} this year`)))),
  );
}

function nextMonday() {
  const date = new Date();
  date.setDate(date.getDate() + ((8 - date.getDay()) % 7 || 7));
  return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

function planView(plan, siteNames, names) {
  return h(
    "section",
    { class: "plan", "aria-label": `Plan from ${plan.from}` },
    h("h3", {}, `From ${day(plan.from)}, ${plan.weeks} week${plan.weeks === 1 ? "" : "s"}`),
    h(
      "ul",
      { class: "cards" },
      (plan.items || []).map((item) =>
        h("li", { class: "card" }, h("strong", {}, `${siteNames[item.site_id] || item.site_name}: ${item.day} ${item.band}`), h("span", {}, (item.dates || []).map(day).join(", ")), h("span", { class: "muted" }, (item.visitor_ids || []).map((id) => names[id] || `#${id}`).join(" and ")), h("span", { class: "badge" }, humanise(item.status)))),
    ),
  );
}

export async function plans({ screen }) {
  const siteList = (await sites()) || [];
  const siteNames = Object.fromEntries(siteList.map((site) => [site.id, site.name]));
  const names = Object.fromEntries(((await colleagues()) || []).map((person) => [person.id, person.name]));
  const boxes = siteList.map((site) => {
    const box = h("input", { type: "checkbox", value: site.id, id: `plan-site-${site.id}`, checked: site.status !== "closed" });
    return h("div", { class: "check" }, box, h("label", { for: box.id }, site.name));
  });
  const from = h("input", { type: "date", value: nextMonday(), name: "from" });
  const weeks = h("input", { type: "number", min: "1", max: "13", value: "4", name: "weeks", inputmode: "numeric" });
  const status = h("div", { role: "status" });
  const made = h("div");
  const list = h("div");
  const main = screen(
    "Plans",
    h(
      "form",
      {
        class: "stack",
        onsubmit: async (event) => {
          event.preventDefault();
          const siteIds = boxes.map((box) => box.querySelector("input")).filter((box) => box.checked).map((box) => Number(box.value));
          const answer = await post("/plans", { site_ids: siteIds, from: from.value, weeks: Number(weeks.value) });
          status.replaceChildren();
          if (!answer.ok) {
            const errors = Object.entries(answer.body?.errors || {}).map(([name, messages]) => `${name}: ${[].concat(messages).join(" ")}`);
            status.append(notice(`${problemText(answer.body)} ${errors.join(" ")}`, "error"));
            return;
          }
          announce("Plan made");
          made.replaceChildren(h("h2", {}, "The plan you made"), planView(answer.body, siteNames, names));
        },
      },
      h("fieldset", {}, h("legend", {}, "Sites"), boxes),
      field("First week (a Monday)", from),
      field("Weeks", weeks),
      h("button", { type: "submit", class: "primary" }, "Make a plan"),
      status,
    ),
    made,
    h("h2", {}, "Plans"),
    list,
  );
  const answer = await get("/plans?page_size=5");
  list.replaceChildren(...(answer.ok && answer.body.length ? answer.body.map((plan) => planView(plan, siteNames, names)) : [h("p", { class: "muted" }, "No plans yet.")]));
  return main;
}

export async function claims() {
  const main = screen("Claims needing a partner");
  const answer = await get("/claims?needs_partner=true&page_size=50");
  const names = Object.fromEntries(((await colleagues()) || []).map((person) => [person.id, person.name]));
  if (!answer.ok) {
    main.append(notice(problemText(answer.body), "error"));
    return;
  }
  main.append(
    answer.body.length
      ? h("ul", { class: "cards" }, answer.body.map((claim) => h("li", { class: "card" }, h("strong", {}, `${claim.site_name || `Site ${claim.site_id}`}: ${claim.day} ${claim.band}`), h("span", {}, (claim.dates || []).map(day).join(", ")), h("span", { class: "muted" }, `Claimed by ${names[claim.claimant_id] || `#${claim.claimant_id}`}; partner ${claim.partner_id ? `${names[claim.partner_id] || `#${claim.partner_id}`} (${humanise(claim.partner_response)})` : "none"}`))))
      : h("p", {}, "Every claim has a partner."),
  );
}

export async function people() {
  const main = screen("People");
  const answer = await all("/people");
  if (!answer.ok) {
    main.append(notice(problemText(answer.body), "error"));
    return;
  }
  const counts = {};
  for (const person of answer.body) counts[person.status] = (counts[person.status] || 0) + 1;
  main.append(
    h("a", { href: "#/person/new", class: "button primary" }, "Add a person"),
    h("p", {}, Object.entries(counts).map(([status, count]) => `${count} ${humanise(status).toLowerCase()}`).join(", ")),
    h(
      "table",
      {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Roles"), h("th", { scope: "col" }, "Status"))),
      h("tbody", {}, answer.body.map((person) => h("tr", {}, h("th", { scope: "row" }, h("a", { href: `#/person/${person.id}` }, person.name)), h("td", {}, person.roles.join(", ")), h("td", {}, humanise(person.status))))),
    ),
  );
}

export async function targets() {
  const year = yearChoice("targets-year");
  const area = h("div");
  screen("Targets", field("Financial year", year), area);
  async function load() {
    const answer = await get(`/targets?year=${year.value}`);
    if (!answer.ok) {
      area.replaceChildren(notice(problemText(answer.body), "error"));
      return;
    }
    area.replaceChildren(
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Site"), h("th", { scope: "col" }, "Visits"), h("th", { scope: "col" }, "Required"), h("th", { scope: "col" }, "Met"))),
        h("tbody", {}, answer.body.map((target) => h("tr", {}, h("th", { scope: "row" }, target.name), h("td", {}, String(target.visits)), h("td", {}, `${target.required} (one a ${target.period})`), h("td", {}, target.percent === null ? "-" : `${target.percent}%`)))),
      ),
    );
  }
  year.addEventListener("change", load);
  await load();
}

const ROLE_CHOICES = ["visitor", "manager", "inspector", "viewer"];
const STATUSES = ["applicant", "vetting", "probation", "active"];

function today() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

// The API's 422 shown beside each field it names, and as one message.
function showErrors(form, status, answer) {
  for (const marked of form.querySelectorAll("[aria-invalid], .field-error")) {
    if (marked.classList.contains("field-error")) marked.remove();
    else marked.removeAttribute("aria-invalid");
  }
  const errors = answer.body?.errors || {};
  for (const [name, messages] of Object.entries(errors)) {
    const control = form.querySelector(`[data-field="${name}"]`);
    if (!control) continue;
    control.setAttribute("aria-invalid", "true");
    control.after(h("p", { class: "field-error" }, [].concat(messages).join(" ")));
  }
  const unplaced = Object.entries(errors).filter(([name]) => !form.querySelector(`[data-field="${name}"]`));
  status.replaceChildren(
    notice(
      answer.status === 429 ? "Too many tries: wait a few minutes." : [problemText(answer.body), ...unplaced.map(([name, messages]) => `${humanise(name)}: ${[].concat(messages).join(" ")}`)].join(" "),
      "error",
    ),
  );
}

function newPerson(go) {
  const name = h("input", { type: "text", name: "name", autocomplete: "off", required: true, maxlength: "200" });
  const email = h("input", { type: "email", name: "email", autocomplete: "off", required: true });
  const boxes = ROLE_CHOICES.map((role) => h("input", { type: "checkbox", value: role, id: `new-role-${role}`, checked: role === "visitor" }));
  const roles = h("fieldset", { "data-field": "roles" }, h("legend", {}, "Roles"), boxes.map((box) => h("div", { class: "check" }, box, h("label", { for: box.id }, humanise(box.value)))));
  const statusChoice = select(STATUSES.map((value) => [value, humanise(value)]), "probation", { name: "status" });
  const joined = h("input", { type: "date", name: "joined_on", value: today(), required: true });
  const status = h("div", { role: "alert" });
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        const answer = await post("/people", {
          name: name.value.trim(),
          email: email.value.trim(),
          roles: boxes.filter((box) => box.checked).map((box) => box.value),
          status: statusChoice.value,
          joined_on: joined.value,
        });
        if (!answer.ok) {
          showErrors(form, status, answer);
          return;
        }
        announce(`${answer.body.name} added`);
        sessionStorage.setItem("person-added", String(answer.body.id));
        go(`person/${answer.body.id}`);
      },
    },
    h("p", {}, "Someone on probation or active is emailed an invitation to choose their own password (the link works for 72 hours). Applicants and people in vetting get theirs when they reach probation."),
    field("Name", name, { field: "name" }),
    field("Email", email, { field: "email" }),
    roles,
    field("Status", statusChoice, { field: "status" }),
    field("Joined on", joined, { field: "joined_on" }),
    h("button", { type: "submit", class: "primary" }, "Add and invite"),
    status,
  );
  screen("Add a person", form);
}

// One person: their record, and the account actions a manager has.
export async function person({ args, go, screen }) {
  if (args[0] === "new") return newPerson(go);
  const answer = await get(`/people/${Number(args[0])}`);
  if (!answer.ok) {
    screen("Person", notice(problemText(answer.body), "error"));
    return;
  }
  const someone = answer.body;
  const justAdded = sessionStorage.getItem("person-added") === String(someone.id);
  sessionStorage.removeItem("person-added");
  const status = h("div", { role: "status" });
  async function act(action, done) {
    status.replaceChildren();
    const result = await action();
    status.replaceChildren(result.ok ? notice(done(result.body), "success") : notice(result.status === 429 ? "Too many tries: wait a few minutes." : problemText(result.body), "error"));
  }
  screen(
    someone.name,
    justAdded ? notice(["probation", "active"].includes(someone.status) ? `Added. ${someone.name} is emailed an invitation to choose a password.` : "Added.", "success") : null,
    h(
      "dl",
      { class: "figures" },
      h("dt", {}, "Email"),
      h("dd", {}, someone.email),
      h("dt", {}, "Roles"),
      h("dd", {}, someone.roles.map(humanise).join(", ")),
      h("dt", {}, "Status"),
      h("dd", {}, humanise(someone.status)),
      h("dt", {}, "Joined"),
      h("dd", {}, someone.joined_on ? day(someone.joined_on) : "-"),
    ),
    h("h2", {}, "Signing in"),
    h("p", {}, "Lost the invitation, or it expired? Send a new link; the old one stops working."),
    h("button", { type: "button", onclick: () => act(() => post(`/people/${someone.id}/invite`), (body) => `Invitation sent. The link works until ${when(body.expires_at)}.`) }, "Resend invitation"),
    h("p", {}, "Lost their phone and their recovery codes? Remove their authenticator app: they sign in with their password alone until they set one up again, and are told by email."),
    h("button", { type: "button", class: "remove", onclick: () => act(() => remove(`/people/${someone.id}/second-factor`), () => `${someone.name}'s authenticator app is removed.`) }, "Remove second factor"),
    status,
  );
}
