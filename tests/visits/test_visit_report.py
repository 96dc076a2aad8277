"""The visit report a scheme can stand behind: each detainee's welfare, the suite's checks, the
feedback given before leaving, denials, outcomes and reasons, pairs and TACT training.

Each rule is one test: a body that breaks it is a 422 naming the field, and writes nothing.
"""

from datetime import date

import pytest

from icv.common.database import db
from icv.models import Person, Visit
from tests.support.problems import assert_problem
from tests.support.records import make_person
from tests.visits.visit_bodies import VISITS, at, custody_visit, etag, written_rows


def post(client, headers, body):
    return client.post(VISITS, headers=headers, json=body)


def with_detainee(suite, visitor, partner, **entry) -> dict:
    return custody_visit(suite, visitor, partner, detainees=[{"ref": "C1", **entry}], issues=[])


def refused(client, headers, body, *fields: str) -> dict:
    before = written_rows()
    problem = assert_problem(post(client, headers, body), 422, *fields)
    assert written_rows() == before
    return problem


# Each detainee ------------------------------------------------------------------------------


def test_a_juvenile_with_an_adult_age_group_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite,
        visitor,
        partner,
        outcome="seen",
        juvenile=True,
        age_group="25_34",
        appropriate_adult="present",
    )

    refused(client, visitor_headers, body, "detainees.0.juvenile")


def test_an_under_18_age_group_makes_the_entry_juvenile(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite, visitor, partner, outcome="seen", age_group="under_18", appropriate_adult="present"
    )

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["detainees"][0]["juvenile"] is True


def test_a_juvenile_needs_an_appropriate_adult_entry(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="seen", age_group="under_18")

    refused(client, visitor_headers, body, "detainees.0.appropriate_adult")


def test_a_juvenile_never_does_without_an_appropriate_adult(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite, visitor, partner, outcome="seen", juvenile=True, appropriate_adult="not_needed"
    )

    refused(client, visitor_headers, body, "detainees.0.appropriate_adult")


def test_a_vulnerable_adult_may_not_need_an_appropriate_adult(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite, visitor, partner, outcome="seen", vulnerable=True, appropriate_adult="not_needed"
    )

    assert post(client, visitor_headers, body).status_code == 201


def test_an_appropriate_adult_is_recorded_only_for_a_juvenile_or_vulnerable_detainee(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="seen", appropriate_adult="present")

    refused(client, visitor_headers, body, "detainees.0.appropriate_adult")


@pytest.mark.parametrize("outcome", ["not_offered", "unavailable"])
def test_a_detainee_not_offered_or_unavailable_needs_a_reason(
    client, suite, visitor, partner, visitor_headers, outcome
):
    refused(
        client,
        visitor_headers,
        with_detainee(suite, visitor, partner, outcome=outcome),
        "detainees.0.reason",
    )


def test_a_denial_needs_the_rank_that_authorised_it(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="denied", reason="Violent on arrival")

    refused(client, visitor_headers, body, "detainees.0.denied_by_rank")


@pytest.mark.parametrize("rank", ["sergeant", "constable", "detention_officer"])
def test_a_denial_by_a_rank_below_inspector_is_refused_saying_why(
    client, suite, visitor, partner, visitor_headers, rank
):
    body = with_detainee(
        suite, visitor, partner, outcome="denied", reason="Violent", denied_by_rank=rank
    )

    problem = refused(client, visitor_headers, body, "detainees.0.denied_by_rank")
    assert "inspector or above" in problem["errors"]["detainees.0.denied_by_rank"][0]


def test_a_denial_authorised_by_an_inspector_is_recorded_and_counted_apart(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite, visitor, partner, outcome="denied", reason="Violent", denied_by_rank="inspector"
    )

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    totals = response.get_json()["totals"]
    assert (totals["denied"], totals["in_cells"], totals["offered"]) == (1, 1, 0)


def test_a_denying_rank_is_only_for_a_denied_detainee(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="seen", denied_by_rank="inspector")

    refused(client, visitor_headers, body, "detainees.0.denied_by_rank")


def test_observations_of_a_detainee_seen_are_kept(client, suite, visitor, partner, visitor_headers):
    observations = {"rights_and_entitlements_given": "yes", "food_and_drink_offered": "no"}
    body = with_detainee(suite, visitor, partner, outcome="seen", observations=observations)

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["detainees"][0]["observations"] == observations


def test_observations_are_refused_for_a_detainee_not_seen(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite,
        visitor,
        partner,
        outcome="refused",
        reason="Asleep",
        observations={"cell_clean": "yes"},
    )

    refused(client, visitor_headers, body, "detainees.0.observations")


def test_an_observation_off_the_checklist_is_refused_listing_the_allowed(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="seen", observations={"mood": "yes"})

    problem = refused(client, visitor_headers, body, "detainees.0.observations.mood")
    assert "legal_advice_offered" in problem["errors"]["detainees.0.observations.mood"][0]


def test_an_observation_answer_outside_the_list_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(
        suite, visitor, partner, outcome="seen", observations={"cell_clean": "mostly"}
    )

    refused(client, visitor_headers, body, "detainees.0.observations.cell_clean.value")


def test_an_issue_raised_by_a_detainee_names_them(client, suite, visitor, partner, visitor_headers):
    issue = {
        "category": "food_and_drink",
        "description": "No hot drink",
        "raised_by": "detainee",
        "resolved_during_visit": False,
    }
    body = custody_visit(suite, visitor, partner, issues=[issue])

    refused(client, visitor_headers, body, "issues.0.detainee_ref")


