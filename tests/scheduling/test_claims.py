"""Claims: visitors claim open slots; every refusal rule and the manager's override; partner
answers; expiry; links to visits and the repeat mark; who may see and do what; bad input."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from icv.common.database import db
from icv.common.dates import local_today
from icv.models import Claim
from icv.scheduling import claim_status, plans
from icv.scheduling.claims import ClaimRefused, answer_claim, claims_query, withdraw_claim
from icv.sites.periods import monday_of
from icv.sites.sites import update_site
from tests.support.claims import MAY_2023, MORNING, claim_body, place_claim, week_ahead
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person, move
from tests.support.visits import log_visit, make_visitors
from tests.visits.test_visits_concurrency import run_together

CLAIMS = "/api/v1/claims"
WEEK, NEXT_WEEK = week_ahead(), week_ahead(1)
MAY_8 = date(2023, 5, 8)
DOG_MORNING = "07:00-13:00"


@pytest.fixture
def team(scheme):
    return make_visitors(scheme, 3)


@pytest.fixture
def as_manager(login, manager):
    return login(manager)


def post_claim(client, headers, site, week=WEEK, day="Mon", band=MORNING, **fields):
    return client.post(CLAIMS, json=claim_body(site, week, day, band, **fields), headers=headers)


def claim_of(client, headers, site, week=WEEK, day="Mon", band=MORNING, **fields) -> dict:
    response = post_claim(client, headers, site, week, day, band, **fields)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def answer(client, headers, claim: dict, what: str):
    return client.post(f"{CLAIMS}/{claim['id']}/{what}", headers=headers)


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
    assert "probationers" in body["errors"]["partner_id"][0]
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


# The partner's answer ------------------------------------------------------------------------


def test_the_partner_accepts(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    response = answer(client, login(team[0]), claim, "accept")

    assert response.status_code == 200
    assert response.get_json()["partner_response"] == "accepted"
    assert response.get_json()["partner_responded_at"]


def test_the_partner_declines_and_the_claim_stays_the_claimants(
    client, login, suite, visitor, team
):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    response = answer(client, login(team[0]), claim, "decline")

    body = response.get_json()
    assert (body["partner_response"], body["status"]) == ("declined", "live")


def test_the_partner_may_change_their_answer(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)
    answer(client, login(team[0]), claim, "decline")

    response = answer(client, login(team[0]), claim, "accept")

    assert response.get_json()["partner_response"] == "accepted"


def test_answers_are_kept_in_the_audit_trail(client, login, as_manager, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)
    answer(client, login(team[0]), claim, "decline")

    events = client.get(
        f"/api/v1/audit?entity=claim&entity_id={claim['id']}", headers=as_manager
    ).get_json()

    assert [(event["actor_id"], event["action"]) for event in events] == [
        (team[0].id, "decline"),
        (visitor.id, "create"),
    ]


def test_the_claimant_does_not_answer_for_the_partner(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, login(visitor), claim, "accept"), 409)


def test_a_visitor_not_named_on_a_claim_cannot_answer_it(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, login(team[1]), claim, "accept"), 404)


def test_a_withdrawn_claim_can_no_longer_be_answered(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)
    answer(client, login(visitor), claim, "withdraw")

    assert_problem(answer(client, login(team[0]), claim, "accept"), 409)


def test_an_expired_claim_can_no_longer_be_answered(client, login, suite, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    assert_problem(answer(client, login(team[0]), {"id": claim.id}, "accept"), 409)


# Withdrawing ---------------------------------------------------------------------------------


def test_the_claimant_withdraws_a_claim_and_its_week_is_open_again(
    client, login, suite, visitor, team
):
    claim = claim_of(client, login(visitor), suite)

    response = answer(client, login(visitor), claim, "withdraw")

    assert response.get_json()["status"] == "withdrawn"
    assert post_claim(client, login(team[0]), suite, day="Wed").status_code == 201


def test_the_manager_withdraws_a_visitors_claim(client, login, as_manager, suite, visitor):
    claim = claim_of(client, login(visitor), suite)

    assert answer(client, as_manager, claim, "withdraw").get_json()["status"] == "withdrawn"


def test_the_partner_declines_rather_than_withdraws(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, login(team[0]), claim, "withdraw"), 409)


def test_a_claim_is_withdrawn_once(client, login, suite, visitor):
    claim = claim_of(client, login(visitor), suite)
    answer(client, login(visitor), claim, "withdraw")

    assert_problem(answer(client, login(visitor), claim, "withdraw"), 409)


# Expiry and the partner flag -----------------------------------------------------------------


def test_a_claim_is_live_until_its_week_ends_then_expires(suite, visitor):
    claim = place_claim(suite, visitor, MAY_8, now=MAY_2023)

    assert claim_status.status_of(claim, date(2023, 5, 14)) == "live"
    assert claim_status.status_of(claim, date(2023, 5, 15)) == "expired"


def test_a_claim_of_a_week_gone_by_is_listed_as_expired(client, login, suite, visitor):
    place_claim(suite, visitor, MAY_8, now=MAY_2023)

    (claim,) = client.get(CLAIMS, headers=login(visitor)).get_json()

    assert claim["status"] == "expired"


def test_expired_claims_are_found_by_status(client, login, suite, visitor):
    old = place_claim(suite, visitor, MAY_8, now=MAY_2023)
    live = claim_of(client, login(visitor), suite)

    expired = client.get(f"{CLAIMS}?status=expired", headers=login(visitor)).get_json()
    current = client.get(f"{CLAIMS}?status=live", headers=login(visitor)).get_json()

    assert [claim["id"] for claim in expired] == [old.id]
    assert [claim["id"] for claim in current] == [live["id"]]


def test_a_claim_without_an_accepted_partner_needs_one_from_the_start_of_its_week(
    suite, visitor, team
):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    assert not claim_status.needs_partner(claim, date(2023, 5, 7))
    assert claim_status.needs_partner(claim, date(2023, 5, 8))


def test_a_claim_whose_partner_accepted_needs_no_partner(suite, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)
    answer_claim(claim, team[0], "accepted", today=MAY_2023.date())

    assert not claim_status.needs_partner(claim, date(2023, 5, 8))


def test_the_claims_that_need_a_partner_are_found_in_sql(
    manager, suite, second_suite, visitor, team
):
    alone = place_claim(suite, visitor, MAY_8, now=MAY_2023)
    paired = place_claim(second_suite, team[1], MAY_8, partner=team[2], now=MAY_2023)
    answer_claim(paired, team[2], "accepted", today=MAY_2023.date())

    found = db.session.scalars(
        claims_query(manager, needs_partner=True, today=date(2023, 5, 9))
    ).all()

    assert [claim.id for claim in found] == [alone.id]


def test_the_managers_list_flags_a_claim_this_week_without_an_accepted_partner(
    client, as_manager, suite, visitor, team
):
    this_monday = monday_of(local_today("Europe/London"))
    its_midnight = datetime.combine(this_monday, time(0), ZoneInfo("Europe/London"))
    place_claim(suite, visitor, this_monday, "Sun", "20:00-23:59", now=its_midnight)

    (claim,) = client.get(f"{CLAIMS}?needs_partner=true", headers=as_manager).get_json()

    assert claim["needs_partner"] is True


# Visits in claimed and covered slots ---------------------------------------------------------


def test_a_visit_in_the_claimed_slot_is_linked_to_the_claim(suite, manager, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    visit = log_visit(suite, manager, [visitor, team[0]], "2023-05-08T09:30:00+01:00")

    assert db.session.get(Claim, claim.id).visit_id == visit.id
    assert claim_status.status_of(claim, date(2023, 6, 1)) == "fulfilled"


def test_a_visit_by_the_partner_alone_is_linked_too(suite, manager, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    visit = log_visit(suite, manager, [team[0], team[1]], "2023-05-08T10:30:00+01:00")

    assert claim.visit_id == visit.id


def test_a_visit_in_another_slot_is_not_linked(suite, manager, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    log_visit(suite, manager, [visitor, team[0]], "2023-05-08T13:30:00+01:00")

    assert claim.visit_id is None


def test_a_visit_by_visitors_not_named_is_not_linked(suite, manager, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)

    log_visit(suite, manager, team[1:], "2023-05-08T09:30:00+01:00")

    assert claim.visit_id is None


def test_a_visit_in_a_withdrawn_claims_slot_is_not_linked(suite, manager, visitor, team):
    claim = place_claim(suite, visitor, MAY_8, now=MAY_2023)
    withdraw_claim(claim, visitor, today=MAY_2023.date())

    log_visit(suite, manager, [visitor, team[0]], "2023-05-08T09:30:00+01:00")

    assert claim.visit_id is None


def test_a_visit_to_a_slot_covered_while_others_were_open_is_kept_and_marked_repeat(
    client, as_manager, suite, manager, team
):
    log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")

    visit = log_visit(suite, manager, team[:2], "2023-04-10T09:30:00+01:00")

    body = client.get(f"/api/v1/visits/{visit.id}", headers=as_manager).get_json()
    assert body["repeat_slot"] is True


def test_a_visit_to_the_least_covered_slot_is_not_a_repeat(suite, manager, team):
    first = log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")
    second = log_visit(suite, manager, team[:2], "2023-04-11T13:00:00+01:00")

    assert (first.repeat_slot, second.repeat_slot) == (False, False)


def test_a_repeat_is_judged_by_the_visits_before_it_even_when_logged_late(suite, manager, team):
    later = log_visit(suite, manager, team[:2], "2023-04-10T09:30:00+01:00")

    earlier = log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")

    assert (later.repeat_slot, earlier.repeat_slot) == (False, False)


def test_a_visit_is_no_repeat_when_every_slot_open_that_week_was_covered_as_often(
    suite, manager, team
):
    update_site(suite, None, {"status": "closed", "status_on": date(2023, 4, 11)})
    log_visit(suite, manager, team[:2], "2023-04-03T09:00:00+01:00")
    for clock in ("03:00", "13:00", "17:00", "21:00"):
        log_visit(suite, manager, team[:2], f"2023-04-03T{clock}:00+01:00")

    visit = log_visit(suite, manager, team[:2], "2023-04-10T09:30:00+01:00")

    assert visit.repeat_slot is False


def test_an_inspector_reading_a_visit_learns_nothing_of_its_claim(
    client, login, inspector, suite, manager, visitor, team
):
    place_claim(suite, visitor, MAY_8, partner=team[0], now=MAY_2023)
    visit = log_visit(suite, manager, [visitor, team[0]], "2023-05-08T09:30:00+01:00")

    response = client.get(f"/api/v1/visits/{visit.id}", headers=login(inspector))

    assert response.status_code == 200
    assert b"claim" not in response.data


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


# What each person sees -----------------------------------------------------------------------


def test_a_visitor_lists_the_claims_naming_them_as_claimant_or_partner(
    client, login, suite, second_suite, visitor, team
):
    own = claim_of(client, login(visitor), suite)
    as_partner = claim_of(client, login(team[0]), second_suite, partner_id=visitor.id)
    claim_of(client, login(team[1]), suite, week=NEXT_WEEK, day="Tue")

    listed = client.get(CLAIMS, headers=login(visitor)).get_json()

    assert sorted(claim["id"] for claim in listed) == sorted([own["id"], as_partner["id"]])


def test_the_manager_lists_every_claim_of_the_scheme(client, login, as_manager, suite, team):
    claims = [
        claim_of(client, login(team[0]), suite),
        claim_of(client, login(team[1]), suite, week=NEXT_WEEK, day="Tue"),
    ]

    response = client.get(CLAIMS, headers=as_manager)

    assert [claim["id"] for claim in response.get_json()] == [claims[1]["id"], claims[0]["id"]]
    assert "X-Pagination" in response.headers


def test_the_manager_filters_claims_by_site(client, login, as_manager, suite, second_suite, team):
    claim_of(client, login(team[0]), suite)
    other = claim_of(client, login(team[1]), second_suite)

    listed = client.get(f"{CLAIMS}?site_id={second_suite.id}", headers=as_manager).get_json()

    assert [claim["id"] for claim in listed] == [other["id"]]


def test_a_visitor_does_not_see_a_claim_not_naming_them(client, login, suite, visitor, team):
    claim = claim_of(client, login(team[0]), suite, partner_id=team[1].id)

    assert_problem(client.get(f"{CLAIMS}/{claim['id']}", headers=login(visitor)), 404)
    assert client.get(CLAIMS, headers=login(visitor)).get_json() == []


def test_the_partner_reads_the_claim(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    response = client.get(f"{CLAIMS}/{claim['id']}", headers=login(team[0]))

    assert response.get_json()["id"] == claim["id"]


# Access --------------------------------------------------------------------------------------


def every_claim_request(claim: dict, site) -> list[tuple[str, str, dict | None]]:
    return [
        ("post", CLAIMS, claim_body(site, NEXT_WEEK, "Tue")),
        ("get", CLAIMS, None),
        ("get", f"{CLAIMS}/{claim['id']}", None),
        ("post", f"{CLAIMS}/{claim['id']}/accept", None),
        ("post", f"{CLAIMS}/{claim['id']}/decline", None),
        ("post", f"{CLAIMS}/{claim['id']}/withdraw", None),
    ]


@pytest.mark.parametrize("role", ["inspector", "viewer"])
def test_inspectors_and_viewers_are_refused_every_claim_endpoint(
    request, client, login, suite, visitor, team, role
):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)
    headers = login(request.getfixturevalue(role))

    for method, url, body in every_claim_request(claim, suite):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert_problem(response, 403)
        assert b"week_start" not in response.data
    assert count_rows("claim") == 1


def test_every_claim_endpoint_needs_a_sign_in(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    for method, url, body in every_claim_request(claim, suite):
        assert getattr(client, method)(url, json=body).status_code == 401


def test_a_manager_does_not_answer_for_the_partner(client, login, as_manager, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, as_manager, claim, "accept"), 403)
    assert_problem(answer(client, as_manager, claim, "decline"), 403)


def test_another_visitor_cannot_withdraw_a_claim(client, login, suite, visitor, team):
    claim = claim_of(client, login(visitor), suite)

    assert_problem(answer(client, login(team[0]), claim, "withdraw"), 404)


def test_manager_of_another_scheme_sees_nothing_of_this_schemes_claims(
    client, login, suite, visitor, other_manager
):
    claim = claim_of(client, login(visitor), suite)
    headers = login(other_manager)

    assert client.get(CLAIMS, headers=headers).get_json() == []
    assert_problem(client.get(f"{CLAIMS}/{claim['id']}", headers=headers), 404)
    assert_problem(answer(client, headers, claim, "withdraw"), 404)


def test_manager_of_another_scheme_cannot_claim_this_schemes_sites(
    client, login, suite, other_manager, other_visitor
):
    response = post_claim(client, login(other_manager), suite, claimant_id=other_visitor.id)

    assert_problem(response, 422, "site_id")
    assert count_rows("claim") == 0


def test_a_visitor_of_another_scheme_cannot_answer_this_schemes_claims(
    client, login, suite, visitor, team, other_visitor
):
    claim = claim_of(client, login(visitor), suite, partner_id=team[0].id)

    assert_problem(answer(client, login(other_visitor), claim, "accept"), 404)


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
