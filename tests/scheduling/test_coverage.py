"""Timeslot coverage: hand-built visit sets with known answers, and who may read it."""

import math

import pytest

from icv.common.dates import FinancialYear, local_today
from icv.scheduling.coverage import coverage_of, entropy_bits
from icv.sites.sites import update_site
from tests.support.problems import assert_problem
from tests.support.records import make_site
from tests.support.visits import log_visit, make_visitors

COVERAGE = "/api/v1/coverage"
YEAR = FinancialYear(2023)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
NIGHT, MORNING, AFTERNOON, EVENING, LATE = range(5)


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


def test_an_arrival_at_0759_is_in_the_night_band_and_0800_in_the_morning_band(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-06-05T07:59:00+01:00")
    log_visit(suite, manager, pair, "2023-06-05T08:00:00+01:00")

    table = coverage_of(suite, YEAR)

    assert table.counts[MON][NIGHT] == 1
    assert table.counts[MON][MORNING] == 1
    assert table.total == 2


def test_slots_are_counted_in_local_time_in_summer(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-07-04T19:30:00+00:00")  # 20:30 BST on a Tuesday

    table = coverage_of(suite, YEAR)

    assert table.counts[TUE][LATE] == 1
    assert table.counts[TUE][EVENING] == 0


def test_the_same_utc_time_falls_in_another_band_after_the_autumn_clock_change(
    suite, manager, pair
):
    log_visit(suite, manager, pair, "2023-10-28T19:30:00+00:00")  # Saturday 20:30 BST
    log_visit(suite, manager, pair, "2023-10-29T19:30:00+00:00")  # Sunday 19:30 GMT

    table = coverage_of(suite, YEAR)

    assert table.counts[SAT][LATE] == 1
    assert table.counts[SUN][EVENING] == 1


def test_the_year_starts_at_local_midnight_on_1_april(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-03-31T23:59:00+01:00")  # 2022/23
    log_visit(suite, manager, pair, "2023-04-01T00:30:00+01:00")  # 2023-03-31T23:30Z: 2023/24

    table = coverage_of(suite, YEAR)

    assert table.total == 1
    assert table.counts[SAT][NIGHT] == 1


def test_the_year_ends_at_local_midnight_on_31_march_after_the_spring_clock_change(
    suite, manager, pair
):
    log_visit(suite, manager, pair, "2024-03-31T23:30:00+01:00")  # last half hour of 2023/24
    log_visit(suite, manager, pair, "2024-04-01T00:00:00+01:00")  # first minute of 2024/25

    assert coverage_of(suite, YEAR).counts[SUN][LATE] == 1
    assert coverage_of(suite, FinancialYear(2024)).counts[MON][NIGHT] == 1


def test_a_visit_on_29_february_counts_on_its_thursday(suite, manager, pair):
    log_visit(suite, manager, pair, "2024-02-29T12:00:00+00:00")

    table = coverage_of(suite, YEAR)

    assert table.counts[THU][AFTERNOON] == 1
    assert table.total == 1


def test_day_and_band_totals_add_up_the_table(suite, manager, pair):
    for arrival in (
        "2023-05-01T09:00:00+01:00",  # Mon morning
        "2023-05-08T09:30:00+01:00",  # Mon morning
        "2023-05-09T21:00:00+01:00",  # Tue late
        "2023-05-14T03:00:00+01:00",  # Sun night
    ):
        log_visit(suite, manager, pair, arrival)

    table = coverage_of(suite, YEAR)

    assert table.day_totals == [2, 1, 0, 0, 0, 0, 1]
    assert table.band_totals == [1, 2, 0, 0, 1]
    assert table.total == 4


def test_uncovered_lists_every_slot_without_a_visit(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")

    uncovered = coverage_of(suite, YEAR).uncovered

    assert len(uncovered) == 34
    assert (MON, MORNING) not in uncovered


def test_drafts_are_not_counted(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00", status="draft")

    assert coverage_of(suite, YEAR).total == 0


def test_abandoned_visits_are_shown_apart_and_not_in_the_counts(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00", outcome="abandoned")
    log_visit(suite, manager, pair, "2023-05-02T09:00:00+01:00")

    table = coverage_of(suite, YEAR)

    assert table.abandoned == 1
    assert table.counts[MON][MORNING] == 0
    assert table.total == 1


def test_a_dog_unit_visit_between_its_bands_is_outside_the_grid_and_still_counted(
    dog_unit, manager, pair
):
    log_visit(dog_unit, manager, pair, "2023-05-03T13:30:00+01:00")
    log_visit(dog_unit, manager, pair, "2023-05-03T15:30:00+01:00")

    table = coverage_of(dog_unit, YEAR)

    assert table.outside_grid == 1
    assert sum(table.day_totals) == 1
    assert table.total == 2


def test_visits_at_other_sites_are_not_counted(suite, second_suite, manager, pair):
    log_visit(second_suite, manager, pair, "2023-05-01T09:00:00+01:00")

    assert coverage_of(suite, YEAR).total == 0


def test_handover_visits_are_counted(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T06:45:00+01:00")
    log_visit(suite, manager, pair, "2023-05-01T08:45:00+01:00")

    assert coverage_of(suite, YEAR).in_handover == 1


def test_entropy_is_the_maximum_when_every_slot_has_one_visit():
    assert entropy_bits([1] * 35) == pytest.approx(math.log2(35))


def test_entropy_is_zero_when_every_visit_is_in_one_slot():
    assert entropy_bits([0] * 34 + [12]) == 0


def test_entropy_of_two_equal_slots_is_one_bit():
    assert entropy_bits([3, 3, 0]) == pytest.approx(1.0)


def test_entropy_of_no_visits_is_zero():
    assert entropy_bits([0] * 35) == 0


def test_a_site_closed_later_in_the_year_keeps_its_visits(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")
    update_site(suite, None, {"status": "closed", "status_on": YEAR.last_day.replace(month=1)})

    assert coverage_of(suite, YEAR).total == 1


# Over HTTP -----------------------------------------------------------------------------------


def test_manager_reads_a_suites_coverage_in_the_contract_shape(client, login, manager, suite, pair):
    log_visit(suite, manager, pair, "2023-05-01T09:00:00+01:00")

    response = client.get(f"{COVERAGE}?site_id={suite.id}&year=2023", headers=login(manager))

    assert response.status_code == 200
    body = response.get_json()
    assert body["site_id"] == suite.id
    assert (body["year"], body["label"]) == (2023, "2023/24")
    assert body["grid"]["days"] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert len(body["grid"]["bands"]) == 5
    assert body["counts"][MON][MORNING] == 1
    assert len(body["counts"]) == 7 and all(len(row) == 5 for row in body["counts"])
    assert body["day_totals"][MON] == 1
    assert body["band_totals"][MORNING] == 1
    assert body["total"] == 1
    assert len(body["uncovered"]) == 34
    assert {"day": "Mon", "band": "08:00-11:59"} not in body["uncovered"]
    assert body["outside_grid"] == 0
    assert body["abandoned"] == 0
    assert body["entropy_bits"] == 0
    assert body["max_entropy_bits"] == pytest.approx(math.log2(35), abs=1e-4)
    assert body["handover_windows"] == ["06:30-07:15", "18:30-19:15"]


def test_a_dog_units_coverage_has_its_own_grid_and_no_handover_windows(
    client, login, manager, dog_unit
):
    response = client.get(f"{COVERAGE}?site_id={dog_unit.id}&year=2023", headers=login(manager))

    body = response.get_json()
    assert body["grid"] == {
        "days": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat/Sun"],
        "bands": ["07:00-13:00", "15:00-20:00"],
    }
    assert len(body["uncovered"]) == 12
    assert body["max_entropy_bits"] == pytest.approx(math.log2(12), abs=1e-4)
    assert body["handover_windows"] == []
    assert body["in_handover"] is None


def test_coverage_defaults_to_the_current_financial_year(client, login, manager, suite):
    response = client.get(f"{COVERAGE}?site_id={suite.id}", headers=login(manager))

    assert response.status_code == 200
    assert response.get_json()["label"] == FinancialYear.of(local_today("Europe/London")).label


def test_viewer_reads_coverage(client, login, viewer, suite):
    response = client.get(f"{COVERAGE}?site_id={suite.id}&year=2023", headers=login(viewer))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["inspector", "visitor"])
def test_inspectors_and_visitors_may_not_read_coverage(request, client, login, role, suite):
    person = request.getfixturevalue(role)

    response = client.get(f"{COVERAGE}?site_id={suite.id}&year=2023", headers=login(person))

    assert_problem(response, 403)


def test_coverage_needs_a_sign_in(client, suite):
    assert client.get(f"{COVERAGE}?site_id={suite.id}").status_code == 401


def test_manager_of_another_scheme_gets_not_found_for_this_schemes_site(
    client, login, other_manager, suite
):
    response = client.get(f"{COVERAGE}?site_id={suite.id}&year=2023", headers=login(other_manager))

    assert_problem(response, 404)


def test_coverage_of_a_site_that_does_not_exist_is_not_found(client, login, manager):
    assert_problem(client.get(f"{COVERAGE}?site_id=999999", headers=login(manager)), 404)


def test_coverage_without_a_site_is_refused_naming_the_field(client, login, manager):
    assert_problem(client.get(f"{COVERAGE}?year=2023", headers=login(manager)), 422, "site_id")


@pytest.mark.parametrize("year", ["1999", "2101", "last"])
def test_coverage_of_an_impossible_year_is_refused_naming_the_field(
    client, login, manager, suite, year
):
    response = client.get(f"{COVERAGE}?site_id={suite.id}&year={year}", headers=login(manager))

    assert_problem(response, 422, "year")


def test_a_closed_suite_still_has_a_coverage_table(client, login, manager, scheme):
    closed = make_site(scheme, "Closed Suite", status="closed")

    response = client.get(f"{COVERAGE}?site_id={closed.id}&year=2023", headers=login(manager))

    assert response.status_code == 200
    assert response.get_json()["total"] == 0
