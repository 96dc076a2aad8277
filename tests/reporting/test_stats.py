"""Annual statistics (`GET /api/v1/stats/annual?year`): the demo year reproduces the reference
scheme's published figures; each section on small hand-built sets with known answers; access.
"""

import json
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete

from api.extensions import limiter
from api.resources.stats import without_names
from icv.common.database import db
from icv.demo import demo_scheme
from icv.reporting.annual import annual_with_previous
from icv.visits.recording import create_visit
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_site, make_volunteer, move
from tests.support.visits import feedback_before, make_visitors

STATS = "/api/v1/stats/annual"
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
NIGHT, MORNING, AFTERNOON, EVENING, LATE = range(5)
WEEKS_IN_2023_24 = 52
MONTHS = 12


def reference_figures() -> dict:
    """The published figures: ../shared/reference/fy2023-24.json, else the package's copy."""
    here = Path(__file__).resolve()
    project = here.parents[2]
    shared = project.parent / "shared" / "reference" / "fy2023-24.json"
    path = shared if shared.exists() else project / "icv" / "demo" / "reference-fy2023-24.json"
    return json.loads(path.read_text(encoding="utf-8"))


REFERENCE = reference_figures()


def site_name(key: str) -> str:
    return next(site["name"] for site in REFERENCE["sites"] if site["key"] == key)


def whole_percent(value: float) -> int:
    """A one-decimal percentage as the published report prints it: a whole number."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def annual(client, headers, year: int = 2023) -> dict:
    response = client.get(f"{STATS}?year={year}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def record_visit(
    site,
    recorder,
    visitors,
    arrived: str,
    *,
    wait_minutes: int = 2,
    delay_reason: str | None = None,
    detainees: list[dict] | None = None,
    issues: list[dict] | None = None,
    outcome: str = "completed",
    status: str = "submitted",
    stay_minutes: int = 60,
):
    """Records a visit the way the manager would: an hour long, admitted after two minutes."""
    arrived_at = datetime.fromisoformat(arrived)
    data = {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "departed_at": arrived_at + timedelta(minutes=stay_minutes),
        "access_delay_reason": delay_reason,
        "detainees": detainees or [],
        "issues": issues or [],
        "outcome": outcome,
        "status": status,
    }
    if outcome == "completed":
        data["admitted_at"] = arrived_at + timedelta(minutes=wait_minutes)
        if site.kind == "custody_suite":
            data["feedback"] = feedback_before(data["departed_at"])
    else:
        data["abandon_reason"] = "suite_closed"
    visit, created = create_visit(site.scheme, recorder, data)
    assert created
    return visit


NEEDS_A_REASON = {
    "not_offered": "With the nurse",
    "unavailable": "In interview",
}


def people_in_cells(**outcomes: int) -> list[dict]:
    """Detainee entries, `outcome=number` of each, with cell references C1, C2, ..."""
    entries = []
    for outcome, number in outcomes.items():
        for _ in range(number):
            entry = {"ref": f"C{len(entries) + 1}", "outcome": outcome}
            if outcome in NEEDS_A_REASON:
                entry["reason"] = NEEDS_A_REASON[outcome]
            entries.append(entry)
    return entries


def issue(category: str, *, resolved_during_visit: bool = False) -> dict:
    return {
        "category": category,
        "description": f"Raised about {category}",
        "raised_by": "visitor",
        "resolved_during_visit": resolved_during_visit,
    }


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


# The demo year reproduces the reference ------------------------------------------------------


def empty_every_table() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()


def demo_body(client, role: str) -> bytes:
    response = client.post(
        "/api/v1/auth/login",
        json={"email": demo_scheme.demo_email(role), "password": demo_scheme.demo_password(role)},
    )
    assert response.status_code == 200, response.get_json()
    headers = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
    response = client.get(f"{STATS}?year=2023", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data()


@pytest.fixture(scope="module")
def demo_bodies(app) -> dict[str, tuple[bytes, bytes]]:
    """Role -> the demo year's statistics as the API answers them, and as `icv.reporting.annual`
    builds them (without names for the viewer) serialised by the app's JSON provider.

    Loading the demo is slow, so it is loaded once for this module's reference checks; every
    table is emptied again before any other test runs.
    """
    bodies = {}
    with app.app_context():
        try:
            scheme = demo_scheme.load_demo()
            client = app.test_client()
            for role in ("manager", "viewer"):
                figures = annual_with_previous(scheme, 2023)
                if role == "viewer":
                    for year in (figures, figures["previous_year"]):
                        without_names(year["volunteers"])
                bodies[role] = (demo_body(client, role), app.json.response(figures).get_data())
        finally:
            empty_every_table()
    limiter.reset()
    return bodies


@pytest.fixture(scope="module")
def demo_year(demo_bodies) -> dict:
    """The demo year's statistics as the demo manager reads them through the API."""
    return json.loads(demo_bodies["manager"][0])


