"""Open slots: which slots of the coming weeks may be chosen, on hand-built coverage; and who
may ask."""

from datetime import date, datetime, timedelta

import pytest

from icv.common.dates import local_today
from icv.scheduling import plans
from icv.scheduling.claims import withdraw_claim
from icv.scheduling.open_slots import open_slots
from icv.sites.periods import monday_of
from icv.sites.sites import update_site
from tests.support.claims import MAY_2023, MORNING, place_claim, week_ahead
from tests.support.problems import assert_problem
from tests.support.records import make_person
from tests.support.visits import local_time, log_visit, make_visitors

OPEN = "/api/v1/slots/open"
MAY_8, MAY_15 = date(2023, 5, 8), date(2023, 5, 15)
BAND_TIMES = ["03:00", "09:00", "13:00", "17:00", "21:00"]


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2)


def slots_of(found) -> set[tuple[str, str]]:
    return {(open_slot.day, open_slot.band) for open_slot in found}


def visit_every_slot(site, manager, pair, first_monday=date(2023, 4, 3)) -> None:
    """One visit in each of the 35 custody slots, one a week from `first_monday`."""
    weeks = iter(first_monday + timedelta(weeks=n) for n in range(35))
    for day in range(7):
        for band in range(5):
            log_visit(
                site, manager, pair, local_time(next(weeks) + timedelta(days=day), BAND_TIMES[band])
            )


# Which slots are open ------------------------------------------------------------------------


def test_every_slot_of_a_week_is_open_at_a_suite_never_visited(suite):
    found = open_slots([suite], [MAY_8], MAY_2023)

    assert len(found) == 35
    assert {open_slot.visits for open_slot in found} == {0}
    assert {open_slot.week_start for open_slot in found} == {MAY_8}


def test_a_slot_visited_this_year_is_not_open_while_slots_never_visited_are(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-04-03T09:00:00+01:00")  # Mon morning

    found = open_slots([suite], [MAY_8], MAY_2023)

    assert len(found) == 34
    assert ("Mon", MORNING) not in slots_of(found)


def test_a_slot_visited_twice_is_not_open_once_every_slot_has_been_visited(suite, manager, pair):
    visit_every_slot(suite, manager, pair)
    log_visit(suite, manager, pair, "2023-12-05T03:00:00+00:00")  # Tue night, a second time
    later = datetime.fromisoformat("2023-12-11T00:00:00+00:00")

    found = open_slots([suite], [date(2023, 12, 11)], later)

    assert len(found) == 34
    assert ("Tue", "00:00-07:59") not in slots_of(found)
    assert {open_slot.visits for open_slot in found} == {1}


def test_a_week_already_visited_has_no_open_slot(suite, manager, pair):
    log_visit(suite, manager, pair, "2023-05-01T10:00:00+01:00")

    assert open_slots([suite], [date(2023, 5, 1)], MAY_2023 + timedelta(days=3)) == []


def test_a_week_with_a_planned_visit_has_no_open_slot(suite, manager, pair):
    plans.create_plan(
        suite.scheme, manager, {"site_ids": [suite.id], "starts_on": MAY_8, "weeks": 1}
    )

    assert open_slots([suite], [MAY_8], MAY_2023) == []


def test_a_week_already_claimed_has_no_open_slot(suite, pair):
    place_claim(suite, pair[0], MAY_8, now=MAY_2023)

    assert open_slots([suite], [MAY_8], MAY_2023) == []


def test_a_claimed_slot_counts_like_a_visit_in_later_weeks(suite, pair):
    place_claim(suite, pair[0], MAY_8, now=MAY_2023)

    found = open_slots([suite], [MAY_15], MAY_2023)

    assert len(found) == 34
    assert ("Mon", MORNING) not in slots_of(found)


def test_a_withdrawn_claim_frees_its_week_and_its_slot(suite, pair):
    claim = place_claim(suite, pair[0], MAY_8, now=MAY_2023)
    withdraw_claim(claim, pair[0], today=MAY_2023.date())

    assert len(open_slots([suite], [MAY_8, MAY_15], MAY_2023)) == 70


def test_an_expired_claim_counts_no_more(suite, pair):
    place_claim(suite, pair[0], MAY_8, now=MAY_2023)
    after_its_week = datetime.fromisoformat("2023-05-15T00:00:00+01:00")

    assert len(open_slots([suite], [MAY_15], after_its_week)) == 35


def test_slots_already_past_this_week_are_not_open(suite):
    wednesday_ten = datetime.fromisoformat("2023-05-10T10:00:00+01:00")

    found = open_slots([suite], [MAY_8], wednesday_ten)

    assert {open_slot.day for open_slot in found} == {"Wed", "Thu", "Fri", "Sat", "Sun"}
    assert ("Wed", "00:00-07:59") not in slots_of(found)
    assert ("Wed", MORNING) in slots_of(found)  # the band has not ended


def test_days_the_suite_is_closed_have_no_open_slot(suite):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 5, 10)})

    found = open_slots([suite], [MAY_8], MAY_2023)

    assert {open_slot.day for open_slot in found} == {"Mon", "Tue"}


def test_a_dog_unit_month_already_visited_has_no_open_slot(dog_unit, manager, pair):
    log_visit(dog_unit, manager, pair, "2023-05-02T09:00:00+01:00")

    assert open_slots([dog_unit], [MAY_8, MAY_15], MAY_2023) == []


