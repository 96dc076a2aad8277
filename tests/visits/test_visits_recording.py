"""Recording a visit over HTTP: what a created visit holds and what the server derives from it
(totals, access delay and its band, handover, slot, TACT report), remote and abandoned visits, a
manager recording for a pair; the idempotent create under a client UUID, replayed safely; and a
detainee entry carrying no names. Refused bodies are in `test_visits_validation.py`, who may be
named and where in `test_visits_eligibility.py`, dog units in `test_dog_unit_visits.py`.
"""

import uuid
from datetime import datetime

import pytest

from icv.common.database import db
from icv.models import Visit
from tests.support.dog_visits import dog, dog_checks, dog_visit
from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.visit_bodies import VISITS, at, custody_visit, written_rows

DETAINEE_KEYS = {
    "ref",
    "outcome",
    "reason",
    "gender",
    "age_group",
    "ethnicity",
    "juvenile",
    "vulnerable",
    "tact",
    "denied_by_rank",
    "appropriate_adult",
    "observations",
}


# Recording -----------------------------------------------------------------------------------


def test_a_pair_records_a_custody_visit(client, suite, visitor, partner, visitor_headers):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"{VISITS}/{body['id']}")
    assert response.headers["ETag"]
    assert body["site_id"] == suite.id
    assert body["visitor_ids"] == sorted([visitor.id, partner.id])
    assert body["status"] == "draft"
    assert body["version"] == 1
    assert body["mode"] == "in_person"
    assert body["outcome"] == "completed"
    assert body["access_delay_minutes"] == 3
    assert body["access"] == "immediate"
    assert body["slot"] == {"day": "Tue", "band": "08:00-11:59"}
    assert body["in_handover"] is False
    assert body["duration_minutes"] == 90
    assert body["tact_report_required"] is False
    assert count_rows("visit") == 1


def test_totals_are_derived_from_the_detainee_entries(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.get_json()["totals"] == {
        "in_cells": 6,
        "offered": 3,
        "seen": 2,
        "refused": 1,
        "not_offered": 1,
        "unavailable": 1,
        "asleep_observed": 1,
        "denied": 0,
    }


def test_a_detainee_held_under_terrorism_legislation_requires_a_tact_report(
    client, suite, visitor, tact_trained, visitor_headers
):
    body = custody_visit(suite, visitor, tact_trained)
    body["detainees"][0]["tact"] = True

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["tact_report_required"] is True


def test_issues_raised_at_a_visit_are_stored_with_it(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    issues = response.get_json()["issues"]
    assert [(issue["category"], issue["status"]) for issue in issues] == [
        ("food_and_drink", "open")
    ]
    assert count_rows("issue") == 1


def test_an_abandoned_visit_is_kept_with_its_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        outcome="abandoned",
        abandon_reason="other",
        abandon_note="Suite shut for a fire alarm",
        admitted_at=None,
        departed_at=at("10:40:00"),
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    visit = response.get_json()
    assert visit["outcome"] == "abandoned"
    assert (visit["abandon_reason"], visit["abandon_note"]) == (
        "other",
        "Suite shut for a fire alarm",
    )
    assert visit["admitted_at"] is None
    assert visit["access"] is None
    assert visit["totals"]["in_cells"] == 0
    assert count_rows("visit") == 1


@pytest.mark.parametrize("mode", ["phone", "video"])
def test_a_visit_may_be_made_remotely(client, suite, visitor, partner, visitor_headers, mode):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, mode=mode)
    )

    assert response.status_code == 201
    assert response.get_json()["mode"] == mode