@pytest.mark.parametrize("role", ["manager", "viewer"])
def test_the_documented_schema_leaves_the_demo_answer_as_icv_stats_builds_it(demo_bodies, role):
    answered, built = demo_bodies[role]

    assert json.loads(answered) == json.loads(built)
    assert answered == built


def test_demo_visits_per_suite_and_the_target_match_the_reference(demo_year):
    published = REFERENCE["visits"]
    visits = demo_year["visits"]
    by_name = {row["name"]: row for row in visits["by_site"]}

    assert (demo_year["year"], demo_year["label"]) == (REFERENCE["financial_year"], "2023/24")
    assert by_name[site_name("suite-a")]["visits"] == published["suite-a"]
    assert by_name[site_name("suite-b")]["visits"] == published["suite-b"]
    assert visits["total"] == published["total"]
    assert visits["target"] == published["target"]
    assert visits["percent"] == published["target_percent"]
    assert visits["abandoned"] == 0


def test_demo_access_matches_the_reference(demo_year):
    published = REFERENCE["access"]
    access = demo_year["access"]

    assert access["immediate"] == published["immediate"]
    assert access["delay_6_15"] == published["delay_6_15"]
    assert access["delay_over_15"] == published["delay_over_15"]
    assert access["immediate_percent"] == published["immediate_percent"]
    delayed = published["delay_6_15"] + published["delay_over_15"]
    assert sum(reason["count"] for reason in access["reasons"]) == delayed
    assert {reason["reason"] for reason in access["reasons"]} <= {
        "suite very busy",
        "staff shortage",
        "staff handover",
    }


def test_demo_detainee_figures_and_their_rounded_percentages_match_the_reference(demo_year):
    published = REFERENCE["detainees"]
    detainees = demo_year["detainees"]

    assert detainees["in_cells"] == published["in_cells_at_visits"]
    for key in ("offered", "not_offered", "unavailable", "asleep_observed", "seen", "refused"):
        assert detainees[key] == published[key], key
    for key, printed in published["percent_of_in_cells"].items():
        assert whole_percent(detainees["percent_of_in_cells"][key]) == printed, key
    for key, printed in published["percent_of_offered"].items():
        assert whole_percent(detainees["percent_of_offered"][key]) == printed, key
    seen_by_gender = sum(row["count"] for row in detainees["seen_by"]["gender"])
    assert seen_by_gender == published["seen"]


def test_demo_hours_and_their_value_match_the_reference(demo_year):
    published = REFERENCE["hours"]

    assert demo_year["hours"]["volunteer_hours"] == published["volunteer_hours"]
    assert demo_year["hours"]["economic_value"] == published["economic_value_gbp"]


def test_demo_volunteer_cohort_matches_the_reference(demo_year):
    published = REFERENCE["volunteers"]
    cohort = demo_year["volunteers"]

    assert cohort["at_start"] == published["at_start"]
    assert cohort["left"] == published["left"]
    assert len(cohort["leavers"]) == published["left"]
    assert all(leaver["reason"] and leaver["name"] for leaver in cohort["leavers"])
    assert cohort["at_end"] == published["at_end"]
    assert cohort["recruits_in_checks"] == published["recruits_in_checks"]


