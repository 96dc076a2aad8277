"""The scheme's checklists: defaults everyone reads, items the manager adds, relabels and
retires; a retired item keeps its meaning on the visits that used it."""

from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.visit_bodies import VISITS, custody_visit

CHECKLISTS = "/api/v1/checklists"


def test_everyone_reads_the_three_checklists_with_the_defaults(client, visitor_headers):
    body = client.get(CHECKLISTS, headers=visitor_headers).get_json()

    assert set(body) == {"suite", "detainee", "dog"}
    suite_keys = [item["key"] for item in body["suite"]]
    assert "call_bells_working" in suite_keys and "cells_clean" in suite_keys
    assert "custody_record_checked" in [item["key"] for item in body["detainee"]]


def test_the_manager_adds_an_item_that_visits_may_then_answer(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    added = client.post(
        f"{CHECKLISTS}/suite/items",
        headers=manager_headers,
        json={"key": "hearing_loop", "label": "Hearing loop at the desk"},
    )
    body = custody_visit(suite, visitor, partner, checks={"hearing_loop": {"result": "ok"}})

    assert added.status_code == 201
    assert client.post(VISITS, headers=visitor_headers, json=body).status_code == 201


def test_an_item_already_on_the_checklist_is_a_conflict(client, manager_headers):
    response = client.post(
        f"{CHECKLISTS}/suite/items",
        headers=manager_headers,
        json={"key": "cells_clean", "label": "Cells clean"},
    )

    assert_problem(response, 409, "key")


def test_a_retired_item_is_refused_on_a_new_visit(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    client.patch(
        f"{CHECKLISTS}/suite/items/cctv_working", headers=manager_headers, json={"active": False}
    )
    body = custody_visit(suite, visitor, partner, checks={"cctv_working": {"result": "ok"}})

    assert_problem(
        client.post(VISITS, headers=visitor_headers, json=body), 422, "checks.cctv_working"
    )


def test_a_retired_item_stays_on_the_visits_that_used_it(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    body = custody_visit(
        suite, visitor, partner, status="draft", checks={"cctv_working": {"result": "ok"}}
    )
    visit = client.post(VISITS, headers=visitor_headers, json=body)
    client.patch(
        f"{CHECKLISTS}/suite/items/cctv_working", headers=manager_headers, json={"active": False}
    )

    edited = client.patch(
        f"{VISITS}/{visit.get_json()['id']}",
        headers={**visitor_headers, "If-Match": visit.headers["ETag"]},
        json={
            "notes": "Busy night",
            "checks": {"cctv_working": {"result": "concern", "note": "Off"}},
        },
    )

    assert edited.status_code == 200, edited.get_json()
    listed = client.get(CHECKLISTS, headers=visitor_headers).get_json()["suite"]
    assert {"key": "cctv_working", "label": "CCTV working", "active": False} in listed


def test_an_unknown_checklist_is_not_found(client, manager_headers):
    response = client.post(
        f"{CHECKLISTS}/kitchen/items", headers=manager_headers, json={"key": "a", "label": "A"}
    )

    assert_problem(response, 404)


def test_relabelling_an_unknown_item_is_not_found(client, manager_headers):
    response = client.patch(
        f"{CHECKLISTS}/suite/items/no_such_item", headers=manager_headers, json={"label": "X"}
    )

    assert_problem(response, 404)


def test_only_managers_change_checklists(client, visitor_headers):
    response = client.post(
        f"{CHECKLISTS}/suite/items", headers=visitor_headers, json={"key": "a", "label": "A"}
    )

    assert_problem(response, 403)


def test_a_change_that_says_nothing_is_refused_and_writes_nothing(client, manager_headers):
    before = count_rows("checklist_item"), count_rows("audit_event")

    response = client.patch(
        f"{CHECKLISTS}/suite/items/cells_clean", headers=manager_headers, json={}
    )

    assert_problem(response, 422, "label")
    assert (count_rows("checklist_item"), count_rows("audit_event")) == before
