// The year's statistics at a glance, and the printable report (opened with the sign-in cookie).
import { get } from "../api.js";
import { financialYear, h, notice, problemText, screen, select } from "../ui.js";

export async function stats() {
  const current = financialYear();
  const years = [0, 1, 2, 3].map((back) => current - back);
  const choice = select(years.map((year) => [year, `${year}/${String((year + 1) % 100).padStart(2, "0")}`]), current, { name: "year", id: "year" });
  const area = h("div");
  const main = screen("The year at a glance", h("div", { class: "field" }, h("label", { for: "year" }, "Financial year"), choice), area);
  async function load() {
    const year = choice.value;
    const answer = await get(`/stats/annual?year=${year}`);
    if (!answer.ok) {
      area.replaceChildren(notice(problemText(answer.body), "error"));
      return;
    }
    const figures = answer.body;
    const percent = (value) => (value === null || value === undefined ? "-" : `${value}%`);
    area.replaceChildren(
      h(
        "dl",
        { class: "figures" },
        h("dt", {}, "Visits"),
        h("dd", {}, `${figures.visits.total} of ${figures.visits.target} (${percent(figures.visits.percent)})`),
        h("dt", {}, "Immediate access"),
        h("dd", {}, percent(figures.access.immediate_percent)),
        h("dt", {}, "Detainees in cells"),
        h("dd", {}, String(figures.detainees.in_cells)),
        h("dt", {}, "Seen"),
        h("dd", {}, String(figures.detainees.seen)),
        h("dt", {}, "Issues raised"),
        h("dd", {}, String(figures.issues.total)),
        h("dt", {}, "Volunteer hours"),
        h("dd", {}, String(figures.hours.volunteer_hours)),
      ),
      h("h2", {}, "Visits by site"),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Site"), h("th", { scope: "col" }, "Visits"), h("th", { scope: "col" }, "Of target"))),
        h("tbody", {}, figures.visits.by_site.map((site) => h("tr", {}, h("th", { scope: "row" }, site.name), h("td", {}, String(site.visits)), h("td", {}, percent(site.percent))))),
      ),
      h("p", {}, h("a", { href: `/api/v1/reports/annual/${year}.html`, class: "button primary", target: "_blank", rel: "noopener" }, "Open the printable report")),
      h("p", {}, h("a", { href: `/api/v1/reports/annual/${year}.csv`, class: "button" }, "Download the tables (CSV)")),
    );
  }
  choice.addEventListener("change", load);
  await load();
  return main;
}