def test_demo_timeslot_tables_of_each_suite_match_the_published_tables(demo_year):
    by_name = {table["name"]: table for table in demo_year["coverage"]}

    for key, published in REFERENCE["coverage"].items():
        table = by_name[site_name(key)]
        assert table["grid"] == REFERENCE["custody_grid"], key
        assert table["counts"] == published, key
        assert table["total"] == sum(map(sum, published)), key
        assert len(table["uncovered"]) == sum(row.count(0) for row in published), key


def test_demo_animal_welfare_visits_target_and_slot_table_match_the_reference(demo_year):
    published = REFERENCE["aws"]
    aws = demo_year["aws"]

    assert aws["visits"] == published["visits"]
    assert aws["target"] == published["target"]
    assert aws["percent"] == published["target_percent"]
    assert aws["coverage"]["grid"] == published["grid"]
    assert aws["coverage"]["counts"] == published["coverage"]


def test_demo_dog_visits_check_dogs_against_the_welfare_needs_and_answer_urgent_concerns(
    demo_year,
):
    aws = demo_year["aws"]
    urgent = aws["urgent_concerns"]

    assert aws["dog_checks"] >= 4 * aws["visits"]
    assert all(sum(need.values()) == aws["dog_checks"] for need in aws["needs"].values())
    assert all(sum(check.values()) == aws["visits"] for check in aws["checks"].values())
    assert urgent["answered"] == urgent["total"] - urgent["open"]
    for days in (urgent["mean_days_to_answer"], urgent["mean_days_to_resolve"]):
        assert days is None or days >= 0  # answered after being told, never before


def test_demo_top_two_issue_categories_are_the_published_ones_in_order(demo_year):
    by_category = demo_year["issues"]["by_category"]

    assert [row["category"] for row in by_category[:2]] == REFERENCE["issues"]["top_categories"]
    assert by_category[0]["count"] > by_category[1]["count"] > by_category[2]["count"]


def test_loading_the_demo_again_changes_no_counts(ctx):
    demo_scheme.load_demo()
    tables = [table.name for table in db.metadata.sorted_tables]
    before = {name: count_rows(name) for name in tables}

    demo_scheme.load_demo()

    assert {name: count_rows(name) for name in tables} == before
    assert before["visit"] > 0


# Sections on hand-built sets ------------------------------------------------------------------


def test_a_year_with_no_visits_has_zero_totals_null_shares_and_every_slot_uncovered(
    client, login, manager, suite, dog_unit
):
    figures = annual(client, login(manager))

    visits = figures["visits"]
    assert (visits["total"], visits["target"], visits["abandoned"]) == (0, WEEKS_IN_2023_24, 0)
    assert visits["percent"] == 0.0  # nothing of a real target of 52 weeks
    access = figures["access"]
    assert (access["immediate"], access["delay_6_15"], access["delay_over_15"]) == (0, 0, 0)
    assert access["immediate_percent"] is None
    assert access["reasons"] == []
    detainees = figures["detainees"]
    assert detainees["in_cells"] == detainees["offered"] == detainees["seen"] == 0
    assert set(detainees["percent_of_in_cells"].values()) == {None}
    assert set(detainees["percent_of_offered"].values()) == {None}
    assert detainees["seen_by"] == {"gender": [], "age_group": [], "ethnicity": []}
    assert (figures["hours"]["volunteer_hours"], figures["hours"]["economic_value"]) == (0, 0)
    [table] = figures["coverage"]
    assert table["counts"] == [[0] * 5 for _ in range(7)]
    assert table["total"] == 0
    assert len(table["uncovered"]) == 35
    assert figures["issues"]["total"] == 0
    assert figures["issues"]["by_category"] == []
    assert (figures["aws"]["visits"], figures["aws"]["target"]) == (0, MONTHS)
    assert len(figures["aws"]["coverage"]["uncovered"]) == 12


