"""Plans over HTTP: what the planner proposes, who is sent, answers, links to visits, access."""

from datetime import date, datetime, timedelta

import pytest

from icv.common.dates import FinancialYear
from icv.sites.sites import update_site
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person
from tests.support.visits import local_time, log_visit, make_visitors

PLANS = "/api/v1/plans"
MAY_1 = "2023-05-01"  # a Monday of 2023/24
NIGHT_BAND, EVENING_BAND = "00:00-07:59", "16:00-19:59"


@pytest.fixture
def team(scheme):
    return make_visitors(scheme, 4)


@pytest.fixture
def as_manager(login, manager):
    return login(manager)


def plan_body(sites, start: str = MAY_1, weeks: int = 1, **fields) -> dict:
    return {"site_ids": [site.id for site in sites], "from": start, "weeks": weeks, **fields}


def create_plan(client, headers, sites, **fields) -> dict:
    response = client.post(PLANS, json=plan_body(sites, **fields), headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def withdraw(client, headers, plan: dict) -> None:
    assert client.delete(f"{PLANS}/{plan['id']}", headers=headers).status_code == 204


def slots_of(plan: dict) -> list[tuple[str, str]]:
    return [(item["day"], item["band"]) for item in plan["items"]]


def named(plan: dict) -> list[int]:
    return [person_id for item in plan["items"] for person_id in item["visitor_ids"]]


def arrival_in(item: dict) -> str:
    """A local arrival time inside the item's slot, on its first date, clear of handovers."""
    start = datetime.strptime(item["band"][:5], "%H:%M") + timedelta(minutes=30)
    return local_time(date.fromisoformat(item["dates"][0]), start.strftime("%H:%M"))


BAND_TIMES = ["03:00", "09:00", "13:00", "17:00", "21:00"]


def visit_every_slot_but(site, manager, visitors, left_out: tuple[int, int]) -> None:
    """One visit in each custody slot except `left_out`, one a week from 3 April 2023."""
    weeks = iter(FinancialYear(2023).mondays())
    for day in range(7):
        for band in range(5):
            if (day, band) != left_out:
                arrival = next(weeks) + timedelta(days=day)
                log_visit(site, manager, visitors, local_time(arrival, BAND_TIMES[band]))


# What a plan holds ---------------------------------------------------------------------------


def test_manager_creates_a_plan_with_an_item_per_suite_per_week(
    client, as_manager, suite, second_suite, team
):
    response = client.post(
        PLANS, json=plan_body([suite, second_suite], weeks=3, seed=1), headers=as_manager
    )

    assert response.status_code == 201
    plan = response.get_json()
    assert response.headers["Location"].endswith(f"{PLANS}/{plan['id']}")
    assert (plan["from"], plan["weeks"], plan["seed"]) == (MAY_1, 3, 1)
    assert sorted((item["site_id"], item["week_start"]) for item in plan["items"]) == sorted(
        (site.id, monday)
        for site in (suite, second_suite)
        for monday in ("2023-05-01", "2023-05-08", "2023-05-15")
    )
    for item in plan["items"]:
        assert item["status"] == "proposed"
        assert item["visit_id"] is None
        assert len(item["visitor_ids"]) == 2
        assert item["day"] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def test_an_items_date_is_its_day_in_its_week(client, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite], weeks=10, seed=3)

    for item in plan["items"]:
        (day,) = item["dates"]
        assert date.fromisoformat(day) - date.fromisoformat(item["week_start"]) < timedelta(7)
        assert date.fromisoformat(day).strftime("%a") == item["day"]


def test_a_dog_unit_gets_one_item_a_month_within_that_month(client, as_manager, dog_unit, team):
    plan = create_plan(client, as_manager, [dog_unit], weeks=9, seed=5)  # all of May and June

    months = [{day[:7] for day in item["dates"]} for item in plan["items"]]
    assert all(len(month) == 1 for month in months)
    months = [month.pop() for month in months]
    assert months.count("2023-05") == months.count("2023-06") == 1
    assert len(months) == len(set(months))


