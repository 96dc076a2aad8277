"""Visits to a dog unit: two visitors on the animal welfare scheme record the dogs and the
unit's checks; a visit outside the unit's bands is stored without a slot; a visitor off the
scheme or a probationer may not go; detainees, custody checks and issues raised by a detainee
are refused there, while a visitor's own issue is accepted.
"""

import pytest

from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person
from tests.visits.visit_bodies import VISITS, at, written_rows

# Builders ------------------------------------------------------------------------------------


@pytest.fixture
def visitor_without_aws(scheme):
    return make_person(scheme, "visitor", email="noaws@northshire.example", name="Noel Noaws")


def dog_visit(site, *visitors, **fields) -> dict:
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": at("10:00:00"),
        "admitted_at": at("10:01:00"),
        "departed_at": at("11:00:00"),
        "dogs": [
            {
                "ref": "PD-REX",
                "kennel_ok": True,
                "vehicle_ok": True,
                "records_ok": True,
                "five_freedoms": {"hunger_and_thirst": True, "fear_and_distress": True},
            },
            {"ref": "PD-NELL", "kennel_ok": True, "vehicle_ok": False, "records_ok": True},
        ],
        "checks": {
            "kennels_ok": {"result": "ok"},
            "vehicles_ok": {"result": "concern", "note": "Needs attention"},
            "training_observed": {"result": "ok"},
            "food_in_date": {"result": "ok"},
        },
        **fields,
    }


# Recording -----------------------------------------------------------------------------------


def test_two_aws_visitors_record_a_dog_unit_visit(
    client, dog_unit, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, partner)
    )

    assert response.status_code == 201
    body = response.get_json()
    assert [dog["ref"] for dog in body["dogs"]] == ["PD-REX", "PD-NELL"]
    assert body["dogs"][1]["vehicle_ok"] is False
    assert body["dogs"][0]["five_freedoms"] == {
        "hunger_and_thirst": True,
        "fear_and_distress": True,
    }
    assert body["checks"]["training_observed"]["result"] == "ok"
    assert body["detainees"] == []
    assert body["slot"] == {"day": "Tue", "band": "07:00-13:00"}
    assert count_rows("dog_entry") == 2


def test_a_dog_unit_visit_outside_its_bands_has_no_slot_and_is_still_stored(
    client, dog_unit, visitor, partner, visitor_headers
):
    body = dog_visit(
        dog_unit,
        visitor,
        partner,
        arrived_at=at("13:30:00"),
        admitted_at=at("13:31:00"),
        departed_at=at("14:15:00"),
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["slot"] is None
    assert count_rows("visit") == 1
    stored = client.get(f"{VISITS}/{response.get_json()['id']}", headers=visitor_headers)
    assert stored.get_json()["slot"] is None


def test_a_visitor_issue_at_a_dog_unit_is_accepted_but_not_one_raised_by_a_detainee(
    client, dog_unit, visitor, partner, visitor_headers
):
    issue = {
        "category": "other",
        "description": "Kennel heater broken",
        "raised_by": "visitor",
        "resolved_during_visit": False,
        "urgent": True,
    }
    accepted = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, partner, issues=[issue])
    )
    refused = client.post(
        VISITS,
        headers=visitor_headers,
        json=dog_visit(
            dog_unit,
            visitor,
            partner,
            arrived_at=at("15:30:00"),
            admitted_at=at("15:31:00"),
            departed_at=at("16:00:00"),
            issues=[{**issue, "raised_by": "detainee"}],
        ),
    )

    assert accepted.status_code == 201
    assert accepted.get_json()["issues"][0]["urgent"] is True
    assert_problem(refused, 422, "issues.0.raised_by")


# Refusals: each a 422 naming the field, writing nothing --------------------------------------


def test_a_dog_unit_visit_needs_every_visitor_on_the_animal_welfare_scheme(
    client, dog_unit, visitor, visitor_without_aws, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, visitor_without_aws)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_probationer_on_the_animal_welfare_scheme_cannot_visit_a_dog_unit(
    client, dog_unit, visitor, probationer, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=dog_visit(dog_unit, visitor, probationer)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_detainees_at_a_dog_unit_are_refused(client, dog_unit, visitor, partner, visitor_headers):
    before = written_rows()
    body = dog_visit(dog_unit, visitor, partner, detainees=[{"ref": "C1", "outcome": "seen"}])

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "detainees")
    assert written_rows() == before


def test_custody_checks_at_a_dog_unit_are_refused(
    client, dog_unit, visitor, partner, visitor_headers
):
    before = written_rows()
    body = dog_visit(dog_unit, visitor, partner, checks={"cells_clean": {"result": "ok"}})

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "checks.cells_clean")
    assert written_rows() == before