def test_an_abandoned_visit_is_counted_apart_and_not_in_the_detainee_totals(
    client, login, manager, suite, pair
):
    record_visit(
        suite, manager, pair, "2023-05-01T09:00:00+01:00", detainees=people_in_cells(seen=2)
    )
    record_visit(suite, manager, pair, "2023-05-02T09:00:00+01:00", outcome="abandoned")

    figures = annual(client, login(manager))

    assert figures["visits"]["total"] == 1
    assert figures["visits"]["abandoned"] == 1
    assert figures["visits"]["by_site"][0]["abandoned"] == 1
    assert figures["detainees"]["in_cells"] == 2
    assert figures["access"]["immediate"] == 1
    assert figures["coverage"][0]["total"] == 1
    assert figures["coverage"][0]["abandoned"] == 1


def test_a_visit_at_2330_on_31_march_belongs_to_the_year_ending_that_day(
    client, login, manager, suite, pair
):
    record_visit(suite, manager, pair, "2025-03-31T23:30:00+01:00")  # a Monday, BST
    headers = login(manager)

    ending = annual(client, headers, 2024)
    following = annual(client, headers, 2025)

    assert ending["visits"]["total"] == 1
    assert ending["coverage"][0]["counts"][MON][LATE] == 1
    assert following["visits"]["total"] == 0
    assert following["coverage"][0]["total"] == 0


def test_a_visit_on_29_february_2024_counts_in_2023_24(client, login, manager, suite, pair):
    record_visit(suite, manager, pair, "2024-02-29T12:00:00+00:00")
    headers = login(manager)

    leap_year = annual(client, headers, 2023)

    assert leap_year["visits"]["total"] == 1
    assert leap_year["coverage"][0]["counts"][THU][AFTERNOON] == 1
    assert annual(client, headers, 2024)["visits"]["total"] == 0


def test_only_submitted_visits_count_a_draft_does_not(client, login, manager, suite, pair):
    record_visit(
        suite, manager, pair, "2023-05-01T09:00:00+01:00", detainees=people_in_cells(seen=1)
    )
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-02T09:00:00+01:00",
        status="draft",
        detainees=people_in_cells(seen=3),
        issues=[issue("hygiene")],
    )

    figures = annual(client, login(manager))

    assert figures["visits"]["total"] == 1
    assert figures["detainees"]["in_cells"] == 1
    assert figures["issues"]["total"] == 0
    assert figures["coverage"][0]["total"] == 1
    assert figures["hours"]["volunteer_hours"] == 2.0


def test_another_schemes_visits_never_count(
    client, login, manager, suite, other_scheme, other_suite, other_manager
):
    southerners = make_visitors(other_scheme, 2, prefix="south")
    southern_leaver = make_volunteer(other_scheme, "Sam South", date(2018, 5, 1))
    move(southern_leaver, "left", date(2023, 9, 1), leave_reason="Moved away")
    record_visit(
        other_suite,
        other_manager,
        southerners,
        "2023-05-01T09:00:00+01:00",
        wait_minutes=30,
        delay_reason="staff shortage",
        detainees=people_in_cells(seen=2, refused=1),
        issues=[issue("food_and_drink")],
    )

    figures = annual(client, login(manager))

    assert [row["name"] for row in figures["visits"]["by_site"]] == [suite.name]
    assert figures["visits"]["total"] == 0
    assert figures["access"]["delay_over_15"] == 0
    assert figures["access"]["reasons"] == []
    assert figures["detainees"]["in_cells"] == 0
    assert figures["issues"]["total"] == 0
    assert figures["hours"]["volunteer_hours"] == 0
    assert [table["name"] for table in figures["coverage"]] == [suite.name]
    assert (figures["volunteers"]["at_start"], figures["volunteers"]["leavers"]) == (0, [])