def test_a_manager_records_a_visit_they_did_not_make(
    client, suite, visitor, partner, manager_headers
):
    response = client.post(
        VISITS, headers=manager_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201
    assert response.get_json()["visitor_ids"] == sorted([visitor.id, partner.id])


# Access delay and handover -------------------------------------------------------------------


def test_an_arrival_at_handover_is_flagged(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=at("06:45:00"),
        admitted_at=at("06:48:00"),
        departed_at=at("08:00:00"),
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.get_json()["in_handover"] is True


def test_a_non_immediate_access_is_banded_and_keeps_its_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(
        suite,
        visitor,
        partner,
        admitted_at=at("10:16:30"),
        access_delay_reason="Shift handover",
        delay_authorised_by="Sgt Patel",
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    visit = response.get_json()
    assert response.status_code == 201
    assert visit["access_delay_minutes"] == 16
    assert visit["access"] == "delay_over_15"
    assert visit["access_delay_reason"] == "Shift handover"
    assert visit["delay_authorised_by"] == "Sgt Patel"


def test_access_of_five_minutes_and_some_seconds_is_immediate_and_needs_no_reason(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, admitted_at=at("10:05:59"))

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["access_delay_minutes"] == 5
    assert response.get_json()["access"] == "immediate"


# The answer is the visit as read --------------------------------------------------------------


def answer_and_read(client, headers: dict, body: dict) -> tuple[dict, dict]:
    created = client.post(VISITS, headers=headers, json=body)
    assert created.status_code == 201, created.get_json()
    read = client.get(f"{VISITS}/{created.get_json()['id']}", headers=headers)
    assert read.headers["ETag"] == created.headers["ETag"]
    answer = created.get_json()
    answer.pop("warnings")  # said of the write, to whoever made it
    return answer, read.get_json()


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_the_answer_to_recording_a_visit_is_the_visit_as_read_afterwards(
    client, suite, visitor, partner, visitor_headers, status
):
    """The service answers with the records it has just written, not read back: they must be
    what a read gives, issues, detainees, derived fields and timestamps included."""
    created, read = answer_and_read(
        client, visitor_headers, custody_visit(suite, visitor, partner, status=status)
    )

    assert created == read
    assert len(created["issues"]) == 1 and len(created["detainees"]) == 6


def test_the_answer_to_a_dog_unit_visit_with_an_urgent_concern_is_the_visit_as_read(
    client, dog_unit, visitor, partner, visitor_headers
):
    body = dog_visit(
        dog_unit,
        (visitor, partner),
        at("10:00:00"),
        dogs=[dog("PD-REX")],
        checks=dog_checks(water_available={"result": "concern", "note": "Bowl empty"}),
    )

    created, read = answer_and_read(client, visitor_headers, body)

    assert created == read
    assert [issue["urgent"] for issue in created["issues"]] == [True]


# Idempotent create ---------------------------------------------------------------------------


def test_the_same_create_again_returns_the_same_visit(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, id=str(uuid.uuid4()))
    first = client.post(VISITS, headers=visitor_headers, json=body)

    again = client.post(VISITS, headers=visitor_headers, json=body)

    assert first.status_code == 201
    assert again.status_code == 200
    assert again.get_json()["id"] == first.get_json()["id"] == body["id"]
    assert again.get_json()["version"] == first.get_json()["version"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert count_rows("visit") == 1
    assert count_rows("detainee_entry") == 6
    assert count_rows("issue") == 1


def test_the_same_create_with_the_times_in_another_offset_is_the_same_visit(
    client, suite, visitor, partner, visitor_headers
):
    visit_id = str(uuid.uuid4())
    client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id=visit_id)
    )
    same_instants = custody_visit(
        suite,
        visitor,
        partner,
        id=visit_id,
        arrived_at="2026-03-10T11:00:00+01:00",
        admitted_at="2026-03-10T11:03:00+01:00",
        departed_at="2026-03-10T12:30:00+01:00",
    )

    response = client.post(VISITS, headers=visitor_headers, json=same_instants)

    assert response.status_code == 200
    assert count_rows("visit") == 1


def test_a_different_body_under_a_used_id_is_a_conflict(
    client, suite, visitor, partner, visitor_headers
):
    visit_id = str(uuid.uuid4())
    client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id=visit_id)
    )
    before = written_rows()

    response = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, id=visit_id, notes="Another visit"),
    )

    assert_problem(response, 409, "id")
    assert written_rows() == before


def test_a_visit_sent_without_an_id_gets_a_server_uuid(
    client, suite, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    visit_id = response.get_json()["id"]
    assert str(uuid.UUID(visit_id)) == visit_id


def test_a_client_id_that_is_not_a_uuid_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, id="visit-1")
    )

    assert_problem(response, 422, "id")
    assert written_rows() == before


def test_replaying_a_create_does_not_show_the_visit_to_a_visitor_who_was_not_there(
    client, record, suite, third_visitor, fourth_visitor, visitor_headers, manager_headers
):
    body = custody_visit(suite, third_visitor, fourth_visitor, id=str(uuid.uuid4()))
    record(manager_headers, body)

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 409, "id")
    assert "detainees" not in response.get_json()


# No names ------------------------------------------------------------------------------------


def test_detainee_entries_carry_only_the_documented_fields(client, visit_of_pair, visitor_headers):
    one = client.get(f"{VISITS}/{visit_of_pair['id']}", headers=visitor_headers).get_json()
    listed = client.get(VISITS, headers=visitor_headers).get_json()

    for entry in visit_of_pair["detainees"] + one["detainees"] + listed[0]["detainees"]:
        assert set(entry) == DETAINEE_KEYS


def test_a_stored_visit_matches_what_was_recorded(client, visit_of_pair, visitor_headers):
    db.session.expire_all()
    stored = db.session.get(Visit, visit_of_pair["id"])

    assert [entry.ref for entry in stored.detainees] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert stored.arrived_at == datetime.fromisoformat(at("10:00:00"))
