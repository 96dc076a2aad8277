"""Delta sync: `updated_since` narrows a list to what changed after it (the body keeps the list's
shape) and the X-Sync header says what left the caller's list since, and when to start over."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.support.problems import assert_problem
from tests.support.visits import log_visit

MAY_DAY = "2023-05-01T10:00:00+01:00"
JUNE_DAY = "2023-06-05T10:00:00+01:00"


def moment() -> str:
    return datetime.now(UTC).isoformat()


def delta(client, path, headers, since: str):
    response = client.get(path, headers=headers, query_string={"updated_since": since})
    assert response.status_code == 200, response.get_json()
    return response.get_json(), json.loads(response.headers["X-Sync"])


@pytest.fixture
def visit(suite, manager, visitor, partner):
    return log_visit(suite, manager, [visitor, partner], MAY_DAY)


def test_a_delta_lists_only_what_changed_since_in_the_plain_shape(
    client, visit, suite, manager, visitor, partner, visitor_headers
):
    since = moment()
    later = log_visit(suite, manager, [visitor, partner], JUNE_DAY)

    items, state = delta(client, "/api/v1/visits", visitor_headers, since)

    assert [item["id"] for item in items] == [later.id]
    assert state["removed"] == [] and state["reset"] is False
    as_of = datetime.fromisoformat(state["as_of"])
    assert as_of.utcoffset() == timedelta(0)
    assert datetime.fromisoformat(since) - as_of < timedelta(seconds=10)


def test_a_visitor_taken_off_a_visit_is_told_it_left_their_list(
    client, suite, visitor, partner, third_visitor, visitor_headers, login
):
    draft = log_visit(suite, visitor, [visitor, partner], MAY_DAY, status="draft")
    since = moment()
    etag = client.get(f"/api/v1/visits/{draft.id}", headers=visitor_headers).headers["ETag"]
    changed = client.patch(
        f"/api/v1/visits/{draft.id}",
        json={"visitor_ids": [visitor.id, third_visitor.id]},
        headers={**visitor_headers, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.get_json()

    items, state = delta(client, "/api/v1/visits", login(partner), since)
    assert items == [] and state["removed"] == [draft.id]
    kept, state = delta(client, "/api/v1/visits", visitor_headers, since)
    assert [item["id"] for item in kept] == [draft.id] and state["removed"] == []


def test_a_withdrawn_plan_and_its_items_are_reported_removed(
    client, ctx, scheme, suite, manager, visitor, partner, manager_headers
):
    made = client.post(
        "/api/v1/plans",
        json={"site_ids": [suite.id], "from": "2030-04-01", "weeks": 2, "seed": 7},
        headers=manager_headers,
    )
    assert made.status_code == 201, made.get_json()
    plan = made.get_json()
    since = moment()
    client.delete(f"/api/v1/plans/{plan['id']}", headers=manager_headers)

    _, state = delta(client, "/api/v1/plans", manager_headers, since)

    assert state["removed"] == [str(plan["id"])]


def test_an_answered_issue_is_sent_again_not_removed(
    client, suite, manager, visitor, partner, inspector_headers, visitor_headers
):
    visit = log_visit(
        suite,
        manager,
        [visitor, partner],
        MAY_DAY,
        issues=[
            {
                "category": "food_and_drink",
                "description": "No hot drinks.",
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
    )
    since = moment()
    issue_id = visit.issues[0].id
    client.post(
        f"/api/v1/issues/{issue_id}/acknowledge",
        json={"response": "Hot drinks at every check."},
        headers=inspector_headers,
    )

    items, state = delta(client, "/api/v1/issues", visitor_headers, since)

    assert [(item["id"], item["status"]) for item in items] == [(issue_id, "acknowledged")]
    assert state["removed"] == []


def test_a_callers_own_change_of_sites_asks_for_a_reset(
    client, visit, inspector, second_suite, manager_headers, inspector_headers
):
    since = moment()
    person = client.get(f"/api/v1/people/{inspector.id}", headers=manager_headers)
    moved = client.patch(
        f"/api/v1/people/{inspector.id}",
        json={"site_ids": [second_suite.id]},
        headers={**manager_headers, "If-Match": person.headers["ETag"]},
    )
    assert moved.status_code == 200, moved.get_json()

    _, state = delta(client, "/api/v1/issues", login_again(client, inspector), since)

    assert state["reset"] is True


def login_again(client, person) -> dict:
    from tests.support.app import PASSWORD

    token = client.post(
        "/api/v1/auth/login", json={"email": person.email, "password": PASSWORD}
    ).get_json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/issues", "/api/v1/claims", "/api/v1/notifications", "/api/v1/sites", "/api/v1/plans"],
)
def test_a_naive_updated_since_is_refused(client, manager_headers, path):
    response = client.get(
        path, headers=manager_headers, query_string={"updated_since": "2024-09-03T18:20:00"}
    )
    assert_problem(response, 422, "updated_since")


def test_a_read_notice_is_sent_again(client, visit, inspector, suite, manager, visitor, partner):
    headers = login_again(client, inspector)
    log_visit(
        suite,
        manager,
        [visitor, partner],
        JUNE_DAY,
        issues=[
            {
                "category": "hygiene",
                "description": "No soap.",
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
    )
    since = moment()
    client.post("/api/v1/notifications", json={}, headers=headers)

    items, _ = delta(client, "/api/v1/notifications", headers, since)

    assert len(items) == 1 and items[0]["read_at"] is not None