def test_access_is_banded_by_the_wait_and_delay_reasons_grouped_with_counts(
    client, login, manager, suite, pair
):
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00", wait_minutes=5)
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-08T09:00:00+01:00",
        wait_minutes=10,
        delay_reason="staff shortage",
    )
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-15T09:00:00+01:00",
        wait_minutes=20,
        delay_reason="staff shortage",
    )
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-22T09:00:00+01:00",
        wait_minutes=16,
        delay_reason="suite very busy",
    )

    access = annual(client, login(manager))["access"]

    assert (access["immediate"], access["delay_6_15"], access["delay_over_15"]) == (1, 1, 2)
    assert access["immediate_percent"] == 25.0
    assert access["reasons"] == [
        {"reason": "staff shortage", "count": 2},
        {"reason": "suite very busy", "count": 1},
    ]


def test_detainees_are_counted_by_outcome_with_shares_of_those_in_cells_and_of_those_offered(
    client, login, manager, suite, pair
):
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        detainees=people_in_cells(
            seen=3, refused=1, not_offered=2, unavailable=2, asleep_observed=2
        ),
    )

    detainees = annual(client, login(manager))["detainees"]

    assert detainees["in_cells"] == 10
    assert (detainees["offered"], detainees["seen"], detainees["refused"]) == (4, 3, 1)
    assert (detainees["not_offered"], detainees["unavailable"]) == (2, 2)
    assert detainees["asleep_observed"] == 2
    assert detainees["percent_of_in_cells"] == {
        "offered": 40.0,
        "not_offered": 20.0,
        "unavailable": 20.0,
        "asleep_observed": 20.0,
        "denied": 0.0,
    }
    assert detainees["percent_of_offered"] == {"seen": 75.0, "refused": 25.0}


def test_those_seen_are_counted_by_gender_age_group_and_ethnicity(
    client, login, manager, suite, pair
):
    entries = [
        {"ref": "C1", "outcome": "seen", "gender": "female", "age_group": "18_24"},
        {"ref": "C2", "outcome": "seen", "gender": "male", "age_group": "18_24"},
        {"ref": "C3", "outcome": "seen", "gender": "male", "age_group": "25_34"},
        {"ref": "C4", "outcome": "refused", "gender": "female", "age_group": "65_plus"},
    ]
    for entry, ethnicity in zip(entries, ("white", "asian", "white", "black"), strict=True):
        entry["ethnicity"] = ethnicity
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00", detainees=entries)

    seen_by = annual(client, login(manager))["detainees"]["seen_by"]

    assert seen_by == {
        "gender": [{"value": "male", "count": 2}, {"value": "female", "count": 1}],
        "age_group": [{"value": "18_24", "count": 2}, {"value": "25_34", "count": 1}],
        "ethnicity": [{"value": "white", "count": 2}, {"value": "asian", "count": 1}],
    }


def test_percentages_have_one_decimal_place_with_halves_rounded_up(
    client, login, manager, suite, pair
):
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        detainees=people_in_cells(seen=1, not_offered=5, asleep_observed=10),
    )

    shares = annual(client, login(manager))["detainees"]["percent_of_in_cells"]

    assert shares["offered"] == 6.3  # 1/16 = 6.25 (half-even would give 6.2)
    assert shares["not_offered"] == 31.3  # 5/16 = 31.25
    assert shares["asleep_observed"] == 62.5
    assert shares["unavailable"] == 0.0


def test_visits_per_suite_against_a_weekly_target_with_percent_to_one_decimal_place(
    client, login, manager, suite, second_suite, pair
):
    for day in (1, 8, 15):
        record_visit(suite, manager, pair, f"2023-05-{day:02d}T09:00:00+01:00")
    record_visit(second_suite, manager, pair, "2023-05-03T14:00:00+01:00")

    visits = annual(client, login(manager))["visits"]

    by_name = {row["name"]: row for row in visits["by_site"]}
    assert (by_name["Central Suite"]["visits"], by_name["Central Suite"]["target"]) == (3, 52)
    assert by_name["Central Suite"]["percent"] == 5.8  # 3/52 = 5.769...
    assert (by_name["Harbour Suite"]["visits"], by_name["Harbour Suite"]["percent"]) == (1, 1.9)
    assert (visits["total"], visits["target"], visits["percent"]) == (4, 104, 3.8)