def test_a_years_plan_for_a_suite_covers_every_slot(client, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite], start="2023-04-03", weeks=52, seed=21)

    slots = slots_of(plan)
    assert len(slots) == 52
    assert {slots.count(slot) for slot in set(slots)} == {1, 2}
    assert len(set(slots)) == 35


def test_a_years_plan_for_a_dog_unit_visits_each_of_its_twelve_slots_once_a_month(
    client, as_manager, dog_unit, team
):
    plan = create_plan(client, as_manager, [dog_unit], start="2023-04-03", weeks=52, seed=22)

    assert len(plan["items"]) == 12
    assert len(set(slots_of(plan))) == 12
    assert len({item["dates"][0][:7] for item in plan["items"]}) == 12


def test_a_plan_across_the_year_end_plans_each_week_in_its_own_year(
    client, as_manager, suite, manager, team
):
    visit_every_slot_but(suite, manager, team[:2], left_out=(0, 0))

    plan = create_plan(client, as_manager, [suite], start="2024-03-25", weeks=2, seed=5)

    assert [item["week_start"] for item in plan["items"]] == ["2024-03-25", "2024-04-01"]
    assert slots_of(plan)[0] == ("Mon", "00:00-07:59")


def test_no_slot_repeats_for_a_site_within_a_plan_until_every_slot_is_used(
    client, as_manager, suite, team
):
    plan = create_plan(client, as_manager, [suite], weeks=35, seed=8)

    assert len(set(slots_of(plan))) == 35


def test_once_every_slot_is_used_a_plan_uses_them_again(client, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite], weeks=40, seed=8)

    slots = slots_of(plan)
    assert len(slots) == 40
    assert len(set(slots[:35])) == 35


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_last_week_of_the_year_goes_to_the_only_slot_never_visited(
    client, as_manager, suite, manager, team, seed
):
    visit_every_slot_but(suite, manager, team[:2], left_out=(2, 4))

    plan = create_plan(client, as_manager, [suite], start="2024-03-25", seed=seed)

    assert slots_of(plan) == [("Wed", "20:00-23:59")]


def test_a_slot_visited_more_than_the_year_needs_is_not_proposed(
    client, as_manager, suite, manager, team
):
    log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")
    log_visit(suite, manager, team[:2], "2023-04-10T09:00:00+01:00")

    plan = create_plan(client, as_manager, [suite], start="2023-04-17", weeks=20, seed=4)

    assert ("Mon", "08:00-11:59") not in slots_of(plan)


def test_slots_already_planned_count_like_visits(client, as_manager, suite, team):
    later = create_plan(client, as_manager, [suite], start="2023-08-07", weeks=34, seed=9)

    plan = create_plan(client, as_manager, [suite], start="2023-07-31", seed=10)

    (slot,) = slots_of(plan)
    assert slot not in slots_of(later)


def test_a_week_already_planned_gets_no_new_item(client, as_manager, suite, team):
    create_plan(client, as_manager, [suite], weeks=2)

    plan = create_plan(client, as_manager, [suite], weeks=4)

    assert [item["week_start"] for item in plan["items"]] == ["2023-05-15", "2023-05-22"]


def test_a_week_already_visited_gets_no_new_item(client, as_manager, suite, manager, team):
    log_visit(suite, manager, team[:2], "2023-05-02T10:00:00+01:00")

    plan = create_plan(client, as_manager, [suite], weeks=2)

    assert [item["week_start"] for item in plan["items"]] == ["2023-05-08"]


def test_a_suite_closed_all_week_gets_no_item_that_week(client, as_manager, suite, team):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 5, 8)})
    update_site(suite, None, {"status": "open", "status_on": date(2023, 5, 15)})

    plan = create_plan(client, as_manager, [suite], weeks=3)

    assert [item["week_start"] for item in plan["items"]] == ["2023-05-01", "2023-05-15"]


