"""Visits to a dog unit: two visitors on the animal welfare scheme, after probation, record each
dog against the five welfare needs of the Animal Welfare Act 2006 (where it was seen, a concern
with its note) and the unit's checklist; a visit outside the unit's bands is stored without a
slot; detainees, custody checks and issues raised by a detainee are refused there, while a
visitor's own issue is accepted.
"""

import pytest

from api.resources.visit_examples import DOGS_EXAMPLE
from icv.models import DEFAULT_CHECKLISTS, WELFARE_NEEDS
from tests.support.dog_visits import dog, dog_checks, dog_visit, needs
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person
from tests.visits.visit_bodies import VISITS, at, etag, written_rows

CONCERN = {"result": "concern", "note": "Water bowl empty and dirty"}

# Builders ------------------------------------------------------------------------------------


@pytest.fixture
def visitor_without_aws(scheme):
    return make_person(scheme, "visitor", email="noaws@northshire.example", name="Noel Noaws")


def body(site, *visitors, **fields) -> dict:
    return dog_visit(site, visitors, at("10:00:00"), **fields)


# Recording -----------------------------------------------------------------------------------


def test_two_aws_visitors_record_each_dog_against_the_five_welfare_needs(
    client, dog_unit, visitor, partner, visitor_headers
):
    dogs = [
        dog("PD-REX", diet=CONCERN),
        {"ref": "PD-NELL", "location": "vehicle", "needs": {"environment": {"result": "ok"}}},
    ]

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, dogs=dogs)
    )

    assert response.status_code == 201, response.get_json()
    rex, nell = response.get_json()["dogs"]
    assert rex["needs"]["diet"] == CONCERN
    assert rex["needs"]["environment"] == {"result": "ok"}
    assert rex["location"] == "force_kennels"
    assert nell["location"] == "vehicle"
    assert nell["needs"] == {
        need: {"result": "ok" if need == "environment" else "not_checked"} for need in WELFARE_NEEDS
    }
    assert count_rows("dog_entry") == 2


def test_the_documented_dogs_are_dogs_the_api_takes(
    client, dog_unit, visitor, partner, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, dogs=DOGS_EXAMPLE)
    )

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dogs"][1]["needs"]["normal_behaviour"] == {"result": "not_checked"}


def test_the_dog_unit_checklist_is_the_animal_welfare_schemes(
    client, dog_unit, visitor, partner, visitor_headers
):
    listed = client.get("/api/v1/checklists", headers=visitor_headers).get_json()["dog"]
    response = client.post(VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner))

    assert [item["key"] for item in listed] == [
        "water_available",
        "exercise_and_time_out_of_kennel",
        "kennel_clean_and_dry",
        "bedding",
        "kennel_temperature",
        "vehicle_temperature_and_heat_alarm",
        "vet_and_vaccination_records",
        "medication_records",
        "food_in_date_and_stored",
        "training_observed",
        "training_methods_and_equipment",
    ]
    assert set(response.get_json()["checks"]) == {key for key, _ in DEFAULT_CHECKLISTS["dog"]}
    assert response.get_json()["slot"] == {"day": "Tue", "band": "07:00-13:00"}
    assert response.get_json()["detainees"] == []


def test_a_dog_unit_visit_outside_its_bands_has_no_slot_and_is_still_stored(
    client, dog_unit, visitor, partner, visitor_headers
):
    late = dog_visit(dog_unit, (visitor, partner), at("13:30:00"))

    response = client.post(VISITS, headers=visitor_headers, json=late)

    assert response.status_code == 201
    assert response.get_json()["slot"] is None
    stored = client.get(f"{VISITS}/{response.get_json()['id']}", headers=visitor_headers)
    assert stored.get_json()["slot"] is None


def test_sending_the_same_dogs_again_changes_nothing(
    client, dog_unit, visitor, partner, visitor_headers
):
    created = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, departed_at=None)
    ).get_json()
    tag = etag(client, visitor_headers, created["id"])

    response = client.patch(
        f"{VISITS}/{created['id']}",
        headers={**visitor_headers, "If-Match": tag},
        json={"dogs": [dog("PD-REX"), dog("PD-NELL", location="home_kennel")]},
    )

    assert response.status_code == 200
    assert response.get_json()["version"] == created["version"]


