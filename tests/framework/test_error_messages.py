"""Errors speak to the person who sent the request: what to send instead, in their terms, never
the words of the code that refused it.
"""

import pytest

from api import create_app
from icv.models.core import ROLES, SITE_KINDS
from icv.models.visits import DETAINEE_OUTCOMES, VISIT_STATUSES, WELFARE_NEEDS
from tests.support.api_bodies import new_visit
from tests.support.api_world import API, send
from tests.support.app import app_config
from tests.support.problems import assert_problem

JSON = "application/json"


def one_of(values) -> list[str]:
    return [f"Must be one of: {', '.join(values)}."]


def visit_with_a_dog(world, needs: dict) -> dict:
    dog = {"ref": "PD-REX", "location": "force_kennels"}
    return {**new_visit(world), "dogs": [{**dog, "needs": needs}]}


# A value outside a list names the values allowed --------------------------------------------


def test_a_body_field_outside_its_list_names_the_values_allowed(scene):
    response = send(scene, "POST", f"{API}/sites", "manager", json_body={"name": "K", "kind": "x"})

    assert assert_problem(response, 422)["errors"]["kind"] == one_of(SITE_KINDS)


def test_a_query_parameter_outside_its_list_names_the_values_allowed(scene):
    response = send(scene, "GET", f"{API}/visits?status=filed", "manager")

    assert assert_problem(response, 422)["errors"]["status"] == one_of(VISIT_STATUSES)


def test_a_list_item_outside_its_list_names_the_values_allowed(scene):
    person = {
        "name": "Nia New",
        "email": "nia.new@example.org",
        "roles": ["warden"],
        "status": "active",
        "joined_on": "2024-05-01",
    }

    response = send(scene, "POST", f"{API}/people", "manager", json_body=person)

    assert assert_problem(response, 422)["errors"]["roles.0"] == one_of(ROLES)


def test_a_field_of_a_listed_record_outside_its_list_names_the_values_allowed(scene):
    visit = new_visit(scene.current())
    visit["detainees"][0]["outcome"] = "chatted"

    response = send(scene, "POST", f"{API}/visits", "visitor", json_body=visit)

    errors = assert_problem(response, 422)["errors"]
    assert errors["detainees.0.outcome"] == one_of(DETAINEE_OUTCOMES)


def test_a_nested_field_outside_its_list_names_the_values_allowed(scene):
    visit = visit_with_a_dog(scene.current(), {"flying": {"result": "ok"}})

    response = send(scene, "POST", f"{API}/visits", "visitor", json_body=visit)

    errors = assert_problem(response, 422)["errors"]
    assert errors["dogs.0.needs.flying"] == one_of(WELFARE_NEEDS)


# A time without its offset says to add one ----------------------------------------------------

ADD_THE_OFFSET = ["Add the UTC offset, e.g. 2024-05-01T14:00:00+01:00."]


@pytest.mark.parametrize("naive", ["2026-03-12T10:00:00", "2026-03-12T10:00", "2026-03-12"])
def test_a_time_in_the_body_without_its_offset_says_to_add_one(scene, naive):
    visit = {**new_visit(scene.current()), "arrived_at": naive}

    response = send(scene, "POST", f"{API}/visits", "visitor", json_body=visit)

    assert assert_problem(response, 422)["errors"]["arrived_at"] == ADD_THE_OFFSET


@pytest.mark.parametrize("parameter", ["from", "to", "updated_since"])
def test_a_time_in_the_query_without_its_offset_says_to_add_one(scene, parameter):
    response = send(scene, "GET", f"{API}/visits?{parameter}=2026-03-12T10:00:00", "manager")

    assert assert_problem(response, 422)["errors"][parameter] == ADD_THE_OFFSET


# A body over the limit says the limit ----------------------------------------------------------


@pytest.fixture
def app_with_limit(database_url_for_tests):
    def make(limit: int):
        return create_app(app_config(database_url_for_tests, MAX_CONTENT_LENGTH=limit))

    return make


@pytest.mark.parametrize(
    ("limit", "words"),
    [(1024 * 1024, "1 MB"), (64 * 1024, "64 KB"), (1536 * 1024, "1.5 MB"), (500, "500 bytes")],
)
def test_a_body_over_the_limit_says_the_limit(app_with_limit, limit, words):
    client = app_with_limit(limit).test_client()

    response = client.post(f"{API}/auth/login", data=b" " * (limit + 1), content_type=JSON)

    body = assert_problem(response, 413, "body")
    assert body["detail"] == f"The body is over the {words} limit."
    assert body["errors"]["body"] == [body["detail"]]