@pytest.mark.parametrize("seed", range(6))
def test_an_item_falls_on_a_day_the_suite_is_open(client, as_manager, suite, team, seed):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 5, 3)})

    plan = create_plan(client, as_manager, [suite], seed=seed)

    assert plan["items"][0]["day"] in ("Mon", "Tue")


# Handover windows ----------------------------------------------------------------------------


def test_items_in_bands_overlapping_a_handover_window_name_the_window_to_avoid(
    client, as_manager, suite, team
):
    plan = create_plan(client, as_manager, [suite], weeks=35, seed=2)

    expected = {NIGHT_BAND: "06:30-07:15", EVENING_BAND: "18:30-19:15"}
    for item in plan["items"]:
        assert item["avoid_handover"] == expected.get(item["band"])
        assert item["target_handover"] is None


def test_with_include_handover_items_in_handover_bands_target_the_window(
    client, as_manager, suite, team
):
    plan = create_plan(client, as_manager, [suite], weeks=35, seed=2, include_handover=True)

    expected = {NIGHT_BAND: "06:30-07:15", EVENING_BAND: "18:30-19:15"}
    assert plan["include_handover"] is True
    for item in plan["items"]:
        assert item["target_handover"] == expected.get(item["band"])
        assert item["avoid_handover"] is None


@pytest.mark.parametrize("seed", range(5))
def test_with_include_handover_even_a_one_week_plan_asks_for_a_handover_visit(
    client, as_manager, suite, team, seed
):
    plan = create_plan(client, as_manager, [suite], seed=seed, include_handover=True)

    assert plan["items"][0]["target_handover"] is not None


def test_dog_unit_items_name_no_handover_window(client, as_manager, dog_unit, team):
    plan = create_plan(client, as_manager, [dog_unit], weeks=26, include_handover=True)

    assert plan["items"]
    assert all(item["avoid_handover"] is item["target_handover"] is None for item in plan["items"])


# Who is sent ---------------------------------------------------------------------------------


def test_only_active_visitors_and_probationers_are_sent(
    client, as_manager, scheme, suite, team, manager
):
    unavailable = [
        make_person(scheme, "visitor", email="away@n.example", status="suspended"),
        make_person(scheme, "visitor", email="new@n.example", status="applicant"),
        make_person(
            scheme,
            "visitor",
            email="gone@n.example",
            status="left",
            left_on=date(2022, 1, 1),
            leave_reason="Moved away",
        ),
        make_person(scheme, "inspector", email="insp@n.example", site_ids=[suite.id]),
    ]

    plan = create_plan(client, as_manager, [suite], weeks=8)

    assert set(named(plan)) <= {person.id for person in team}
    assert not set(named(plan)) & {person.id for person in (*unavailable, manager)}


def test_two_probationers_are_never_sent_together(client, as_manager, scheme, suite):
    mentor = make_person(scheme, "visitor", email="mentor@n.example")
    for number in range(2):
        make_person(scheme, "visitor", email=f"p{number}@n.example", status="probation")

    plan = create_plan(client, as_manager, [suite], weeks=6)

    assert all(mentor.id in item["visitor_ids"] for item in plan["items"])


def test_a_probationer_is_sent_with_their_buddy(client, as_manager, scheme, suite, team):
    buddy = team[0]
    learner = make_person(
        scheme, "visitor", email="learner@n.example", status="probation", buddy_id=buddy.id
    )

    plan = create_plan(client, as_manager, [suite], weeks=10, seed=6)

    items_with_learner = [item for item in plan["items"] if learner.id in item["visitor_ids"]]
    assert items_with_learner
    assert all(buddy.id in item["visitor_ids"] for item in items_with_learner)


