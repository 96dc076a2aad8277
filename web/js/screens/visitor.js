// The visitor's screens: home, my visits, open slots and claims, calendar feed, hours.
import { all, get, Offline, post } from "../api.js";
import { colleagues } from "../lists.js";
import { STATES, flush } from "../outbox.js";
import { visits as localVisits } from "../store.js";
import { announce, day, financialYear, field, h, humanise, notice, problemText, refusal, screen, select, when } from "../ui.js";

function newVisitLink() {
  return h("a", { href: `#/visit/${crypto.randomUUID()}`, class: "button primary big" }, "Record a visit");
}

async function online(load, fallback = null) {
  try {
    return await load();
  } catch (error) {
    if (error instanceof Offline) return fallback;
    throw error;
  }
}

export async function home({ me, go, screen }) {
  const local = await localVisits.all();
  const waiting = local.filter((visit) => visit.state === "waiting" || visit.state === "signin");
  const attention = local.filter((visit) => visit.state === "conflict" || visit.state === "invalid");
  const drafts = local.filter((visit) => visit.state === "draft");
  const main = screen(
    `Hello, ${me.name.split(" ")[0]}`,
    newVisitLink(),
    h(
      "section",
      { "aria-labelledby": "sync-title" },
      h("h2", { id: "sync-title" }, "Visits on this phone"),
      h(
        "ul",
        { class: "summary" },
        h("li", {}, h("a", { href: "#/visits" }, `${waiting.length} waiting to sync`)),
        h("li", {}, h("a", { href: "#/visits" }, `${attention.length} needing attention`)),
        h("li", {}, h("a", { href: "#/visits" }, `${drafts.length} draft${drafts.length === 1 ? "" : "s"}`)),
      ),
    ),
  );
  const upcoming = h("section", { "aria-labelledby": "next-title" }, h("h2", { id: "next-title" }, "Coming up"));
  main.append(upcoming);
  const found = await online(() => get("/me/home"));
  if (!found || !found.ok) {
    upcoming.append(notice("Offline: your claims and plans show when you are back online."));
    return;
  }
  const { coming, notifications, issues } = found.body;
  const names = new Map(((await colleagues()) || []).map((person) => [person.id, person.name]));
  main.append(
    h(
      "section",
      { "aria-labelledby": "waiting-title" },
      h("h2", { id: "waiting-title" }, "Waiting for you"),
      h(
        "ul",
        { class: "summary" },
        h("li", {}, h("a", { href: "#/notifications" }, `${notifications.unread} unread notification${notifications.unread === 1 ? "" : "s"}`)),
        h("li", {}, h("a", { href: "#/issues" }, `${issues.awaiting} issue${issues.awaiting === 1 ? "" : "s"} answered since your last visit`)),
      ),
    ),
  );
  upcoming.append(
    coming.length
      ? h("ul", { class: "cards" }, coming.slice(0, 8).map((entry) => comingCard(entry, names, go)))
      : h("p", {}, "Nothing claimed or planned. ", h("a", { href: "#/slots" }, "See the open slots.")),
  );
}

const ANSWER_LABELS = { accept: "Accept", decline: "Decline", withdraw: "Withdraw" };
const ANSWERED = { accept: "Accepted", decline: "Declined", withdraw: "Withdrawn" };

const YOUR_ANSWER = { proposed: "awaiting your answer", pending: "awaiting your answer", accepted: "you accepted", declined: "you declined" };

/** Who else is named and where things stand, from the visitor's side: the partner of their own
 * claim answers it; on a colleague's claim or a plan, the answer awaited is theirs. */
function comingStatus(entry, others) {
  const with_ = others.join(" and ");
  if (entry.kind === "plan_item") return `Planned with ${with_ || "no one yet"}: ${YOUR_ANSWER[entry.status] || humanise(entry.status)}`;
  if (entry.answers.includes("withdraw")) return entry.status === "none" ? "No partner yet" : `Partner ${with_}: ${humanise(entry.status).toLowerCase()}`;
  return `${with_} claimed it with you: ${YOUR_ANSWER[entry.status] || humanise(entry.status)}`;
}

/** A claim or planned visit coming up, with what the visitor may answer now (the API's
 * `answers`): accept or decline a plan or a partner's claim, withdraw their own claim (asked
 * twice: its week goes back to the open slots). */