def test_a_visitor_issue_at_a_dog_unit_is_accepted_but_not_one_raised_by_a_detainee(
    client, dog_unit, visitor, partner, visitor_headers
):
    issue = {
        "category": "other",
        "description": "Kennel door latch broken",
        "raised_by": "visitor",
        "resolved_during_visit": False,
    }
    accepted = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, issues=[issue])
    )
    refused = client.post(
        VISITS,
        headers=visitor_headers,
        json=dog_visit(
            dog_unit,
            (visitor, partner),
            at("15:30:00"),
            issues=[{**issue, "raised_by": "detainee"}],
        ),
    )

    assert accepted.status_code == 201
    assert accepted.get_json()["issues"][0]["check_key"] is None
    assert_problem(refused, 422, "issues.0.raised_by")


# Refusals: each a 422 naming the field, writing nothing --------------------------------------


def test_a_concern_about_a_welfare_need_must_say_what_it_is(
    client, dog_unit, visitor, partner, visitor_headers
):
    before = written_rows()
    dogs = [dog("PD-REX"), dog("PD-NELL", environment={"result": "concern"})]

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, dogs=dogs)
    )

    assert_problem(response, 422, "dogs.1.needs.environment.note")
    assert written_rows() == before


@pytest.mark.parametrize(
    ("dogs", "field"),
    [
        ([{"ref": "PD-REX", "location": "force_kennels"}], "dogs.0.needs"),
        ([{"ref": "PD-REX", "needs": needs()}], "dogs.0.location"),
        ([dog("PD-REX", location="handlers_car")], "dogs.0.location"),
        ([{**dog("PD-REX"), "needs": {"hunger": {"result": "ok"}}}], "dogs.0.needs.hunger"),
        ([dog("PD-REX", diet={"result": "fine"})], "dogs.0.needs.diet.result"),
        ([{**dog("PD-REX"), "kennel_ok": True}], "dogs.0.kennel_ok"),
        ([dog("PD-REX"), dog("pd-rex")], "dogs.1.ref"),
    ],
    ids=[
        "no-needs",
        "no-location",
        "unknown-location",
        "unknown-need",
        "unknown-result",
        "old-boolean",
        "same-dog-twice",
    ],
)
def test_a_malformed_dog_entry_is_refused(
    client, dog_unit, visitor, partner, visitor_headers, dogs, field
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, dogs=dogs)
    )

    assert_problem(response, 422, field)
    assert written_rows() == before


def test_a_concern_on_a_dog_unit_check_must_say_what_it_is(
    client, dog_unit, visitor, partner, visitor_headers
):
    checks = dog_checks(bedding={"result": "concern"})

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, checks=checks)
    )

    assert_problem(response, 422, "checks.bedding.note")


def test_the_old_dog_unit_checks_are_not_on_the_checklist(
    client, dog_unit, visitor, partner, visitor_headers
):
    checks = {"kennels_ok": {"result": "ok"}}

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, partner, checks=checks)
    )

    assert_problem(response, 422, "checks.kennels_ok")


def test_a_dog_unit_visit_needs_every_visitor_on_the_animal_welfare_scheme(
    client, dog_unit, visitor, visitor_without_aws, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, visitor_without_aws)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_probationer_on_the_animal_welfare_scheme_cannot_visit_a_dog_unit(
    client, dog_unit, visitor, probationer, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=body(dog_unit, visitor, probationer)
    )

    problem = assert_problem(response, 422, "visitor_ids")
    assert "after probation" in problem["errors"]["visitor_ids"][0]
    assert written_rows() == before


def test_detainees_at_a_dog_unit_are_refused(client, dog_unit, visitor, partner, visitor_headers):
    before = written_rows()
    with_detainee = body(dog_unit, visitor, partner, detainees=[{"ref": "C1", "outcome": "seen"}])

    response = client.post(VISITS, headers=visitor_headers, json=with_detainee)

    assert_problem(response, 422, "detainees")
    assert written_rows() == before


def test_custody_checks_at_a_dog_unit_are_refused(
    client, dog_unit, visitor, partner, visitor_headers
):
    before = written_rows()
    custody_checks = body(dog_unit, visitor, partner, checks={"cells_clean": {"result": "ok"}})

    response = client.post(VISITS, headers=visitor_headers, json=custody_checks)

    assert_problem(response, 422, "checks.cells_clean")
    assert written_rows() == before