def test_dog_unit_visits_go_only_to_active_members_of_the_animal_welfare_scheme(
    client, as_manager, scheme, dog_unit
):
    members = make_visitors(scheme, 2, prefix="aws")
    make_visitors(scheme, 2, prefix="custody", aws=False)
    make_person(
        scheme,
        "visitor",
        email="aws-learner@n.example",
        aws=True,
        status="probation",
        buddy_id=members[0].id,
    )

    plan = create_plan(client, as_manager, [dog_unit], weeks=26)

    assert plan["items"]
    assert set(named(plan)) == {person.id for person in members}


def test_the_load_is_spread_evenly(client, as_manager, scheme, suite):
    visitors = make_visitors(scheme, 6)

    plan = create_plan(client, as_manager, [suite], weeks=6)

    assert sorted(named(plan)) == sorted([person.id for person in visitors] * 2)


def test_nobody_is_sent_to_two_sites_in_one_week_when_others_can_go(
    client, as_manager, suite, second_suite, team
):
    plan = create_plan(client, as_manager, [suite, second_suite])

    assert sorted(named(plan)) == sorted(person.id for person in team)


def test_a_plan_nobody_can_be_paired_for_is_refused_and_writes_nothing(
    client, as_manager, suite, visitor
):
    response = client.post(PLANS, json=plan_body([suite]), headers=as_manager)

    body = assert_problem(response, 422, "site_ids")
    assert "Central Suite" in body["errors"]["site_ids"][0]
    assert count_rows("plan") == count_rows("plan_item") == 0


def test_a_dog_unit_without_two_animal_welfare_members_is_refused(
    client, as_manager, scheme, dog_unit
):
    make_visitors(scheme, 3, aws=False)

    response = client.post(PLANS, json=plan_body([dog_unit], weeks=9), headers=as_manager)

    assert_problem(response, 422, "site_ids")
    assert count_rows("plan") == 0


# Seeds ---------------------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_plan(client, as_manager, suite, dog_unit, team):
    first = create_plan(client, as_manager, [suite, dog_unit], weeks=12, seed=42)
    withdraw(client, as_manager, first)

    again = create_plan(client, as_manager, [suite, dog_unit], weeks=12, seed=42)

    def essence(plan):
        return [
            (item["site_id"], item["week_start"], item["day"], item["band"], item["visitor_ids"])
            for item in plan["items"]
        ]

    assert essence(again) == essence(first)


def test_without_a_seed_plans_differ(client, as_manager, suite, team):
    first = create_plan(client, as_manager, [suite], weeks=10)
    withdraw(client, as_manager, first)

    again = create_plan(client, as_manager, [suite], weeks=10)

    assert first["seed"] != again["seed"]
    assert slots_of(first) != slots_of(again)


# Links to visits -----------------------------------------------------------------------------


def test_a_visit_by_a_named_visitor_in_the_planned_slot_is_linked_to_the_item(
    client, as_manager, suite, manager, team
):
    plan = create_plan(client, as_manager, [suite], seed=12)
    (item,) = plan["items"]
    visitors = [person for person in team if person.id in item["visitor_ids"]]

    visit = log_visit(suite, manager, visitors, arrival_in(item))

    (linked,) = client.get(f"{PLANS}/{plan['id']}", headers=as_manager).get_json()["items"]
    assert linked["visit_id"] == visit.id


def test_a_draft_logged_in_the_planned_slot_is_linked_too(client, as_manager, suite, manager, team):
    plan = create_plan(client, as_manager, [suite], seed=12)
    (item,) = plan["items"]
    visitors = [person for person in team if person.id in item["visitor_ids"]][:1] + [
        person for person in team if person.id not in item["visitor_ids"]
    ][:1]

    visit = log_visit(suite, manager, visitors, arrival_in(item), status="draft")

    (linked,) = client.get(f"{PLANS}/{plan['id']}", headers=as_manager).get_json()["items"]
    assert linked["visit_id"] == visit.id