def test_a_suite_closed_all_year_has_target_0_and_percent_null(
    client, login, manager, scheme, suite
):
    closed = make_site(scheme, "Closed Suite", status="closed")

    visits = annual(client, login(manager))["visits"]

    row = next(row for row in visits["by_site"] if row["site_id"] == closed.id)
    assert (row["visits"], row["target"], row["percent"]) == (0, 0, None)
    assert visits["target"] == WEEKS_IN_2023_24


def test_hours_are_each_visitors_time_at_visits_plus_activities_valued_at_the_rate(
    client, login, manager, suite, pair
):
    record_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00", stay_minutes=90)
    headers = login(manager)
    response = client.post(
        "/api/v1/activities",
        headers=headers,
        json={"person_id": pair[0].id, "kind": "training", "date": "2023-06-10", "hours": 2},
    )
    assert response.status_code == 201, response.get_json()

    hours = annual(client, headers)["hours"]

    assert hours["volunteer_hours"] == 5.0  # 2 x 1.5 h at the visit + 2 h of training
    assert hours["economic_value"] == 91.75  # 5 h at the default GBP 18.35


def test_issues_are_counted_by_category_and_by_where_they_stand(
    client, login, manager, suite, pair
):
    record_visit(
        suite,
        manager,
        pair,
        "2023-05-01T09:00:00+01:00",
        issues=[
            issue("food_and_drink", resolved_during_visit=True),
            issue("food_and_drink"),
            issue("hygiene"),
            issue("cell_and_contents"),
        ],
    )
    headers = login(manager)
    listed = client.get("/api/v1/issues?year=2023&page_size=100", headers=headers).get_json()
    by_category = {item["category"]: item["id"] for item in listed if item["status"] == "open"}
    acknowledged = client.post(
        f"/api/v1/issues/{by_category['hygiene']}/acknowledge",
        headers=headers,
        json={"response": "Soap restocked at the next shift."},
    )
    resolved = client.post(
        f"/api/v1/issues/{by_category['cell_and_contents']}/resolve",
        headers=headers,
        json={"response": "Toilet repaired."},
    )
    assert (acknowledged.status_code, resolved.status_code) == (200, 200)

    issues = annual(client, headers)["issues"]

    assert issues["total"] == 4
    assert [(row["category"], row["count"]) for row in issues["by_category"]] == [
        ("food_and_drink", 2),
        ("cell_and_contents", 1),
        ("hygiene", 1),
    ]
    assert issues["by_category"][0]["label"] == "Food and drink"
    assert (issues["resolved_during_visit"], issues["open"]) == (1, 1)
    assert (issues["acknowledged"], issues["resolved"]) == (1, 1)


def test_dog_unit_visits_are_reported_apart_against_a_monthly_target(
    client, login, manager, suite, dog_unit, pair
):
    record_visit(dog_unit, manager, pair, "2023-05-01T09:00:00+01:00")  # Monday morning

    figures = annual(client, login(manager))

    aws = figures["aws"]
    assert (aws["visits"], aws["target"], aws["percent"]) == (1, MONTHS, 8.3)
    assert aws["coverage"]["counts"][0] == [1, 0]
    assert len(aws["coverage"]["uncovered"]) == 11
    assert figures["visits"]["total"] == 0
    assert [row["name"] for row in figures["visits"]["by_site"]] == [suite.name]


def test_the_cohort_lists_leavers_with_their_reasons_and_long_service_milestones(
    client, login, scheme, manager
):
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    leaver = make_volunteer(scheme, "Lee Leaver", date(2018, 5, 1))
    move(leaver, "left", date(2023, 9, 1), leave_reason="Moved out of the area")

    cohort = annual(client, login(manager))["volunteers"]

    assert (cohort["at_start"], cohort["left"], cohort["at_end"]) == (2, 1, 1)
    assert cohort["leavers"] == [
        {"name": "Lee Leaver", "left_on": "2023-09-01", "reason": "Moved out of the area"}
    ]
    assert [(m["name"], m["years"], m["reached_on"]) for m in cohort["milestones"]] == [
        ("Stella Long", 3, "2023-06-01")
    ]