function comingCard(entry, names, go) {
  const what = `${entry.kind === "claim" ? "claim" : "planned visit"}: ${entry.site_name}, ${entry.day} ${entry.band}`;
  const others = entry.with_ids.map((id) => names.get(id) || "a colleague");
  const result = h("div", { role: "status" });
  const actions = h("div", { class: "actions" });
  const path = `/${entry.kind === "claim" ? "claims" : "plan-items"}/${entry.id}`;
  const answer = async (action) => {
    result.replaceChildren();
    let sent;
    try {
      sent = await post(`${path}/${action}`);
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
      result.append(notice("You are offline: answer when you are back online.", "error"));
      return;
    }
    if (!sent.ok) {
      result.append(notice(refusal(sent), "error"));
      return;
    }
    announce(`${ANSWERED[action]}: ${what}`);
    go("home");
  };
  const button = (action, text = ANSWER_LABELS[action]) =>
    h("button", { type: "button", class: action === "accept" ? "primary" : action === "withdraw" ? "remove" : "", "aria-label": `${text} ${what}`, onclick: () => (action === "withdraw" ? confirmWithdrawal() : answer(action)) }, text);
  const confirmWithdrawal = () => {
    actions.replaceChildren(
      h("p", {}, "Withdraw this claim? Its slot goes back to the open slots."),
      h("button", { type: "button", class: "remove", onclick: () => answer("withdraw") }, "Yes, withdraw it"),
      h("button", { type: "button", onclick: () => actions.replaceChildren(...entry.answers.map((action) => button(action))) }, "Keep it"),
    );
    actions.querySelector("button")?.focus();
  };
  actions.append(...entry.answers.map((action) => button(action)));
  return h(
    "li",
    { class: "card coming", "data-coming": `${entry.kind}-${entry.id}` },
    h("strong", {}, day(entry.date)),
    h("span", {}, `${entry.kind === "claim" ? "Claim" : "Plan"}: ${entry.site_name}, ${entry.day} ${entry.band}`),
    h("span", { class: "muted" }, comingStatus(entry, others)),
    actions,
    result,
  );
}

function localCard(visit, sites) {
  const site = sites[visit.form?.site_id];
  const detainees = (visit.form?.detainees || []).length;
  const errors = Object.entries(visit.errors || {});
  return h(
    "li",
    { class: `card state-${visit.state}`, "data-visit-id": visit.id },
    h("a", { href: `#/visit/${visit.id}` }, site ? site.name : "Site not chosen yet"),
    h("span", {}, visit.form?.arrived_at ? when(visit.form.arrived_at) : "Not arrived yet"),
    h("span", { class: "badge" }, STATES[visit.state] || visit.state),
    h("span", { class: "muted" }, `${detainees} detainee${detainees === 1 ? "" : "s"}`),
    visit.problem && visit.state !== "sent" ? h("span", { class: "problem" }, problemText(visit.problem)) : null,
    errors.length ? h("ul", { class: "errors" }, errors.map(([name, messages]) => h("li", {}, `${name}: ${[].concat(messages).join(" ")}`))) : null,
  );
}

export async function myVisits({ screen }) {
  const local = (await localVisits.all()).sort((a, b) => b.updatedAt - a.updatedAt);
  const kept = await import("../store.js").then((store) => store.kept.get("sites"));
  const sites = Object.fromEntries((kept || []).map((site) => [site.id, site]));
  const groups = [
    ["Needing attention", local.filter((visit) => ["conflict", "invalid", "signin"].includes(visit.state))],
    ["Waiting to send", local.filter((visit) => visit.state === "waiting")],
    ["Drafts", local.filter((visit) => visit.state === "draft")],
    ["Sent from this phone", local.filter((visit) => visit.state === "sent")],
  ];
  const main = screen(
    "My visits",
    h("a", { href: `#/visit/${crypto.randomUUID()}`, class: "button primary" }, "Record a visit"),
    h("button", { type: "button", onclick: () => { flush(); announce("Sending what is waiting"); } }, "Send now"),
  );
  for (const [title, list] of groups) {
    main.append(h("h2", {}, `${title} (${list.length})`));
    main.append(list.length ? h("ul", { class: "cards" }, list.map((visit) => localCard(visit, sites))) : h("p", { class: "muted" }, "None."));
  }
  main.append(h("h2", {}, "Sent"));
  const sent = await online(() => get("/visits?status=submitted&page_size=20"));
  if (!sent) {
    main.append(notice("Offline: the visits the office has show when you are back online."));
    return;
  }
  if (!sent.ok) {
    main.append(notice(problemText(sent.body), "error"));
    return;
  }
  main.append(
    h(
      "ul",
      { class: "cards" },
      (sent.body || []).map((visit) =>
        h(
          "li",
          { class: "card" },
          h("strong", {}, sites[visit.site_id]?.name || `Site ${visit.site_id}`),
          h("span", {}, when(visit.arrived_at)),
          h("span", { class: "muted" }, `${visit.totals?.in_cells ?? 0} in cells, ${visit.totals?.seen ?? 0} seen; ${visit.issues.length} issue${visit.issues.length === 1 ? "" : "s"}`),
        ),
      ),
    ),
  );
}

function slotLabel(slot) {
  return `${slot.site_name}: ${slot.day} ${slot.band} (${(slot.dates || []).map(day).join(", ")})`;
}