def test_a_visit_in_another_slot_is_not_linked(client, as_manager, suite, manager, team):
    plan = create_plan(client, as_manager, [suite], seed=12)
    (item,) = plan["items"]
    visitors = [person for person in team if person.id in item["visitor_ids"]]
    elsewhen = "09:30" if item["band"] != "08:00-11:59" else "13:30"

    log_visit(suite, manager, visitors, local_time(date.fromisoformat(item["dates"][0]), elsewhen))

    (unlinked,) = client.get(f"{PLANS}/{plan['id']}", headers=as_manager).get_json()["items"]
    assert unlinked["visit_id"] is None


def test_a_visit_by_visitors_not_named_is_not_linked(client, as_manager, suite, manager, team):
    plan = create_plan(client, as_manager, [suite], seed=12)
    (item,) = plan["items"]
    others = [person for person in team if person.id not in item["visitor_ids"]]

    log_visit(suite, manager, others, arrival_in(item))

    (unlinked,) = client.get(f"{PLANS}/{plan['id']}", headers=as_manager).get_json()["items"]
    assert unlinked["visit_id"] is None


# Answers -------------------------------------------------------------------------------------


def item_and_visitors(client, headers, suite, team, **fields):
    plan = create_plan(client, headers, [suite], seed=12, **fields)
    (item,) = plan["items"]
    first, second = (person for person in team if person.id in item["visitor_ids"])
    return plan, item, first, second


def answer(client, login, person, item: dict, what: str):
    return client.post(f"/api/v1/plan-items/{item['id']}/{what}", headers=login(person))


def test_a_named_visitor_accepts_their_item(client, login, as_manager, suite, team):
    _, item, first, _ = item_and_visitors(client, as_manager, suite, team)

    response = answer(client, login, first, item, "accept")

    assert response.status_code == 200
    body = response.get_json()
    assert {row["person_id"]: row["response"] for row in body["answers"]}[first.id] == "accepted"
    assert body["status"] == "proposed"


def test_an_item_is_accepted_when_both_visitors_accept(client, login, as_manager, suite, team):
    _, item, first, second = item_and_visitors(client, as_manager, suite, team)
    answer(client, login, first, item, "accept")

    response = answer(client, login, second, item, "accept")

    assert response.get_json()["status"] == "accepted"


def test_an_item_is_declined_when_either_visitor_declines(client, login, as_manager, suite, team):
    _, item, first, second = item_and_visitors(client, as_manager, suite, team)
    answer(client, login, first, item, "accept")

    response = answer(client, login, second, item, "decline")

    assert response.get_json()["status"] == "declined"


def test_a_visitor_may_change_their_answer(client, login, as_manager, suite, team):
    _, item, first, second = item_and_visitors(client, as_manager, suite, team)
    answer(client, login, first, item, "decline")
    answer(client, login, second, item, "accept")

    response = answer(client, login, first, item, "accept")

    assert response.get_json()["status"] == "accepted"


def test_a_declined_item_frees_its_week_for_a_new_plan(client, login, as_manager, suite, team):
    _, item, first, _ = item_and_visitors(client, as_manager, suite, team)
    answer(client, login, first, item, "decline")

    plan = create_plan(client, as_manager, [suite])

    assert [item["week_start"] for item in plan["items"]] == [MAY_1]


def test_an_item_whose_visit_is_logged_can_no_longer_be_answered(
    client, login, as_manager, suite, manager, team
):
    _, item, first, second = item_and_visitors(client, as_manager, suite, team)
    log_visit(suite, manager, [first, second], arrival_in(item))

    assert_problem(answer(client, login, first, item, "decline"), 409)


def test_a_visitor_not_named_on_an_item_cannot_answer_it(client, login, as_manager, suite, team):
    _, item, _, _ = item_and_visitors(client, as_manager, suite, team)
    outsider = next(person for person in team if person.id not in item["visitor_ids"])

    assert_problem(answer(client, login, outsider, item, "accept"), 404)


def test_answering_an_item_that_does_not_exist_is_not_found(client, login, visitor):
    assert_problem(answer(client, login, visitor, {"id": 999999}, "accept"), 404)


