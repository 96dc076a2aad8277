"""Issue categories: a scheme starts with the thirteen defaults; its manager adds, relabels and
retires categories, and a retired one is neither offered nor usable by new visits while old
issues keep it; keys are lower snake case and need a label; other roles only read them; each
scheme's categories are its own.
"""

import pytest

from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.issue_bodies import CATEGORIES, ISSUES, custody_visit, raised

VISITS = "/api/v1/visits"
DEFAULT_KEYS = [
    "food_and_drink",
    "cell_and_contents",
    "healthcare",
    "legal_rights",
    "hygiene",
    "clothing_and_bedding",
    "exercise",
    "reading_and_religious",
    "contact_and_calls",
    "custody_record",
    "staff_conduct",
    "appropriate_adult",
    "other",
]


# Categories ----------------------------------------------------------------------------------


def test_a_scheme_starts_with_the_thirteen_default_categories(client, manager_headers):
    response = client.get(CATEGORIES, headers=manager_headers)

    assert response.status_code == 200
    body = response.get_json()
    assert [item["key"] for item in body] == DEFAULT_KEYS
    assert all(item["label"].strip() for item in body)


def test_a_manager_adds_a_category_that_new_visits_may_use(
    client, record, suite, visitor, partner, manager_headers, visitor_headers
):
    response = client.post(
        CATEGORIES, headers=manager_headers, json={"key": "interpreters", "label": "Interpreters"}
    )

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["key"] == "interpreters"
    offered = client.get(CATEGORIES, headers=visitor_headers).get_json()
    assert {"interpreters": "Interpreters"}.items() <= {
        item["key"]: item["label"] for item in offered
    }.items()
    created = record(
        visitor_headers,
        custody_visit(suite, visitor, partner, issues=[raised("interpreters", "No interpreter")]),
    )
    assert created["issues"][0]["category"] == "interpreters"


def test_a_manager_relabels_a_default_category(client, manager_headers):
    response = client.post(
        CATEGORIES, headers=manager_headers, json={"key": "food_and_drink", "label": "Meals"}
    )

    assert response.status_code == 201, response.get_json()
    body = client.get(CATEGORIES, headers=manager_headers).get_json()
    assert [item["key"] for item in body] == DEFAULT_KEYS
    assert {item["key"]: item["label"] for item in body}["food_and_drink"] == "Meals"


def test_a_retired_category_is_not_offered_and_new_visits_may_not_use_it(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    response = client.post(
        CATEGORIES,
        headers=manager_headers,
        json={"key": "exercise", "label": "Exercise and fresh air", "active": False},
    )
    assert response.status_code == 201, response.get_json()
    issues_before = count_rows("issue")

    offered = client.get(CATEGORIES, headers=visitor_headers).get_json()
    refused = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, issues=[raised("exercise", "No yard")]),
    )

    assert "exercise" not in [item["key"] for item in offered]
    assert len(offered) == 12
    assert_problem(refused, 422, "issues.0.category")
    assert count_rows("issue") == issues_before


def test_issues_keep_a_category_that_is_later_retired(
    client, manager_headers, visitor_headers, draft_issue_id
):
    client.post(
        CATEGORIES,
        headers=manager_headers,
        json={"key": "exercise", "label": "Exercise and fresh air", "active": False},
    )

    response = client.get(f"{ISSUES}/{draft_issue_id}", headers=visitor_headers)

    assert response.status_code == 200
    assert response.get_json()["category"] == "exercise"


def test_an_issue_cannot_be_moved_into_a_retired_category(client, manager_headers, open_id):
    client.post(
        CATEGORIES,
        headers=manager_headers,
        json={"key": "exercise", "label": "Exercise and fresh air", "active": False},
    )

    response = client.patch(
        f"{ISSUES}/{open_id}", headers=manager_headers, json={"category": "exercise"}
    )

    assert_problem(response, 422, "category")


@pytest.mark.parametrize("role", ["visitor", "inspector", "viewer"])
def test_other_roles_read_the_categories_but_may_not_change_them(client, login, request, role):
    headers = login(request.getfixturevalue(role))

    read = client.get(CATEGORIES, headers=headers)
    write = client.post(CATEGORIES, headers=headers, json={"key": "weather", "label": "Weather"})

    assert read.status_code == 200
    assert [item["key"] for item in read.get_json()] == DEFAULT_KEYS
    assert_problem(write, 403)
    assert count_rows("issue_category") == 0


@pytest.mark.parametrize("key", ["Bad Key", "9lives", "food-and-drink", ""])
def test_a_category_key_is_lower_snake_case(client, manager_headers, key):
    response = client.post(CATEGORIES, headers=manager_headers, json={"key": key, "label": "X"})

    assert_problem(response, 422, "key")
    assert count_rows("issue_category") == 0


def test_a_category_needs_a_label(client, manager_headers):
    response = client.post(CATEGORIES, headers=manager_headers, json={"key": "weather"})

    assert_problem(response, 422, "label")


def test_a_schemes_categories_are_its_own(client, manager_headers, other_manager_headers):
    client.post(
        CATEGORIES, headers=manager_headers, json={"key": "interpreters", "label": "Interpreters"}
    )
    client.post(
        CATEGORIES, headers=manager_headers, json={"key": "food_and_drink", "label": "Meals"}
    )

    theirs = client.get(CATEGORIES, headers=other_manager_headers).get_json()

    assert [item["key"] for item in theirs] == DEFAULT_KEYS
    assert {item["key"]: item["label"] for item in theirs}["food_and_drink"] != "Meals"