def test_a_dog_unit_week_running_into_a_new_month_opens_the_new_months_slots(
    dog_unit, manager, pair
):
    log_visit(dog_unit, manager, pair, "2023-05-02T09:00:00+01:00")  # May is done

    found = open_slots([dog_unit], [date(2023, 5, 29)], MAY_2023)  # Mon 29 May - Sun 4 June

    assert {open_slot.day for open_slot in found} == {"Thu", "Fri", "Sat/Sun"}
    assert {day for open_slot in found for day in open_slot.dates} == {
        date(2023, 6, day) for day in (1, 2, 3, 4)
    }


def test_least_covered_slots_come_first_across_sites(suite, second_suite, manager, pair):
    visit_every_slot(suite, manager, pair)
    monday = date(2023, 12, 4)

    found = open_slots(
        [suite, second_suite], [monday], datetime.fromisoformat("2023-12-04T00:00:00+00:00")
    )

    assert [open_slot.site_id for open_slot in found] == [second_suite.id] * 35 + [suite.id] * 35
    assert [open_slot.visits for open_slot in found] == [0] * 35 + [1] * 35


def test_the_same_counts_come_soonest_first(suite):
    found = open_slots([suite], [MAY_15, MAY_8], MAY_2023)

    firsts = [open_slot.dates[0] for open_slot in found]
    assert firsts == sorted(firsts)


# Over HTTP -----------------------------------------------------------------------------------


def test_a_visitor_lists_the_open_slots_of_the_coming_weeks(client, login, suite, visitor):
    response = client.get(
        f"{OPEN}?from={week_ahead()}&weeks=2&page_size=100", headers=login(visitor)
    )

    assert response.status_code == 200
    body = response.get_json()
    assert len(body) == 70
    assert set(body[0]) >= {"site_id", "week_start", "day", "band", "visits"}
    assert body[0] == {
        "site_id": suite.id,
        "site_name": suite.name,
        "week_start": week_ahead().isoformat(),
        "day": "Mon",
        "band": "00:00-07:59",
        "dates": [week_ahead().isoformat()],
        "visits": 0,
    }
    assert "X-Pagination" in response.headers


def test_by_default_the_list_starts_this_week_and_runs_four_weeks(client, login, suite, visitor):
    this_monday = monday_of(local_today("Europe/London"))
    headers = login(visitor)

    weeks = {
        slot["week_start"]
        for page in (1, 2)
        for slot in client.get(f"{OPEN}?page_size=100&page={page}", headers=headers).get_json()
    }

    later_weeks = {(this_monday + timedelta(weeks=n)).isoformat() for n in range(1, 4)}
    assert later_weeks <= weeks <= later_weeks | {this_monday.isoformat()}


def test_a_visitor_without_the_animal_welfare_scheme_sees_no_dog_unit_slot(
    client, login, scheme, suite, dog_unit
):
    person = make_person(scheme, "visitor", email="custody-only@n.example", aws=False)

    body = client.get(
        f"{OPEN}?from={week_ahead()}&weeks=1&page_size=100", headers=login(person)
    ).get_json()

    assert {slot["site_id"] for slot in body} == {suite.id}


def test_a_probationer_in_the_animal_welfare_scheme_sees_no_dog_unit_slot(
    client, login, scheme, suite, dog_unit
):
    person = make_person(scheme, "visitor", email="learner@n.example", aws=True, status="probation")

    body = client.get(
        f"{OPEN}?from={week_ahead()}&weeks=1&page_size=100", headers=login(person)
    ).get_json()

    assert {slot["site_id"] for slot in body} == {suite.id}


def test_an_active_member_of_the_animal_welfare_scheme_sees_dog_unit_slots(
    client, login, suite, dog_unit, visitor
):
    url = f"{OPEN}?site_id={dog_unit.id}&from={week_ahead()}&weeks=1&page_size=100"

    body = client.get(url, headers=login(visitor)).get_json()

    assert len(body) == 12
    assert {slot["site_id"] for slot in body} == {dog_unit.id}


def test_the_manager_sees_every_site(client, login, manager, suite, dog_unit):
    body = client.get(
        f"{OPEN}?from={week_ahead()}&weeks=1&page_size=100", headers=login(manager)
    ).get_json()

    assert {slot["site_id"] for slot in body} == {suite.id, dog_unit.id}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-01-07", "from"),
        ("from=soon", "from"),
        ("weeks=0", "weeks"),
        ("weeks=14", "weeks"),
        ("site_id=x", "site_id"),
    ],
)
def test_a_bad_query_is_refused_naming_the_field(client, login, visitor, suite, query, field):
    assert_problem(client.get(f"{OPEN}?{query}", headers=login(visitor)), 422, field)


def test_an_unknown_site_is_not_found(client, login, visitor):
    assert_problem(client.get(f"{OPEN}?site_id=999999", headers=login(visitor)), 404)


# Access --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["inspector", "viewer"])
def test_inspectors_and_viewers_are_refused_open_slots(request, client, login, suite, role):
    response = client.get(OPEN, headers=login(request.getfixturevalue(role)))

    assert_problem(response, 403)
    assert b"week_start" not in response.data


def test_open_slots_need_a_sign_in(client, suite):
    assert client.get(OPEN).status_code == 401


def test_a_manager_of_another_scheme_sees_none_of_this_schemes_slots(
    client, login, suite, other_manager, other_suite
):
    headers = login(other_manager)

    body = client.get(
        f"{OPEN}?from={week_ahead()}&weeks=1&page_size=100", headers=headers
    ).get_json()

    assert {slot["site_id"] for slot in body} == {other_suite.id}
    assert_problem(client.get(f"{OPEN}?site_id={suite.id}", headers=headers), 404)