def test_answers_are_kept_in_the_audit_trail(client, login, as_manager, suite, team):
    _, item, first, _ = item_and_visitors(client, as_manager, suite, team)
    answer(client, login, first, item, "decline")

    events = client.get(
        f"/api/v1/audit?entity=plan_item&entity_id={item['id']}", headers=as_manager
    ).get_json()

    assert [(event["actor_id"], event["action"]) for event in events] == [(first.id, "decline")]


# What each person sees -----------------------------------------------------------------------


def test_manager_lists_every_plan_of_the_scheme_newest_first(client, as_manager, suite, team):
    older = create_plan(client, as_manager, [suite])
    newer = create_plan(client, as_manager, [suite], start="2023-05-08")

    response = client.get(PLANS, headers=as_manager)

    assert [plan["id"] for plan in response.get_json()] == [newer["id"], older["id"]]
    assert "X-Pagination" in response.headers


def test_a_visitor_lists_only_plans_naming_them_with_only_their_items(
    client, login, as_manager, suite, second_suite, team
):
    plan = create_plan(client, as_manager, [suite, second_suite], seed=3)
    person = team[0]

    (seen,) = client.get(PLANS, headers=login(person)).get_json()

    assert seen["id"] == plan["id"]
    assert [item["visitor_ids"] for item in seen["items"]] == [
        item["visitor_ids"] for item in plan["items"] if person.id in item["visitor_ids"]
    ]
    assert len(seen["items"]) == 1


def test_a_visitor_reads_a_plan_naming_them_without_its_seed_or_other_sites(
    client, login, as_manager, suite, second_suite, team
):
    plan = create_plan(client, as_manager, [suite, second_suite], seed=3)

    response = client.get(f"{PLANS}/{plan['id']}", headers=login(team[0]))

    assert response.status_code == 200
    body = response.get_json()
    assert "seed" not in body and "site_ids" not in body
    assert all(team[0].id in item["visitor_ids"] for item in body["items"])


def test_a_visitor_does_not_see_a_plan_that_does_not_name_them(
    client, login, as_manager, scheme, suite, team
):
    plan = create_plan(client, as_manager, [suite], seed=3)
    outsider = next(person for person in team if person.id not in named(plan))

    assert_problem(client.get(f"{PLANS}/{plan['id']}", headers=login(outsider)), 404)
    assert client.get(PLANS, headers=login(outsider)).get_json() == []


# Withdrawing ---------------------------------------------------------------------------------


def test_manager_withdraws_a_plan_and_its_weeks_can_be_planned_again(
    client, as_manager, suite, team
):
    plan = create_plan(client, as_manager, [suite], weeks=2)

    assert client.delete(f"{PLANS}/{plan['id']}", headers=as_manager).status_code == 204

    assert_problem(client.get(f"{PLANS}/{plan['id']}", headers=as_manager), 404)
    assert len(create_plan(client, as_manager, [suite], weeks=2)["items"]) == 2


def test_a_plan_with_a_logged_visit_cannot_be_withdrawn(client, as_manager, suite, manager, team):
    plan = create_plan(client, as_manager, [suite], seed=12)
    (item,) = plan["items"]
    log_visit(suite, manager, [p for p in team if p.id in item["visitor_ids"]], arrival_in(item))

    assert_problem(client.delete(f"{PLANS}/{plan['id']}", headers=as_manager), 409)
    assert count_rows("plan") == 1


# Access --------------------------------------------------------------------------------------


def every_plan_request(plan: dict, site) -> list[tuple[str, str, dict | None]]:
    item_id = plan["items"][0]["id"]
    return [
        ("post", PLANS, plan_body([site])),
        ("get", PLANS, None),
        ("get", f"{PLANS}/{plan['id']}", None),
        ("delete", f"{PLANS}/{plan['id']}", None),
        ("post", f"/api/v1/plan-items/{item_id}/accept", None),
        ("post", f"/api/v1/plan-items/{item_id}/decline", None),
    ]


