"""The demo lives in the present: loaded as on a pinned day (`icv demo --today 2026-12-02`), it
holds the published year exactly as published, and the years since up to that day, so that every
current view has something to show.

The views are asked for the pinned day's year and weeks; those that answer from the real clock
(overdue issues, terms and probations ending "within" days) are asked questions whose answer
stays true as the real date moves on.
"""

from datetime import date, timedelta

from sqlalchemy import func, select

from icv.common.database import db
from icv.common.dates import local_midnight
from icv.demo import demo_scheme
from icv.models import Person, Scheme, Visit
from icv.reporting.annual import annual
from icv.sites.periods import monday_of
from tests.support.demo import CURRENT_YEAR, DEMO_TODAY, PUBLISHED_YEAR, reference_figures

API = "/api/v1"
REFERENCE = reference_figures()


def get(client, path: str, headers: dict):
    response = client.get(f"{API}{path}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def demo() -> Scheme:
    return db.session.scalar(select(Scheme).where(Scheme.name == demo_scheme.DEMO_SCHEME))


def site_id(client, headers: dict, name: str) -> int:
    return next(site["id"] for site in get(client, "/sites", headers) if site["name"] == name)


# The published year -------------------------------------------------------------------------


def test_the_published_year_keeps_every_published_figure(in_demo):
    figures = annual(demo(), PUBLISHED_YEAR.year)

    visits = {row["name"]: row["visits"] for row in figures["visits"]["by_site"]}
    assert (visits["Suite A"], visits["Suite B"]) == (
        REFERENCE["visits"]["suite-a"],
        REFERENCE["visits"]["suite-b"],
    )
    assert figures["visits"]["percent"] == REFERENCE["visits"]["target_percent"]
    for key in ("immediate", "delay_6_15", "delay_over_15"):
        assert figures["access"][key] == REFERENCE["access"][key], key
    assert figures["detainees"]["in_cells"] == REFERENCE["detainees"]["in_cells_at_visits"]
    for key in ("not_offered", "unavailable", "asleep_observed", "seen", "refused"):
        assert figures["detainees"][key] == REFERENCE["detainees"][key], key
    assert figures["hours"]["volunteer_hours"] == REFERENCE["hours"]["volunteer_hours"]
    assert figures["hours"]["economic_value"] == REFERENCE["hours"]["economic_value_gbp"]
    for key in ("at_start", "left", "at_end", "recruits_in_checks"):
        assert figures["volunteers"][key] == REFERENCE["volunteers"][key], key
    tables = {table["name"]: table["counts"] for table in figures["coverage"]}
    assert tables["Suite A"] == REFERENCE["coverage"]["suite-a"]
    assert tables["Suite B"] == REFERENCE["coverage"]["suite-b"]
    assert figures["aws"]["coverage"]["counts"] == REFERENCE["aws"]["coverage"]


def test_every_year_since_the_published_one_has_its_visits(demo_present):
    by_year = demo_present["visits_by_year"]

    for year in range(PUBLISHED_YEAR.year + 1, CURRENT_YEAR.year):
        label = f"{year}/{(year + 1) % 100:02d}"
        assert by_year[label] >= 100, label  # two suites weekly and the dog unit monthly
    assert by_year[CURRENT_YEAR.label] > 0


# Visits up to this week ---------------------------------------------------------------------


def test_the_current_year_has_visits_until_the_day_before_today_and_none_after(in_demo):
    scheme = demo()
    start, _ = CURRENT_YEAR.utc_bounds(scheme.timezone)
    today_starts = local_midnight(DEMO_TODAY, scheme.timezone)
    last_week = local_midnight(monday_of(DEMO_TODAY) - timedelta(weeks=1), scheme.timezone)

    arrivals = list(
        in_demo.scalars(
            select(Visit.arrived_at).where(Visit.arrived_at >= start).order_by("arrived_at")
        )
    )

    assert arrivals and arrivals[-1] < today_starts
    assert any(arrival >= last_week for arrival in arrivals)
    assert in_demo.scalar(select(func.max(Visit.departed_at))) < today_starts


def test_the_demo_visitor_has_visits_this_year(app, demo_headers):
    client = app.test_client()
    start = CURRENT_YEAR.first_day.isoformat() + "T00:00:00+00:00"

    mine = get(client, f"/visits?from={start.replace('+', '%2B')}", demo_headers("visitor"))

    assert mine


# Issues awaiting the inspectors -------------------------------------------------------------


def test_open_issues_await_the_inspector_and_some_are_overdue(app, demo_headers):
    client, headers = app.test_client(), demo_headers("inspector")
    year = CURRENT_YEAR.year

    waiting = get(client, f"/issues?status=open&year={year}", headers)
    overdue = get(client, f"/issues?status=open&overdue=true&year={year}", headers)

    assert waiting
    assert overdue
    assert {issue["id"] for issue in overdue} <= {issue["id"] for issue in waiting}


# The coming weeks ---------------------------------------------------------------------------


def test_the_plan_has_items_in_the_coming_weeks(app, demo_headers):
    plans = get(app.test_client(), "/plans", demo_headers("manager"))

    weeks = {item["week_start"] for plan in plans for item in plan["items"]}
    assert weeks
    assert min(weeks) > DEMO_TODAY.isoformat()


def test_visitors_have_claimed_slots_in_the_coming_weeks(app, demo_headers):
    client = app.test_client()

    claims = get(client, "/claims", demo_headers("manager"))
    mine = get(client, "/claims", demo_headers("visitor"))

    assert len(claims) >= 2
    assert all(claim["week_start"] >= monday_of(DEMO_TODAY).isoformat() for claim in claims)
    assert mine


def test_open_slots_remain_for_visitors_to_choose(app, demo_headers):
    slots = get(app.test_client(), "/slots/open?weeks=6", demo_headers("visitor"))

    assert slots


# Current views of the year ------------------------------------------------------------------


def test_coverage_of_the_current_year_counts_its_visits(app, demo_headers):
    client, headers = app.test_client(), demo_headers("manager")
    suite = site_id(client, headers, "Suite A")

    coverage = get(client, f"/coverage?site_id={suite}&year={CURRENT_YEAR.year}", headers)

    assert coverage["label"] == CURRENT_YEAR.label
    assert coverage["total"] > 0
    assert coverage["uncovered"]  # the year is not over: some slots still wait


def test_targets_of_the_current_year_count_its_visits(app, demo_headers):
    targets = get(app.test_client(), f"/targets?year={CURRENT_YEAR.year}", demo_headers("viewer"))

    by_name = {row["name"]: row for row in targets}
    assert by_name["Suite A"]["visits"] > 0
    assert by_name["Suite B"]["visits"] > 0
    assert by_name["Dog Unit"]["visits"] > 0


def test_the_demo_visitors_hours_this_year_are_counted(app, demo_headers, in_demo):
    visitor = in_demo.scalar(
        select(Person).where(Person.email == demo_scheme.demo_email("visitor"))
    )

    figures = get(
        app.test_client(), f"/volunteers/hours?year={CURRENT_YEAR.year}", demo_headers("manager")
    )

    row = next(row for row in figures["people"] if row["person_id"] == visitor.id)
    assert row["visits"] > 0
    assert float(row["volunteer_hours"]) > 0


# Volunteers around today --------------------------------------------------------------------


def test_a_probation_ends_soon_and_another_has_just_begun(app, demo_headers):
    client, headers = app.test_client(), demo_headers("manager")

    probationers = get(client, "/people?status=probation", headers)

    ends = sorted(person["probation_ends_on"] for person in probationers)
    assert ends[0] <= (DEMO_TODAY + timedelta(days=31)).isoformat()
    assert ends[-1] >= (DEMO_TODAY + timedelta(days=120)).isoformat()
    assert all(person["buddy_id"] for person in probationers)


def test_a_volunteer_was_appointed_in_the_last_weeks(app, demo_headers):
    active = get(app.test_client(), "/people?status=active&page_size=100", demo_headers("manager"))

    appointed = [person["appointed_on"] for person in active if person["appointed_on"]]
    assert any(
        DEMO_TODAY - timedelta(days=30) <= date.fromisoformat(day) < DEMO_TODAY for day in appointed
    )


def test_one_term_has_just_ended_and_another_ends_soon(app, demo_headers):
    active = get(app.test_client(), "/people?status=active&page_size=100", demo_headers("manager"))

    ends = [
        date.fromisoformat(person["term_ends_on"]) for person in active if person["term_ends_on"]
    ]
    assert any(DEMO_TODAY - timedelta(days=30) <= day < DEMO_TODAY for day in ends)
    assert any(DEMO_TODAY <= day <= DEMO_TODAY + timedelta(days=60) for day in ends)
    assert all(day >= DEMO_TODAY - timedelta(days=30) for day in ends)  # no long-lapsed terms


def test_a_recruit_is_being_vetted(app, demo_headers):
    vetting = get(app.test_client(), "/people?status=vetting", demo_headers("manager"))

    assert vetting


def test_two_volunteers_vetting_falls_due_within_the_reminder_windows(app, demo_headers):
    due = get(app.test_client(), "/people?vetting_expiring_within=90", demo_headers("manager"))

    expiries = sorted(date.fromisoformat(person["vetting_expires_on"]) for person in due)
    assert len([d for d in expiries if DEMO_TODAY < d <= DEMO_TODAY + timedelta(days=30)]) == 1
    assert len([d for d in expiries if DEMO_TODAY < d <= DEMO_TODAY + timedelta(days=60)]) == 2


def test_every_serving_volunteer_has_a_vetting_expiry(in_demo):
    serving = in_demo.scalars(
        select(Person).where(Person.status.in_(("probation", "active")))
    ).all()

    assert serving
    assert all(
        person.vetting_expires_on is not None for person in serving if person.has_role("visitor")
    )
