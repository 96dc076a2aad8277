"""A claim after it is made: the partner accepts or declines (and may change their answer),
the claimant or the manager withdraws it, opening its week again; a claim is live until its
week ends, then expired, and needs a partner from the start of its week without an accepted
one; a visit in the claimed slot by the claimant or partner fulfils it, and a visit to a slot
already covered while others were open is marked a repeat.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from icv.common.database import db
from icv.common.dates import local_today
from icv.models import Claim
from icv.scheduling import claim_status
from icv.scheduling.claims import answer_claim, claims_query, withdraw_claim
from icv.sites.periods import monday_of
from icv.sites.sites import update_site
from tests.scheduling.claim_requests import CLAIMS, MAY_8, answer, claim_of, post_claim
from tests.support.claims import MAY_2023, place_claim
from tests.support.problems import assert_problem
from tests.support.visits import log_visit

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