@pytest.mark.parametrize("role", ["inspector", "viewer"])
def test_inspectors_and_viewers_are_refused_every_plan_endpoint(
    request, client, login, as_manager, suite, team, role
):
    plan = create_plan(client, as_manager, [suite])
    headers = login(request.getfixturevalue(role))

    for method, url, body in every_plan_request(plan, suite):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert_problem(response, 403)
        assert b"week_start" not in response.data
    assert count_rows("plan") == 1


def test_every_plan_endpoint_needs_a_sign_in(client, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite])

    for method, url, body in every_plan_request(plan, suite):
        assert getattr(client, method)(url, json=body).status_code == 401


def test_visitors_may_not_create_or_withdraw_plans(client, login, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite])
    headers = login(team[0])

    assert_problem(client.post(PLANS, json=plan_body([suite]), headers=headers), 403)
    assert_problem(client.delete(f"{PLANS}/{plan['id']}", headers=headers), 403)


def test_a_manager_does_not_answer_items_for_visitors(client, as_manager, suite, team):
    plan = create_plan(client, as_manager, [suite])
    item_id = plan["items"][0]["id"]

    assert_problem(client.post(f"/api/v1/plan-items/{item_id}/accept", headers=as_manager), 403)


def test_manager_of_another_scheme_sees_nothing_of_this_schemes_plans(
    client, login, as_manager, other_manager, suite, team
):
    plan = create_plan(client, as_manager, [suite])
    headers = login(other_manager)

    assert client.get(PLANS, headers=headers).get_json() == []
    assert_problem(client.get(f"{PLANS}/{plan['id']}", headers=headers), 404)
    assert_problem(client.delete(f"{PLANS}/{plan['id']}", headers=headers), 404)


def test_manager_of_another_scheme_cannot_plan_this_schemes_sites(
    client, login, other_manager, suite
):
    response = client.post(PLANS, json=plan_body([suite]), headers=login(other_manager))

    assert_problem(response, 422, "site_ids")
    assert count_rows("plan") == 0


def test_a_visitor_of_another_scheme_cannot_answer_this_schemes_items(
    client, login, as_manager, other_visitor, suite, team
):
    plan = create_plan(client, as_manager, [suite])

    response = answer(client, login, other_visitor, plan["items"][0], "accept")

    assert_problem(response, 404)


# Bad requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"site_ids": None}, "site_ids"),
        ({"site_ids": []}, "site_ids"),
        ({"site_ids": [999999]}, "site_ids"),
        ({"site_ids": "all"}, "site_ids"),
        ({"from": None}, "from"),
        ({"from": "2023-05-03"}, "from"),
        ({"from": "first of May"}, "from"),
        ({"weeks": 0}, "weeks"),
        ({"weeks": 54}, "weeks"),
        ({"weeks": "3"}, "weeks"),
        ({"seed": -1}, "seed"),
        ({"seed": 2**63}, "seed"),
        ({"seed": "lucky"}, "seed"),
        ({"include_handover": "maybe"}, "include_handover"),
        ({"status": "accepted"}, "status"),
    ],
)
def test_a_bad_plan_request_is_refused_naming_the_field_and_writes_nothing(
    client, as_manager, suite, team, changes, field
):
    body = {**plan_body([suite]), **changes}
    body = {key: value for key, value in body.items() if value is not None}

    response = client.post(PLANS, json=body, headers=as_manager)

    assert_problem(response, 422, field)
    assert count_rows("plan") == count_rows("plan_item") == 0


def test_a_site_listed_twice_is_refused(client, as_manager, suite, team):
    body = {**plan_body([suite]), "site_ids": [suite.id, suite.id]}

    assert_problem(client.post(PLANS, json=body, headers=as_manager), 422, "site_ids")
    assert count_rows("plan") == 0
