"""Making a claim on an open slot: what a claim holds; every refusal rule (a week already
claimed, planned or visited, a slot above the least covered level, the pair and animal welfare
rules, a dog unit's month) with the alternatives offered; the manager's override with a reason,
which never sets aside the pair rules, and claiming for a visitor; a plan skipping a claimed
week; two claims at once; and bad requests, each naming the field and writing nothing.
"""

from datetime import date, timedelta

import pytest

from icv.common.dates import local_today
from icv.scheduling import plans
from icv.scheduling.claims import ClaimRefused
from icv.sites.periods import monday_of
from icv.sites.sites import update_site
from tests.scheduling.claim_requests import CLAIMS, MAY_8, NEXT_WEEK, WEEK, claim_of, post_claim
from tests.support.claims import MAY_2023, MORNING, claim_body, place_claim, week_ahead
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person, move
from tests.support.visits import log_visit
from tests.visits.test_visits_concurrency import run_together

DOG_MORNING = "07:00-13:00"


def probationer(scheme, name: str, **fields):
    return make_person(
        scheme, "visitor", email=f"{name}@n.example", name=name, status="probation", **fields
    )


# Claiming an open slot -----------------------------------------------------------------------


def test_a_visitor_claims_an_open_slot_with_a_partner(client, login, suite, visitor, team):
    response = post_claim(client, login(visitor), suite, partner_id=team[0].id)

    assert response.status_code == 201
    claim = response.get_json()
    assert response.headers["Location"].endswith(f"{CLAIMS}/{claim['id']}")
    assert claim["site_id"] == suite.id
    assert (claim["week_start"], claim["day"], claim["band"]) == (WEEK.isoformat(), "Mon", MORNING)
    assert claim["dates"] == [WEEK.isoformat()]
    assert (claim["claimant_id"], claim["partner_id"]) == (visitor.id, team[0].id)
    assert claim["partner_response"] == "pending"
    assert (claim["status"], claim["needs_partner"], claim["visit_id"]) == ("live", False, None)
    assert claim["created_by_id"] == visitor.id


def test_a_visitor_may_claim_without_naming_a_partner(client, login, suite, visitor):
    claim = claim_of(client, login(visitor), suite)

    assert (claim["partner_id"], claim["partner_response"]) == (None, None)


def test_a_claim_in_a_handover_band_names_the_window(client, login, suite, visitor):
    claim = claim_of(client, login(visitor), suite, band="16:00-19:59")

    assert claim["handover_window"] == "18:30-19:15"


def test_a_claim_is_kept_in_the_audit_trail(client, login, as_manager, suite, visitor):
    claim = claim_of(client, login(visitor), suite)

    (event,) = client.get(
        f"/api/v1/audit?entity=claim&entity_id={claim['id']}", headers=as_manager
    ).get_json()

    assert (event["actor_id"], event["action"]) == (visitor.id, "create")


# Refusals ------------------------------------------------------------------------------------


def test_a_second_claim_on_a_week_already_claimed_is_refused_with_alternatives(
    client, login, suite, second_suite, visitor, team
):
    claim_of(client, login(team[0]), suite)

    response = post_claim(client, login(visitor), suite, day="Tue")

    body = assert_problem(response, 409, "week_start")
    alternatives = body["alternatives"]
    assert len(alternatives) == 35
    assert {slot["site_id"] for slot in alternatives} == {second_suite.id}
    assert {slot["week_start"] for slot in alternatives} == {WEEK.isoformat()}
    assert count_rows("claim") == 1


def test_a_claim_in_a_week_with_a_planned_visit_is_refused(
    client, as_manager, login, suite, visitor, team
):
    plan = {"site_ids": [suite.id], "from": WEEK.isoformat(), "weeks": 1}
    assert client.post("/api/v1/plans", json=plan, headers=as_manager).status_code == 201

    response = post_claim(client, login(visitor), suite)

    assert_problem(response, 409, "week_start")
    assert count_rows("claim") == 0


def test_a_claim_in_a_week_already_visited_is_refused(suite, manager, visitor, team):
    log_visit(suite, manager, team[:2], "2023-05-09T10:00:00+01:00")

    with pytest.raises(ClaimRefused) as refused:
        place_claim(suite, visitor, MAY_8, "Fri", now=MAY_2023)

    assert refused.value.status == 409
    assert "week_start" in refused.value.errors


def test_a_slot_above_the_least_covered_level_is_refused_while_a_less_covered_one_is_open(
    client, login, suite, visitor, team
):
    claim_of(client, login(team[0]), suite)  # Mon morning: claimed once this year

    response = post_claim(client, login(visitor), suite, week=NEXT_WEEK)

    body = assert_problem(response, 409, "band")
    assert "covered 1 time this year" in body["errors"]["band"][0]
    assert len(body["alternatives"]) == 34
    assert {slot["visits"] for slot in body["alternatives"]} == {0}
    assert ("Mon", MORNING) not in {(slot["day"], slot["band"]) for slot in body["alternatives"]}
    assert count_rows("claim") == 1


