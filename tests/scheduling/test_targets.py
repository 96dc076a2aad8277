"""Visit targets: weeks and months with known answers, and who may read them."""

from datetime import date, timedelta

import pytest

from icv.common.dates import FinancialYear
from icv.scheduling.targets import percent, site_targets
from icv.sites.sites import update_site
from tests.support.problems import assert_problem
from tests.support.records import make_site
from tests.support.visits import log_visit, make_visitors

TARGETS = "/api/v1/targets"
YEAR = FinancialYear(2023)
LONDON = "Europe/London"
AFTER_THE_YEAR = date(2024, 6, 1)


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


def target_of(site, year=YEAR, today=AFTER_THE_YEAR):
    return site_targets([site], year, LONDON, today=today)[0]


def weekly_visits(site, manager, pair, weeks: int, first_monday=date(2023, 4, 3)) -> None:
    """One Tuesday-morning visit in each of the first `weeks` weeks of the year."""
    for week in range(weeks):
        day = first_monday + timedelta(weeks=week, days=1)
        log_visit(site, manager, pair, f"{day.isoformat()}T10:00:00+00:00")


def test_percent_is_to_one_decimal_as_schemes_publish_it():
    assert percent(101, 104) == 97.1
    assert percent(51, 52) == 98.1
    assert percent(50, 52) == 96.2
    assert percent(12, 12) == 100.0


def test_percent_rounds_halves_up():
    assert percent(1, 8) == 12.5
    assert percent(1, 16) == 6.3


def test_percent_of_nothing_required_is_none():
    assert percent(0, 0) is None


def test_an_open_suite_requires_a_visit_in_each_of_the_52_weeks_of_2023_24(suite):
    target = target_of(suite)

    assert (target.period, target.required) == ("week", 52)


def test_a_year_with_53_mondays_requires_53_weeks(suite):
    assert target_of(suite, FinancialYear(2024), today=date(2025, 6, 1)).required == 53


def test_a_suite_visited_in_51_of_52_weeks_is_at_98_1_percent(suite, manager, pair):
    weekly_visits(suite, manager, pair, 51)

    target = target_of(suite)

    assert (target.visits, target.required, target.percent) == (51, 52, 98.1)
    assert target.periods_met == 51
    assert target.periods_missed == 1
    assert target.status == "missed"


def test_two_visits_in_one_week_meet_one_week(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-04T10:00:00+01:00")
    log_visit(suite, manager, pair, "2023-04-08T22:00:00+01:00")

    target = target_of(suite)

    assert (target.visits, target.periods_met) == (2, 1)


def test_visits_before_the_first_monday_count_but_meet_no_week(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-01T10:00:00+01:00")  # a Saturday

    target = target_of(suite)

    assert (target.visits, target.periods_met) == (1, 0)


def test_a_suite_closed_for_fourteen_whole_weeks_requires_38(suite):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 10, 2)})
    update_site(suite, None, {"status": "open", "status_on": date(2024, 1, 8)})

    assert target_of(suite).required == 38


def test_a_week_in_which_a_suite_closes_on_wednesday_still_requires_a_visit(suite):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 10, 4)})

    # Weeks from 3 April to 2 October inclusive: 27.
    assert target_of(suite).required == 27


def test_a_week_in_which_a_suite_opens_on_sunday_requires_a_visit(scheme):
    late = make_site(scheme, "Late Suite", status="closed")
    update_site(late, None, {"status": "open", "status_on": date(2024, 3, 24)})

    # The week of 18 March (open on its Sunday) and the week of 25 March.
    assert target_of(late).required == 2


def test_a_suite_closed_all_year_requires_nothing_and_shows_as_closed(scheme):
    closed = make_site(scheme, "Suite C", status="closed")

    target = target_of(closed)

    assert (target.required, target.visits, target.periods_met) == (0, 0, 0)
    assert target.percent is None
    assert target.status == "closed"


def test_a_dog_unit_requires_a_visit_in_each_of_twelve_months(dog_unit):
    target = target_of(dog_unit)

    assert (target.period, target.required) == ("month", 12)


