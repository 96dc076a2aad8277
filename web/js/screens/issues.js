// Issues: the manager's board (open, overdue), an inspector's issues at their suites with
// acknowledge and resolve, a visitor's issues with the force's response; and the inbox.
import { get, post } from "../api.js";
import { sites } from "../lists.js";
import { announce, field, h, humanise, notice, problemText, screen, select, when } from "../ui.js";

function mayAnswer(me, issue) {
  return me.roles.includes("manager") || (me.roles.includes("inspector") && (me.site_ids || []).includes(issue.site_id));
}

function issueCard(me, issue, siteNames, redraw) {
  const card = h(
    "li",
    { class: `card issue status-${issue.status}`, "data-issue-id": issue.id },
    h("strong", {}, `${humanise(issue.category)} at ${siteNames[issue.site_id] || `site ${issue.site_id}`}`),
    h("span", {}, issue.description),
    h("span", { class: "badge" }, humanise(issue.status) + (issue.overdue ? " - overdue" : "")),
    h("span", { class: "muted" }, `Raised ${when(issue.raised_at)}`),
    issue.response ? h("p", { class: "response" }, h("strong", {}, "Response: "), issue.response) : null,
  );
  const next = { open: "acknowledge", acknowledged: "resolve" }[issue.status];
  if (next && mayAnswer(me, issue)) {
    const text = h("textarea", { rows: 2, name: `response-${issue.id}` });
    const status = h("div", { role: "status" });
    card.append(
      field(next === "acknowledge" ? "Your response" : "How it was resolved", text),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          onclick: async () => {
            const answer = await post(`/issues/${issue.id}/${next}`, { response: text.value });
            if (!answer.ok) {
              status.replaceChildren(notice(problemText(answer.body), "error"));
              return;
            }
            announce(next === "acknowledge" ? "Issue acknowledged" : "Issue resolved");
            redraw();
          },
        },
        next === "acknowledge" ? "Acknowledge" : "Resolve",
      ),
      status,
    );
  }
  return card;
}

export async function board({ me }) {
  const isManager = me.roles.includes("manager");
  const title = isManager ? "Issues board" : me.roles.includes("inspector") ? "Issues at your suites" : "Issues you raised";
  const main = screen(title);
  const filter = select(
    [["", "Open and acknowledged"], ["open", "Open"], ["acknowledged", "Acknowledged"], ["overdue", "Overdue"], ["resolved", "Resolved"]],
    "",
    { name: "issue_filter" },
  );
  const list = h("ul", { class: "cards" });
  main.append(field("Show", filter), list);
  const siteNames = Object.fromEntries(((await sites()) || []).map((site) => [site.id, site.name]));
  async function load() {
    const query = filter.value === "overdue" ? "overdue=true" : filter.value ? `status=${filter.value}` : "";
    const answer = await get(`/issues?page_size=50&${query}`);
    if (!answer.ok) {
      list.replaceChildren(h("li", {}, notice(problemText(answer.body), "error")));
      return;
    }
    let issues = answer.body;
    if (!filter.value) issues = issues.filter((issue) => issue.status === "open" || issue.status === "acknowledged");
    list.replaceChildren(...(issues.length ? issues.map((issue) => issueCard(me, issue, siteNames, load)) : [h("li", { class: "muted" }, "No issues here.")]));
  }
  filter.addEventListener("change", load);
  await load();
}

export async function notifications() {
  const main = screen("Notifications");
  const answer = await get("/notifications?page_size=30");
  if (!answer.ok) {
    main.append(notice(problemText(answer.body), "error"));
    return;
  }
  const unread = answer.body.filter((item) => !item.read_at).map((item) => item.id);
  main.append(
    answer.body.length
      ? h(
          "ul",
          { class: "cards" },
          answer.body.map((item) =>
            h("li", { class: `card ${item.read_at ? "read" : "unread"}` }, h("strong", {}, item.subject), h("span", { class: "muted" }, when(item.created_at)), h("p", { class: "pre" }, item.body)),
          ),
        )
      : h("p", {}, "Nothing new."),
  );
  if (unread.length) await post("/notifications", { read_ids: unread });
}