async function claim(slot, partnerId, result) {
  const body = { site_id: slot.site_id, week_start: slot.week_start, day: slot.day, band: slot.band };
  if (partnerId) body.partner_id = Number(partnerId);
  const answer = await post("/claims", body);
  result.replaceChildren();
  if (answer.ok) {
    result.append(notice(`Claimed: ${slotLabel(slot)}.`, "success"));
    result.scrollIntoView({ block: "start" });
    announce("Slot claimed");
    return;
  }
  result.append(notice(problemText(answer.body), "error"));
  const alternatives = answer.body?.alternatives || [];
  if (answer.status === 409 && alternatives.length) {
    result.append(
      h("p", {}, "You could take one of these instead:"),
      h(
        "ul",
        { class: "choices-list" },
        alternatives.map((other) =>
          h("li", {}, h("button", { type: "button", class: "alternative", onclick: () => claim(other, partnerId, result) }, `Take ${slotLabel(other)}`)),
        ),
      ),
    );
    result.scrollIntoView({ block: "start" });
    result.querySelector("button.alternative")?.focus();
  }
}

export async function openSlots({ me }) {
  const main = screen("Open slots");
  const [slots, people] = await Promise.all([get("/slots/open?weeks=4&page_size=100"), colleagues()]);
  if (!slots.ok) {
    main.append(notice(problemText(slots.body), "error"));
    return;
  }
  const partners = [["", "No partner yet"], ...(people || []).filter((person) => person.id !== me.id).map((person) => [person.id, person.name])];
  const partner = select(partners, "", { name: "partner" });
  main.append(field("Partner for the slot you claim", partner), h("p", { class: "muted" }, "Least covered first."));
  const result = h("div", { class: "claim-result", role: "status" });
  main.append(result);
  const PAGE = 12;
  let shown = 0;
  const list = h("ul", { class: "cards" });
  const more = h("button", { type: "button", onclick: () => showMore() }, "Show more slots");
  main.append(list, more);
  function showMore() {
    const next = slots.body.slice(shown, shown + PAGE);
    shown += next.length;
    list.append(...next.map(slotCard));
    more.hidden = shown >= slots.body.length;
    if (next.length) announce(`${shown} of ${slots.body.length} slots shown`);
  }
  const slotCard = (slot) =>
        h(
          "li",
          { class: "card slot" },
          h("strong", {}, slot.site_name),
          h("span", {}, `${slot.day} ${slot.band}`),
          h("span", { class: "muted" }, `${(slot.dates || []).map(day).join(", ")}; ${slot.visits} visit${slot.visits === 1 ? "" : "s"} this year`),
          h("button", { type: "button", class: "claim", onclick: () => claim(slot, partner.value, result) }, `Claim ${slot.day} ${slot.band} at ${slot.site_name}`),
        );
  showMore();
}

export async function calendar() {
  const output = h("div", { role: "status" });
  screen(
    "Calendar feed",
    h("p", {}, "Your claims and plan items in your phone's calendar. The link is private: anyone with it sees your visits. Getting a new link stops the old one."),
    h(
      "button",
      {
        type: "button",
        class: "primary",
        onclick: async () => {
          const answer = await post("/me/calendar-token");
          output.replaceChildren();
          if (!answer.ok) {
            output.append(notice(problemText(answer.body), "error"));
            return;
          }
          const link = `${location.origin}/api/v1/calendar/${answer.body.token}.ics`;
          const input = h("input", { type: "text", readonly: true, value: link });
          output.append(
            field("Your calendar link", input),
            h("button", { type: "button", onclick: async () => { await navigator.clipboard?.writeText(link).catch(() => {}); input.select(); announce("Link copied"); } }, "Copy link"),
          );
        },
      },
      "Get my calendar link",
    ),
    output,
  );
}

export async function hours({ me }) {
  const year = financialYear();
  const main = screen(`My hours, ${year}/${String((year + 1) % 100).padStart(2, "0")}`);
  const start = `${year}-04-01T00:00:00Z`;
  const [visits, activities] = await Promise.all([
    all(`/visits?status=submitted&from=${encodeURIComponent(start)}`),
    all(`/activities?year=${year}&person_id=${me.id}`),
  ]);
  const visitMinutes = (visits.ok ? visits.body : []).reduce((sum, visit) => sum + (visit.duration_minutes || 0), 0);
  const activityHours = (activities.ok ? activities.body : []).reduce((sum, activity) => sum + (activity.hours || 0), 0);
  main.append(
    h(
      "dl",
      { class: "figures" },
      h("dt", {}, "Visits"),
      h("dd", {}, `${visits.ok ? visits.body.length : "?"} (${(visitMinutes / 60).toFixed(1)} h)`),
      h("dt", {}, "Meetings and training"),
      h("dd", {}, `${activityHours.toFixed(1)} h`),
      h("dt", {}, "Total"),
      h("dd", {}, `${(visitMinutes / 60 + activityHours).toFixed(1)} h`),
    ),
  );
}
