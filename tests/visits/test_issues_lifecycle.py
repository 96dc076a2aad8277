"""The lifecycle of an issue raised at a visit: an inspector or the manager acknowledges and
resolves it with a response; the manager reopens it with a reason (an issue resolved during the
visit too) and may recategorise it; illegal moves are 409s, a missing response or reason a 422;
an issue of a draft visit cannot be answered; and a refused request writes nothing.
"""

import pytest

from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.issue_bodies import ACK, FIXED, ISSUES, listed, stored

# The lifecycle -------------------------------------------------------------------------------


def test_an_inspector_acknowledges_an_open_issue_with_a_response(
    act, inspector, inspector_headers, open_id
):
    response = act(inspector_headers, open_id, "acknowledge", response=ACK)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "acknowledged"
    assert body["response"] == ACK
    assert body["acknowledged_at"] is not None
    assert body["resolved_at"] is None
    event = body["events"][-1]
    assert event["action"] == "acknowledge"
    assert event["actor_id"] == inspector.id
    assert (event["from_status"], event["to_status"]) == ("open", "acknowledged")
    assert event["text"] == ACK
    assert event["at"] is not None


def test_an_inspector_resolves_an_acknowledged_issue(act, inspector, inspector_headers, open_id):
    acknowledged = act(inspector_headers, open_id, "acknowledge", response=ACK).get_json()

    response = act(inspector_headers, open_id, "resolve", response=FIXED)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "resolved"
    assert body["response"] == FIXED
    assert body["resolved_at"] is not None
    assert body["acknowledged_at"] == acknowledged["acknowledged_at"]
    assert [(e["action"], e["from_status"], e["to_status"], e["text"]) for e in body["events"]] == [
        ("acknowledge", "open", "acknowledged", ACK),
        ("resolve", "acknowledged", "resolved", FIXED),
    ]
    assert {e["actor_id"] for e in body["events"]} == {inspector.id}


def test_an_open_issue_may_be_resolved_without_being_acknowledged_first(
    act, inspector_headers, open_id
):
    response = act(inspector_headers, open_id, "resolve", response=FIXED)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "resolved"
    assert body["response"] == FIXED
    assert [(e["action"], e["from_status"], e["to_status"]) for e in body["events"]] == [
        ("resolve", "open", "resolved")
    ]


def test_the_manager_may_acknowledge_and_resolve_too(
    act, manager, manager_headers, open_id, second_open_id
):
    acknowledged = act(manager_headers, open_id, "acknowledge", response=ACK)
    resolved = act(manager_headers, second_open_id, "resolve", response=FIXED)

    assert acknowledged.status_code == 200, acknowledged.get_json()
    assert acknowledged.get_json()["status"] == "acknowledged"
    assert acknowledged.get_json()["events"][-1]["actor_id"] == manager.id
    assert resolved.status_code == 200, resolved.get_json()
    assert resolved.get_json()["status"] == "resolved"
    assert resolved.get_json()["events"][-1]["actor_id"] == manager.id


@pytest.mark.parametrize(
    "setup, action, expected_status",
    [
        pytest.param("resolve", "acknowledge", "resolved", id="acknowledge-a-resolved-issue"),
        pytest.param("resolve", "resolve", "resolved", id="resolve-a-resolved-issue"),
        pytest.param("acknowledge", "acknowledge", "acknowledged", id="acknowledge-twice"),
    ],
)
def test_an_illegal_transition_is_a_conflict(
    act, inspector_headers, open_id, setup, action, expected_status
):
    assert act(inspector_headers, open_id, setup, response=ACK).status_code == 200
    events = count_rows("issue_event")

    response = act(inspector_headers, open_id, action, response=FIXED)

    body = assert_problem(response, 409, "status")
    assert expected_status in body["detail"]
    assert count_rows("issue_event") == events
    assert stored(open_id).status == expected_status


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_an_issue_resolved_during_the_visit_cannot_be_answered(
    act, inspector_headers, at_source_id, action
):
    response = act(inspector_headers, at_source_id, action, response=ACK)

    assert_problem(response, 409, "status")
    assert stored(at_source_id).status == "resolved_during_visit"
    assert count_rows("issue_event") == 0


def test_the_manager_reopens_a_resolved_issue_with_a_reason(
    act, manager, manager_headers, inspector_headers, open_id
):
    act(inspector_headers, open_id, "resolve", response=FIXED)

    response = act(manager_headers, open_id, "reopen", reason="The detainee says nothing came.")

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "open"
    assert body["resolved_at"] is None
    event = body["events"][-1]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "reopen",
        "resolved",
        "open",
    )
    assert event["text"] == "The detainee says nothing came."
    assert event["actor_id"] == manager.id


def test_a_reopened_issue_can_be_answered_again(act, manager_headers, inspector_headers, open_id):
    act(inspector_headers, open_id, "resolve", response=FIXED)
    act(manager_headers, open_id, "reopen", reason="Not done after all.")

    response = act(inspector_headers, open_id, "acknowledge", response=ACK)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "acknowledged"
    assert [e["action"] for e in response.get_json()["events"]] == [
        "resolve",
        "reopen",
        "acknowledge",
    ]


def test_reopening_an_open_issue_is_a_conflict(act, manager_headers, open_id):
    response = act(manager_headers, open_id, "reopen", reason="Just in case.")

    assert_problem(response, 409, "status")
    assert count_rows("issue_event") == 0


def test_an_issue_resolved_during_the_visit_may_be_reopened(act, manager_headers, at_source_id):
    response = act(manager_headers, at_source_id, "reopen", reason="Cell 4 still had none.")

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "open"
    assert [(e["action"], e["from_status"], e["to_status"]) for e in body["events"]] == [
        ("reopen", "resolved_during_visit", "open")
    ]