def test_an_issue_raised_by_a_detainee_needs_one_who_was_seen(
    client, suite, visitor, partner, visitor_headers
):
    issue = {
        "category": "food_and_drink",
        "description": "No hot drink",
        "raised_by": "detainee",
        "detainee_ref": "C3",  # refused the visit
        "resolved_during_visit": False,
    }
    body = custody_visit(suite, visitor, partner, issues=[issue])

    refused(client, visitor_headers, body, "issues.0.detainee_ref")


# The suite ----------------------------------------------------------------------------------


def test_a_check_with_a_concern_needs_a_note(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(
        suite, visitor, partner, checks={"call_bells_working": {"result": "concern"}}
    )

    refused(client, visitor_headers, body, "checks.call_bells_working.note")


def test_a_check_off_the_schemes_checklist_is_refused_listing_the_allowed(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, checks={"kennels_ok": {"result": "ok"}})

    problem = refused(client, visitor_headers, body, "checks.kennels_ok")
    assert "cells_clean" in problem["errors"]["checks.kennels_ok"][0]


def test_a_check_result_outside_the_list_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, checks={"cells_clean": {"result": "fine"}})

    refused(client, visitor_headers, body, "checks.cells_clean.value.result")


def test_checks_are_kept_with_their_results_and_notes(
    client, suite, visitor, partner, visitor_headers
):
    checks = {
        "cells_clean": {"result": "ok"},
        "call_bells_working": {"result": "concern", "note": "Cell 4's bell is silent"},
        "exercise_yard": {"result": "not_checked"},
    }

    response = post(client, visitor_headers, custody_visit(suite, visitor, partner, checks=checks))

    assert response.status_code == 201, response.get_json()
    kept = response.get_json()["checks"]
    assert kept["call_bells_working"]["note"] == "Cell 4's bell is silent"
    assert {key: value["result"] for key, value in kept.items()} == {
        "cells_clean": "ok",
        "call_bells_working": "concern",
        "exercise_yard": "not_checked",
    }


def test_a_submitted_in_person_custody_visit_needs_its_feedback(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, status="submitted", feedback=None)

    refused(client, visitor_headers, body, "feedback")


def test_a_draft_may_lack_its_feedback(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(suite, visitor, partner, status="draft", feedback=None)

    assert post(client, visitor_headers, body).status_code == 201


def test_a_remote_visit_needs_no_feedback_and_fills_no_slot(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, status="submitted", feedback=None, mode="phone")

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert (response.get_json()["slot"], response.get_json()["access"]) == (None, None)


def test_feedback_names_a_rank_from_the_list(client, suite, visitor, partner, visitor_headers):
    feedback = {"to_name": "Sam", "to_rank": "boss", "at": at("11:20:00"), "summary": "Told"}

    refused(
        client,
        visitor_headers,
        custody_visit(suite, visitor, partner, feedback=feedback),
        "feedback.to_rank",
    )


# The visit's outcome ------------------------------------------------------------------------


def test_a_curtailed_visit_says_why(client, suite, visitor, partner, visitor_headers):
    refused(
        client,
        visitor_headers,
        custody_visit(suite, visitor, partner, outcome="curtailed"),
        "curtail_reason",
    )


def test_a_curtailed_visit_is_recorded_with_its_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite, visitor, partner, outcome="curtailed", curtail_reason="Fire alarm in the suite"
    )

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["curtail_reason"] == "Fire alarm in the suite"


def test_an_abandoned_visit_gives_its_reason_as_a_key(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        outcome="abandoned",
        abandon_reason="no one answered",
        detainees=[],
        issues=[],
    )

    refused(client, visitor_headers, body, "abandon_reason")


def test_an_abandoned_visit_for_another_reason_says_what_happened(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        outcome="abandoned",
        abandon_reason="other",
        detainees=[],
        issues=[],
    )

    refused(client, visitor_headers, body, "abandon_note")


def test_two_probationers_may_not_be_recorded_together(client, scheme, suite, manager_headers):
    first = make_person(
        scheme, "visitor", email="p1@northshire.example", name="Pip One", status="probation"
    )
    second = make_person(
        scheme, "visitor", email="p2@northshire.example", name="Pat Two", status="probation"
    )

    refused(client, manager_headers, custody_visit(suite, first, second), "visitor_ids")


# Terrorism Act detainees --------------------------------------------------------------------


def test_a_tact_detainee_seen_needs_a_tact_trained_visitor(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="seen", tact=True)

    refused(client, visitor_headers, body, "visitor_ids")


def test_a_tact_detainee_seen_by_a_trained_visitor_is_recorded(
    client, suite, visitor, partner, visitor_headers
):
    db.session.get(Person, partner.id).tact_trained_on = date(2020, 1, 15)
    db.session.commit()
    body = with_detainee(suite, visitor, partner, outcome="seen", tact=True)

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["tact_report_required"] is True


def test_a_tact_detainee_asleep_needs_no_trained_visitor_and_no_report(
    client, suite, visitor, partner, visitor_headers
):
    body = with_detainee(suite, visitor, partner, outcome="asleep_observed", tact=True)

    response = post(client, visitor_headers, body)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["tact_report_required"] is False


# Visits recorded before a rule ---------------------------------------------------------------


def test_an_amendment_is_not_refused_for_a_rule_about_what_it_does_not_change(
    client, submitted, manager_headers
):
    """A visit submitted before feedback was asked for can still have its notes amended."""
    visit = db.session.get(Visit, submitted["id"])
    visit.feedback = None
    db.session.commit()

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"notes": "Cell 4 light broken", "amendment_reason": "Visitor's note added"},
    )

    assert response.status_code == 200, response.get_json()


def test_an_amendment_that_removes_the_feedback_is_refused(client, submitted, manager_headers):
    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**manager_headers, "If-Match": etag(client, manager_headers, submitted["id"])},
        json={"feedback": None, "amendment_reason": "Feedback was never given"},
    )

    assert_problem(response, 422, "feedback")