def test_a_slot_visited_this_year_is_refused_while_one_never_visited_is_open(
    suite, manager, visitor, team
):
    log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")

    with pytest.raises(ClaimRefused) as refused:
        place_claim(suite, visitor, MAY_8, "Mon", MORNING, now=MAY_2023)

    assert "band" in refused.value.errors
    assert len(refused.value.alternatives) == 34


def test_two_probationers_may_not_claim_together(client, login, scheme, suite):
    first, second = probationer(scheme, "first"), probationer(scheme, "second")

    response = post_claim(client, login(first), suite, partner_id=second.id)

    body = assert_problem(response, 409, "partner_id")
    assert "both in probation" in body["errors"]["partner_id"][0]
    assert count_rows("claim") == 0


def test_a_probationer_may_claim_with_an_active_partner(client, login, scheme, suite, visitor):
    learner = probationer(scheme, "learner", buddy_id=visitor.id)

    assert post_claim(client, login(learner), suite, partner_id=visitor.id).status_code == 201


def test_a_partner_outside_the_animal_welfare_scheme_may_not_go_to_the_dog_unit(
    client, login, scheme, dog_unit, visitor
):
    partner = make_person(scheme, "visitor", email="custody@n.example", aws=False)

    response = post_claim(client, login(visitor), dog_unit, band=DOG_MORNING, partner_id=partner.id)

    body = assert_problem(response, 409, "partner_id")
    assert "animal welfare" in body["errors"]["partner_id"][0]


def test_a_claimant_outside_the_animal_welfare_scheme_may_not_claim_at_the_dog_unit(
    client, login, scheme, suite, dog_unit
):
    person = make_person(scheme, "visitor", email="custody@n.example", aws=False)

    response = post_claim(client, login(person), dog_unit, band=DOG_MORNING)

    body = assert_problem(response, 409, "claimant_id")
    assert {slot["site_id"] for slot in body["alternatives"]} == {suite.id}


def test_a_probationer_in_the_animal_welfare_scheme_may_not_go_to_the_dog_unit(
    client, login, scheme, dog_unit, visitor
):
    learner = probationer(scheme, "learner", aws=True, buddy_id=visitor.id)

    assert_problem(
        post_claim(client, login(visitor), dog_unit, band=DOG_MORNING, partner_id=learner.id), 409
    )


def test_a_partner_who_is_not_active_may_not_be_named(client, login, suite, visitor, team):
    move(team[0], "suspended")

    response = post_claim(client, login(visitor), suite, partner_id=team[0].id)

    body = assert_problem(response, 409, "partner_id")
    assert "not an active visitor" in body["errors"]["partner_id"][0]


def test_a_dog_unit_month_already_claimed_refuses_a_claim_in_another_of_its_weeks(
    client, login, dog_unit, visitor, team
):
    first_week = next(week_ahead(n) for n in range(5) if week_ahead(n).day <= 7)
    claim_of(client, login(team[0]), dog_unit, week=first_week, band=DOG_MORNING)
    later = first_week + timedelta(weeks=1)  # the same month

    response = post_claim(client, login(visitor), dog_unit, week=later, band=DOG_MORNING)

    assert_problem(response, 409, "week_start")


# The manager's override ----------------------------------------------------------------------


def test_a_manager_overrides_a_refusal_with_a_reason(client, login, as_manager, suite, team):
    claim_of(client, login(team[0]), suite)

    response = post_claim(
        client,
        as_manager,
        suite,
        week=NEXT_WEEK,
        claimant_id=team[1].id,
        override_reason="Only Monday mornings this month",
    )

    assert response.status_code == 201
    claim = response.get_json()
    assert claim["claimant_id"] == team[1].id
    assert claim["override_reason"] == "Only Monday mornings this month"


def test_an_override_is_audited_with_its_reason_and_the_rules_it_set_aside(
    client, login, as_manager, manager, suite, team
):
    claim_of(client, login(team[0]), suite)
    reason = "Only Monday mornings this month"
    claim = claim_of(
        client, as_manager, suite, week=NEXT_WEEK, claimant_id=team[1].id, override_reason=reason
    )

    (event,) = client.get(
        f"/api/v1/audit?entity=claim&entity_id={claim['id']}", headers=as_manager
    ).get_json()

    assert (event["actor_id"], event["action"], event["reason"]) == (manager.id, "create", reason)
    assert "covered 1 time this year" in event["changes"]["overridden"][0]


def test_a_manager_overrides_a_week_already_claimed(client, login, as_manager, suite, team):
    claim_of(client, login(team[0]), suite)

    response = post_claim(
        client, as_manager, suite, day="Thu", claimant_id=team[1].id, override_reason="Training"
    )

    assert response.status_code == 201
    assert count_rows("claim") == 2