# Recategorising ------------------------------------------------------------------------------


def test_reopening_with_a_new_category_recategorises_the_issue(
    act, manager, manager_headers, inspector_headers, open_id
):
    act(inspector_headers, open_id, "resolve", response=FIXED)

    response = act(
        manager_headers,
        open_id,
        "reopen",
        reason="It was about his diabetes, not the menu.",
        category="healthcare",
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "open"
    assert body["category"] == "healthcare"
    actions = [e["action"] for e in body["events"]]
    assert actions == ["resolve", "recategorise", "reopen"]
    recategorised = body["events"][1]
    assert recategorised["actor_id"] == manager.id
    assert "food_and_drink" in recategorised["text"]
    assert "healthcare" in recategorised["text"]
    assert body["events"][2]["text"] == "It was about his diabetes, not the menu."


def test_the_manager_recategorises_an_issue(client, manager, manager_headers, open_id):
    response = client.patch(
        f"{ISSUES}/{open_id}", headers=manager_headers, json={"category": "healthcare"}
    )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["category"] == "healthcare"
    assert body["status"] == "open"
    event = body["events"][-1]
    assert event["action"] == "recategorise"
    assert event["actor_id"] == manager.id
    assert (event["from_status"], event["to_status"]) == ("open", "open")
    assert stored(open_id).category == "healthcare"


def test_recategorising_to_an_unknown_category_is_refused(client, manager_headers, open_id):
    response = client.patch(
        f"{ISSUES}/{open_id}", headers=manager_headers, json={"category": "weather"}
    )

    assert_problem(response, 422, "category")
    assert stored(open_id).category == "food_and_drink"
    assert count_rows("issue_event") == 0


def test_reopening_into_an_unknown_category_is_refused(
    act, manager_headers, inspector_headers, open_id
):
    act(inspector_headers, open_id, "resolve", response=FIXED)
    events = count_rows("issue_event")

    response = act(manager_headers, open_id, "reopen", reason="Wrong theme.", category="weather")

    assert_problem(response, 422, "category")
    issue = stored(open_id)
    assert (issue.status, issue.category) == ("resolved", "food_and_drink")
    assert count_rows("issue_event") == events


# What an answer needs ------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
@pytest.mark.parametrize(
    "body", [{"response": "   "}, {"response": ""}, {}], ids=["blank", "empty", "missing"]
)
def test_an_answer_needs_a_response(act, inspector_headers, open_id, action, body):
    response = act(inspector_headers, open_id, action, **body)

    assert_problem(response, 422, "response")
    assert stored(open_id).status == "open"


@pytest.mark.parametrize("body", [{}, {"reason": "  "}], ids=["missing", "blank"])
def test_a_reopen_needs_a_reason(act, manager_headers, inspector_headers, open_id, body):
    act(inspector_headers, open_id, "resolve", response=FIXED)

    response = act(manager_headers, open_id, "reopen", **body)

    assert_problem(response, 422, "reason")
    assert stored(open_id).status == "resolved"


def test_an_answer_may_not_set_server_owned_fields(act, inspector_headers, open_id):
    response = act(inspector_headers, open_id, "acknowledge", response=ACK, status="resolved")

    assert_problem(response, 422, "status")
    assert stored(open_id).status == "open"


def test_an_issue_of_a_draft_visit_cannot_be_acknowledged(act, manager_headers, draft_issue_id):
    response = act(manager_headers, draft_issue_id, "acknowledge", response=ACK)

    assert_problem(response, 409)
    assert stored(draft_issue_id).status == "open"
    assert count_rows("issue_event") == 0


def test_an_issue_of_a_draft_visit_is_invisible_to_the_inspector(
    client, act, inspector_headers, draft_issue_id
):
    assert_problem(client.get(f"{ISSUES}/{draft_issue_id}", headers=inspector_headers), 404)
    assert_problem(act(inspector_headers, draft_issue_id, "acknowledge", response=ACK), 404)
    assert draft_issue_id not in listed(client.get(ISSUES, headers=inspector_headers))


# A refused request writes nothing ------------------------------------------------------------


@pytest.mark.parametrize(
    "who, method, path, body, status",
    [
        pytest.param(
            "inspector", "post", "acknowledge", {"response": ACK}, 409, id="409-illegal-move"
        ),
        pytest.param(
            "manager",
            "post",
            "reopen",
            {"reason": "Again", "category": "healthcare"},
            409,
            id="409-reopen-open-with-new-category",
        ),
        pytest.param("inspector", "post", "resolve", {"response": " "}, 422, id="422-blank"),
        pytest.param("manager", "patch", "", {"category": "weather"}, 422, id="422-category"),
        pytest.param("visitor", "post", "resolve", {"response": FIXED}, 403, id="403-visitor"),
        pytest.param("inspector", "post", "reopen", {"reason": "Again"}, 403, id="403-inspector"),
    ],
)
def test_a_refused_request_writes_nothing(
    client, login, request, act, inspector_headers, open_id, who, method, path, body, status
):
    act(inspector_headers, open_id, "acknowledge", response=ACK)
    if status == 409 and path == "reopen":
        act(login(request.getfixturevalue("manager")), open_id, "reopen", reason="Reopened.")
    before = stored(open_id)
    snapshot = (before.status, before.category, before.response, before.version)
    events, notifications = count_rows("issue_event"), count_rows("notification")
    url = f"{ISSUES}/{open_id}/{path}".rstrip("/")

    response = getattr(client, method)(url, headers=login(request.getfixturevalue(who)), json=body)

    assert_problem(response, status)
    after = stored(open_id)
    assert (after.status, after.category, after.response, after.version) == snapshot
    assert count_rows("issue_event") == events
    assert count_rows("notification") == notifications
