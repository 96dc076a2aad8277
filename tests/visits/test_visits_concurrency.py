"""Races that only a real concurrent database shows: run on PostgreSQL (SQLite has one writer).

Each thread uses its own test client, so each request has its own connection and transaction.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.records import count_rows

pytestmark = pytest.mark.usefixtures("require_postgres")


@pytest.fixture
def require_postgres(is_postgres):
    if not is_postgres:
        pytest.skip("races are tested on PostgreSQL; SQLite allows one writer at a time")


def visit_body(suite, *visitors, **fields) -> dict:
    return {
        "site_id": suite.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": "2026-03-10T10:00:00+00:00",
        "admitted_at": "2026-03-10T10:02:00+00:00",
        "detainees": [
            {"ref": f"CU{number:03}", "outcome": "seen" if number % 2 else "asleep_observed"}
            for number in range(10)
        ],
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered",
                "raised_by": "detainee",
                "detainee_ref": "CU001",
                "resolved_during_visit": False,
            }
        ],
        **fields,
    }


def run_together(app, requests: list) -> list:
    """Runs each `request(client)` in its own thread, all released at once."""
    barrier = threading.Barrier(len(requests))

    def run(request):
        client = app.test_client()
        barrier.wait()
        return request(client)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(run, requests))


def test_twenty_identical_creates_at_once_make_exactly_one_visit(
    app, client, login, suite, visitor, partner
):
    headers = login(visitor)
    body = visit_body(suite, visitor, partner, id=str(uuid.uuid4()))

    responses = run_together(
        app, [lambda c: c.post("/api/v1/visits", json=body, headers=headers)] * 20
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 19 + [201]
    assert {response.get_json()["id"] for response in responses} == {body["id"]}
    assert count_rows("visit") == 1
    assert count_rows("detainee_entry") == 10
    assert count_rows("issue") == 1


def test_two_concurrent_edits_of_one_version_give_exactly_one_412(
    app, client, login, suite, visitor, partner
):
    headers = login(visitor)
    created = client.post(
        "/api/v1/visits", json=visit_body(suite, visitor, partner), headers=headers
    )
    url = f"/api/v1/visits/{created.get_json()['id']}"
    stale = {**headers, "If-Match": created.headers["ETag"]}

    responses = run_together(
        app,
        [
            lambda c: c.patch(url, json={"notes": "first phone"}, headers=stale),
            lambda c: c.patch(url, json={"notes": "second phone"}, headers=stale),
        ],
    )

    assert sorted(response.status_code for response in responses) == [200, 412]
    winner = next(response for response in responses if response.status_code == 200)
    assert client.get(url, headers=headers).get_json()["notes"] == winner.get_json()["notes"]