def test_an_override_never_sets_aside_the_pair_rules(client, as_manager, scheme, suite):
    first, second = probationer(scheme, "first"), probationer(scheme, "second")

    response = post_claim(
        client,
        as_manager,
        suite,
        claimant_id=first.id,
        partner_id=second.id,
        override_reason="Short of visitors",
    )

    assert_problem(response, 409, "partner_id")
    assert count_rows("claim") == 0


def test_a_visitor_may_not_override(client, login, suite, visitor):
    response = post_claim(client, login(visitor), suite, override_reason="I prefer Mondays")

    assert_problem(response, 422, "override_reason")
    assert count_rows("claim") == 0


def test_a_manager_claims_for_a_visitor(client, as_manager, suite, team):
    claim = claim_of(client, as_manager, suite, claimant_id=team[0].id, partner_id=team[1].id)

    assert (claim["claimant_id"], claim["partner_id"]) == (team[0].id, team[1].id)


def test_a_manager_who_is_not_a_visitor_names_the_visitor_the_claim_is_for(
    client, as_manager, suite
):
    assert_problem(post_claim(client, as_manager, suite), 422, "claimant_id")


def test_a_visitor_may_not_claim_for_someone_else(client, login, suite, visitor, team):
    response = post_claim(client, login(visitor), suite, claimant_id=team[0].id)

    assert_problem(response, 422, "claimant_id")


# Claims and plans ----------------------------------------------------------------------------


def test_a_plan_gives_no_item_in_a_week_already_claimed(suite, manager, visitor, team):
    place_claim(suite, visitor, MAY_8, now=MAY_2023)

    plan = plans.create_plan(
        suite.scheme, manager, {"site_ids": [suite.id], "starts_on": MAY_8, "weeks": 2}
    )

    assert [item.week_start for item in plan.items] == [date(2023, 5, 15)]


def test_two_visitors_claiming_one_sites_week_at_once_get_one_claim(
    app, client, login, is_postgres, suite, visitor, team
):
    if not is_postgres:
        pytest.skip("races are tested on PostgreSQL; SQLite allows one writer at a time")
    claims = [(claim_body(suite, WEEK, "Mon"), login(visitor))]
    claims.append((claim_body(suite, WEEK, "Tue"), login(team[0])))
    requests = [
        lambda c, body=body, headers=headers: c.post(CLAIMS, json=body, headers=headers)
        for body, headers in claims
    ]

    responses = run_together(app, requests)

    assert sorted(response.status_code for response in responses) == [201, 409]
    assert count_rows("claim") == 1


# Bad requests --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"site_id": None}, "site_id"),
        ({"site_id": 999999}, "site_id"),
        ({"site_id": "1"}, "site_id"),
        ({"week_start": None}, "week_start"),
        ({"week_start": "next week"}, "week_start"),
        ({"week_start": (WEEK + timedelta(days=1)).isoformat()}, "week_start"),
        ({"day": None}, "day"),
        ({"day": "Monday"}, "day"),
        ({"band": None}, "band"),
        ({"band": "08:00-12:00"}, "band"),
        ({"partner_id": 999999}, "partner_id"),
        ({"partner_id": "2"}, "partner_id"),
        ({"status": "live"}, "status"),
        ({"visit_id": "x"}, "visit_id"),
    ],
)
def test_a_bad_claim_is_refused_naming_the_field_and_writes_nothing(
    client, login, suite, visitor, changes, field
):
    body = {**claim_body(suite, WEEK), **changes}
    body = {key: value for key, value in body.items() if value is not None}
    headers, events = login(visitor), count_rows("audit_event")

    response = client.post(CLAIMS, json=body, headers=headers)

    assert_problem(response, 422, field)
    assert count_rows("claim") == 0
    assert count_rows("audit_event") == events


def test_a_partner_who_is_the_claimant_is_refused(client, login, suite, visitor):
    response = post_claim(client, login(visitor), suite, partner_id=visitor.id)

    assert_problem(response, 422, "partner_id")


def test_a_partner_who_is_not_a_visitor_is_refused(client, login, suite, visitor, manager):
    assert_problem(
        post_claim(client, login(visitor), suite, partner_id=manager.id), 422, "partner_id"
    )


def test_a_slot_already_past_is_refused(client, login, suite, visitor):
    last_week = monday_of(local_today("Europe/London")) - timedelta(weeks=1)

    response = post_claim(client, login(visitor), suite, week=last_week)

    assert_problem(response, 422, "day")
    assert count_rows("claim") == 0


def test_a_slot_on_a_day_the_suite_is_closed_is_refused(client, login, suite, visitor):
    update_site(suite, None, {"status": "closed", "status_on": WEEK - timedelta(days=3)})

    assert_problem(post_claim(client, login(visitor), suite), 422, "site_id")


def test_a_slot_at_a_closed_suite_is_refused_saying_since_when(client, login, suite, visitor):
    closing = WEEK - timedelta(days=3)
    update_site(suite, None, {"status": "closed", "status_on": closing})

    body = assert_problem(post_claim(client, login(visitor), suite), 422, "site_id")
    assert f"closed from {closing.isoformat()}" in body["errors"]["site_id"][0]