def test_previous_year_holds_the_figures_of_the_year_before(client, login, manager, suite, pair):
    record_visit(
        suite, manager, pair, "2022-05-02T09:00:00+01:00", detainees=people_in_cells(seen=4)
    )
    record_visit(suite, manager, pair, "2023-03-06T09:00:00+00:00")
    record_visit(
        suite, manager, pair, "2023-05-01T09:00:00+01:00", detainees=people_in_cells(seen=1)
    )

    figures = annual(client, login(manager))

    before = figures["previous_year"]
    assert (before["year"], before["label"]) == (2022, "2022/23")
    assert before["visits"]["total"] == 2
    assert before["detainees"]["seen"] == 4
    assert before["coverage"][0]["total"] == 2
    assert figures["visits"]["total"] == 1
    assert figures["detainees"]["seen"] == 1


# Who may read them ----------------------------------------------------------------------------


def test_manager_reads_the_annual_statistics_with_every_section(client, login, manager, suite):
    figures = annual(client, login(manager))

    assert (figures["year"], figures["label"]) == (2023, "2023/24")
    for section in ("visits", "access", "detainees", "hours", "coverage", "issues", "volunteers"):
        assert section in figures, section
    assert "aws" in figures


def test_a_viewer_reads_the_statistics_but_leavers_and_milestones_carry_no_names(
    client, login, scheme, viewer
):
    make_volunteer(scheme, "Stella Long", date(2020, 6, 1))
    leaver = make_volunteer(scheme, "Lee Leaver", date(2018, 5, 1))
    move(leaver, "left", date(2023, 9, 1), leave_reason="Moved out of the area")
    earlier = make_volunteer(scheme, "Erin Earlier", date(2019, 5, 1))
    move(earlier, "left", date(2022, 10, 3), leave_reason="Took up paid work")

    response = client.get(f"{STATS}?year=2023", headers=login(viewer))

    assert response.status_code == 200
    cohort = response.get_json()["volunteers"]
    assert cohort["leavers"] == [{"reason": "Moved out of the area"}]
    assert cohort["milestones"] == [{"years": 3}]
    previous = response.get_json()["previous_year"]["volunteers"]
    assert previous["leavers"] == [{"reason": "Took up paid work"}]
    body = response.get_data(as_text=True)
    for name in ("Stella Long", "Lee Leaver", "Erin Earlier"):
        assert name not in body
    assert "person_id" not in body


@pytest.mark.parametrize("role", ["visitor", "inspector"])
@pytest.mark.parametrize(
    "path",
    [f"{STATS}?year=2023", "/api/v1/reports/annual/2023.html", "/api/v1/reports/annual/2023.csv"],
)
def test_visitors_and_inspectors_may_not_read_statistics_or_reports(
    request, client, login, role, path
):
    person = request.getfixturevalue(role)

    assert_problem(client.get(path, headers=login(person)), 403)


@pytest.mark.parametrize(
    "path",
    [f"{STATS}?year=2023", "/api/v1/reports/annual/2023.html", "/api/v1/reports/annual/2023.csv"],
)
def test_statistics_and_reports_need_a_sign_in(client, path):
    assert_problem(client.get(path), 401)


def test_statistics_without_a_year_are_refused_naming_the_year(client, login, manager):
    assert_problem(client.get(STATS, headers=login(manager)), 422, "year")


@pytest.mark.parametrize("year", ["1999", "2101", "last"])
def test_statistics_of_an_impossible_year_are_refused_naming_the_year(client, login, manager, year):
    assert_problem(client.get(f"{STATS}?year={year}", headers=login(manager)), 422, "year")