def test_a_dog_unit_visited_every_month_meets_its_target(dog_unit, manager, pair):
    for month in range(12):
        day = date(2023 + (month + 3) // 12, (month + 3) % 12 + 1, 10)
        log_visit(dog_unit, manager, pair, f"{day.isoformat()}T10:00:00+00:00")

    target = target_of(dog_unit)

    assert (target.visits, target.periods_met, target.percent) == (12, 12, 100.0)
    assert target.status == "met"


def test_a_visit_on_29_february_meets_february_at_the_dog_unit(dog_unit, manager, pair):
    log_visit(dog_unit, manager, pair, "2024-02-29T10:00:00+00:00")

    assert target_of(dog_unit).periods_met == 1


def test_a_visit_on_29_february_meets_the_week_of_26_february(suite, manager, pair):
    log_visit(suite, manager, pair, "2024-02-29T10:00:00+00:00")
    log_visit(suite, manager, pair, "2024-03-01T10:00:00+00:00")

    assert (target_of(suite).visits, target_of(suite).periods_met) == (2, 1)


def test_sunday_night_after_the_autumn_change_stays_in_its_week(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-10-29T23:30:00+00:00")  # Sunday 23:30 GMT
    log_visit(suite, manager, pair, "2023-10-30T00:30:00+00:00")  # Monday 00:30 GMT

    assert target_of(suite).periods_met == 2


def test_sunday_night_in_summer_is_not_the_next_mondays_week(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-07-02T23:30:00+01:00")  # Sunday 23:30 BST
    log_visit(suite, manager, pair, "2023-07-02T23:45:00+00:00")  # Monday 00:45 BST

    assert target_of(suite).periods_met == 2


def test_the_last_night_of_march_belongs_to_the_years_last_week(suite, manager, pair):
    log_visit(suite, manager, pair, "2024-03-31T23:30:00+01:00")  # Sunday, after the change
    log_visit(suite, manager, pair, "2024-04-01T00:30:00+01:00")  # Monday of 2024/25

    target = target_of(suite)

    assert (target.visits, target.periods_met) == (1, 1)


def test_a_visit_in_april_meets_the_last_week_of_a_year_whose_last_monday_is_31_march(
    suite, manager, pair
):
    log_visit(suite, manager, pair, "2025-04-02T10:00:00+01:00")

    earlier = target_of(suite, FinancialYear(2024), today=date(2025, 6, 1))
    later = target_of(suite, FinancialYear(2025), today=date(2025, 6, 1))

    assert (earlier.visits, earlier.periods_met) == (0, 1)
    assert (later.visits, later.periods_met) == (1, 0)


def test_abandoned_visits_are_counted_apart(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-04T10:00:00+01:00", outcome="abandoned")

    target = target_of(suite)

    assert (target.visits, target.abandoned, target.periods_met) == (0, 1, 0)


def test_drafts_do_not_count(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-04T10:00:00+01:00", status="draft")

    assert target_of(suite).visits == 0


def test_a_year_under_way_is_in_progress_with_its_missed_weeks_so_far(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-11T10:00:00+01:00")

    target = target_of(suite, today=date(2023, 4, 24))

    # The weeks of 3, 10 and 17 April are over; only the second had a visit.
    assert (target.status, target.periods_met, target.periods_missed) == ("in_progress", 1, 2)


# Over HTTP -----------------------------------------------------------------------------------


def test_manager_lists_each_sites_target_by_site_name(
    client, login, manager, scheme, suite, dog_unit, pair
):
    closed = make_site(scheme, "Suite C", status="closed")
    weekly_visits(suite, manager, pair, 3)

    response = client.get(f"{TARGETS}?year=2023", headers=login(manager))

    assert response.status_code == 200
    rows = {row["name"]: row for row in response.get_json()}
    assert [row["name"] for row in response.get_json()] == ["Central Suite", "Dog Unit", "Suite C"]
    assert rows["Central Suite"] == {
        "site_id": suite.id,
        "name": "Central Suite",
        "kind": "custody_suite",
        "period": "week",
        "required": 52,
        "visits": 3,
        "abandoned": 0,
        "percent": 5.8,
        "periods_met": 3,
        "periods_missed": 49,
        "status": "missed",
    }
    assert (rows["Dog Unit"]["period"], rows["Dog Unit"]["required"]) == ("month", 12)
    assert rows["Suite C"]["site_id"] == closed.id
    assert (rows["Suite C"]["status"], rows["Suite C"]["percent"]) == ("closed", None)


def test_targets_carry_their_totals_in_the_pagination_header(
    client, login, manager, suite, dog_unit
):
    response = client.get(f"{TARGETS}?year=2023&page_size=1", headers=login(manager))

    assert len(response.get_json()) == 1
    assert '"total": 2' in response.headers["X-Pagination"]


def test_targets_filter_by_kind(client, login, manager, suite, dog_unit):
    response = client.get(f"{TARGETS}?year=2023&kind=dog_unit", headers=login(manager))

    assert [row["site_id"] for row in response.get_json()] == [dog_unit.id]


def test_viewer_reads_targets(client, login, viewer, suite):
    response = client.get(f"{TARGETS}?year=2023", headers=login(viewer))

    assert response.status_code == 200
    assert len(response.get_json()) == 1


@pytest.mark.parametrize("role", ["inspector", "visitor"])
def test_inspectors_and_visitors_may_not_read_targets(request, client, login, role):
    person = request.getfixturevalue(role)

    assert_problem(client.get(f"{TARGETS}?year=2023", headers=login(person)), 403)


def test_targets_need_a_sign_in(client, suite):
    assert client.get(TARGETS).status_code == 401


def test_manager_of_another_scheme_sees_only_their_own_sites(
    client, login, other_manager, suite, other_suite
):
    response = client.get(f"{TARGETS}?year=2023", headers=login(other_manager))

    assert [row["site_id"] for row in response.get_json()] == [other_suite.id]


@pytest.mark.parametrize("query", ["year=1999", "year=2101", "year=soon", "kind=van"])
def test_bad_target_queries_are_refused_naming_the_field(client, login, manager, query):
    field = query.split("=")[0]

    assert_problem(client.get(f"{TARGETS}?{query}", headers=login(manager)), 422, field)
