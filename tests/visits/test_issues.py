"""Issues raised at visits: the lifecycle, overdue, filters, categories, themes and access.

Visits are recorded through the API, as a pair's phone would. Unless a test is about the
financial year, visits happen on Tuesday 10 March 2026 (GMT, so UTC and local time agree).
Times the API sets to "now" (raised, acknowledged, resolved) are moved in the database where a
test needs them at a known instant.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest

from icv.common.database import db
from icv.models import Issue, Scheme, utcnow
from tests.support.problems import assert_problem
from tests.support.records import count_rows

VISITS = "/api/v1/visits"
ISSUES = "/api/v1/issues"
SUMMARY = "/api/v1/issues/summary"
CATEGORIES = "/api/v1/issue-categories"
MARCH_10 = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)

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


# Builders ------------------------------------------------------------------------------------


def raised(
    category: str = "food_and_drink",
    description: str = "No hot drink offered since arrest",
    *,
    resolved: bool = False,
    by: str = "detainee",
) -> dict:
    """One issue as a visit's body carries it; a detainee's issue names detainee C1."""
    item = {
        "category": category,
        "description": description,
        "raised_by": by,
        "resolved_during_visit": resolved,
    }
    if by == "detainee":
        item["detainee_ref"] = "C1"
    return item


def custody_visit(site, *visitors, issues=(), arrived: datetime = MARCH_10, **fields) -> dict:
    """A complete custody-suite visit by `visitors`, admitted at once, with two detainees."""
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=3)).isoformat(),
        "departed_at": (arrived + timedelta(minutes=90)).isoformat(),
        "detainees": [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "refused", "reason": "Wanted to sleep"},
        ],
        "issues": list(issues),
        "checks": {"cells_clean": True, "food_in_date": True},
        **fields,
    }


def ids_of(visit: dict) -> list[int]:
    return [item["id"] for item in visit["issues"]]


def listed(response) -> list[int]:
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()]


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


def stored(issue_id: int) -> Issue:
    """The issue as the database now holds it (not as this session last saw it)."""
    db.session.expire_all()
    return db.session.get(Issue, issue_id)


def set_issue(issue_id: int, **values) -> None:
    """Moves an issue's times or status directly in the database, as if time had passed."""
    issue = stored(issue_id)
    for name, value in values.items():
        setattr(issue, name, value)
    db.session.commit()


# Fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def visit(record, suite, visitor, partner, visitor_headers):
    """A submitted visit to Central Suite: two open issues and one resolved during the visit."""
    return record(
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            issues=[
                raised("food_and_drink", "No hot drink offered since arrest"),
                raised("healthcare", "Medication not given on time", by="visitor"),
                raised("hygiene", "No toilet paper in cell 4", resolved=True, by="visitor"),
            ],
            status="submitted",
        ),
    )


@pytest.fixture
def open_id(visit) -> int:
    return ids_of(visit)[0]


@pytest.fixture
def second_open_id(visit) -> int:
    return ids_of(visit)[1]


@pytest.fixture
def at_source_id(visit) -> int:
    """The issue resolved during the visit."""
    return ids_of(visit)[2]


@pytest.fixture
def harbour_issue_id(record, second_suite, visitor, partner, visitor_headers) -> int:
    """An open issue from a submitted visit to Harbour Suite by the same pair."""
    harbour = record(
        visitor_headers,
        custody_visit(
            second_suite,
            visitor,
            partner,
            issues=[raised("legal_rights", "Not told of the right to a solicitor")],
            status="submitted",
        ),
    )
    return ids_of(harbour)[0]


@pytest.fixture
def other_pair_issue_id(login, record, suite, third_visitor, fourth_visitor) -> int:
    """An open issue at Central Suite from a visit `visitor` took no part in."""
    theirs = record(
        login(third_visitor),
        custody_visit(
            suite,
            third_visitor,
            fourth_visitor,
            issues=[raised("clothing_and_bedding", "No blanket in cell 2", by="visitor")],
            status="submitted",
        ),
    )
    return ids_of(theirs)[0]


@pytest.fixture
def draft_issue_id(record, suite, visitor, partner, visitor_headers) -> int:
    """An open issue of a visit still in draft."""
    draft = record(
        visitor_headers,
        custody_visit(suite, visitor, partner, issues=[raised("exercise", "No exercise yard")]),
    )
    assert draft["status"] == "draft"
    return ids_of(draft)[0]


@pytest.fixture
def act(client):
    """`act(headers, issue_id, action, **body)` -> the response to POST /issues/{id}/{action}."""

    def post(headers: dict, issue_id: int, action: str, **body):
        return client.post(f"{ISSUES}/{issue_id}/{action}", headers=headers, json=body)

    return post


ACK = "Seen by the custody sergeant: hot drinks are now offered every two hours."
FIXED = "The detainee was given a hot drink and a meal at 11:40."


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


# Overdue -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "age, overdue",
    [
        pytest.param(timedelta(days=7) - timedelta(minutes=1), False, id="a-minute-before"),
        pytest.param(timedelta(days=7) + timedelta(minutes=1), True, id="a-minute-after"),
    ],
)
def test_an_open_issue_is_overdue_once_the_default_seven_days_pass(
    client, manager_headers, open_id, second_open_id, age, overdue
):
    set_issue(open_id, raised_at=utcnow() - age)
    set_issue(second_open_id, raised_at=utcnow())

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )
    timely_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "false"})
    )

    assert single["overdue"] is overdue
    assert (open_id in overdue_list) is overdue
    assert (open_id in timely_list) is not overdue
    assert second_open_id not in overdue_list


def test_an_acknowledged_issue_is_never_overdue(
    client, act, inspector_headers, manager_headers, open_id
):
    act(inspector_headers, open_id, "acknowledge", response=ACK)
    set_issue(open_id, raised_at=utcnow() - timedelta(days=30))

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )

    assert single["status"] == "acknowledged"
    assert single["overdue"] is False
    assert open_id not in overdue_list


def test_an_issue_resolved_during_the_visit_is_never_overdue(client, manager_headers, at_source_id):
    set_issue(at_source_id, raised_at=utcnow() - timedelta(days=30))

    single = client.get(f"{ISSUES}/{at_source_id}", headers=manager_headers).get_json()

    assert single["overdue"] is False


@pytest.mark.parametrize(
    "age, overdue",
    [
        pytest.param(timedelta(days=3) - timedelta(minutes=1), False, id="a-minute-before"),
        pytest.param(timedelta(days=3) + timedelta(minutes=1), True, id="a-minute-after"),
    ],
)
def test_the_scheme_sets_its_own_days_to_acknowledge(
    client, scheme, manager_headers, open_id, age, overdue
):
    db.session.get(Scheme, scheme.id).acknowledge_days = 3
    db.session.commit()
    set_issue(open_id, raised_at=utcnow() - age)

    single = client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()
    overdue_list = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"overdue": "true"})
    )

    assert single["overdue"] is overdue
    assert (open_id in overdue_list) is overdue


# Filters -------------------------------------------------------------------------------------


def test_issues_filter_by_site(
    client, manager_headers, suite, second_suite, visit, harbour_issue_id
):
    central = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"site_id": suite.id})
    )
    harbour = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"site_id": second_suite.id})
    )

    assert sorted(central) == sorted(ids_of(visit))
    assert harbour == [harbour_issue_id]


def test_issues_filter_by_status(
    client, act, manager_headers, inspector_headers, open_id, second_open_id, at_source_id
):
    act(inspector_headers, open_id, "acknowledge", response=ACK)

    def by(status):
        return listed(client.get(ISSUES, headers=manager_headers, query_string={"status": status}))

    assert by("acknowledged") == [open_id]
    assert by("open") == [second_open_id]
    assert by("resolved_during_visit") == [at_source_id]
    assert by("resolved") == []


def test_an_unknown_status_filter_is_refused(client, manager_headers, visit):
    response = client.get(ISSUES, headers=manager_headers, query_string={"status": "lost"})

    assert_problem(response, 422, "status")


def test_issues_filter_by_category(client, manager_headers, second_open_id, harbour_issue_id):
    healthcare = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"category": "healthcare"})
    )
    legal = listed(
        client.get(ISSUES, headers=manager_headers, query_string={"category": "legal_rights"})
    )

    assert healthcare == [second_open_id]
    assert legal == [harbour_issue_id]


def test_issues_filter_by_financial_year_of_the_visit_in_local_time(
    client, record, suite, visitor, partner, visitor_headers, manager_headers
):
    # 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April: the first hour of 2024/25.
    first_hour = record(
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            issues=[raised()],
            arrived=datetime(2024, 3, 31, 23, 30, tzinfo=UTC),
            status="submitted",
        ),
    )
    # 22:30 UTC on 31 March 2024 is 23:30 BST on 31 March: the last hour of 2023/24.
    last_hour = record(
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            issues=[raised()],
            arrived=datetime(2024, 3, 31, 22, 30, tzinfo=UTC),
            status="submitted",
        ),
    )

    def in_year(year):
        return listed(client.get(ISSUES, headers=manager_headers, query_string={"year": year}))

    assert in_year(2024) == ids_of(first_hour)
    assert in_year(2023) == ids_of(last_hour)
    assert in_year(2025) == []


def test_issue_filters_combine(
    client, manager_headers, suite, open_id, second_open_id, harbour_issue_id
):
    response = client.get(
        ISSUES,
        headers=manager_headers,
        query_string={"site_id": suite.id, "status": "open", "category": "food_and_drink"},
    )

    assert listed(response) == [open_id]


def test_the_issue_list_is_paginated(client, manager_headers, visit, harbour_issue_id):
    first = client.get(ISSUES, headers=manager_headers, query_string={"page_size": 3})
    second = client.get(ISSUES, headers=manager_headers, query_string={"page_size": 3, "page": 2})

    assert len(listed(first)) == 3
    assert len(listed(second)) == 1
    header = pagination(first)
    assert (header["total"], header["total_pages"], header["page"], header["page_size"]) == (
        4,
        2,
        1,
        3,
    )
    assert set(listed(first)) | set(listed(second)) == {*ids_of(visit), harbour_issue_id}


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


# Themes: the summary -------------------------------------------------------------------------

T0 = datetime(2024, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def themes(record, login, manager, suite, second_suite, visitor, partner, manager_headers) -> dict:
    """A known year 2024/25 of submitted visits, plus visits that must not count.

    In the year (local time): Central Suite on 1 April (00:30 BST) and on 1 July (00:30 BST),
    Harbour Suite in November and at 23:30 BST on 31 March 2025. Outside it: Central Suite at
    23:30 BST on 31 March 2024 and Harbour Suite at 00:30 BST on 1 April 2025; a draft in the
    year counts for nothing.
    """

    def visit_at(site, arrived, issues, status="submitted"):
        return ids_of(
            record(
                manager_headers,
                custody_visit(
                    site, visitor, partner, issues=issues, arrived=arrived, status=status
                ),
            )
        )

    april = visit_at(
        suite,
        datetime(2024, 3, 31, 23, 30, tzinfo=UTC),
        [
            raised("food_and_drink"),
            raised("food_and_drink", "Cold meal", resolved=True),
            raised("healthcare", "Nurse not called"),
        ],
    )
    july = visit_at(
        suite,
        datetime(2024, 6, 30, 23, 30, tzinfo=UTC),
        [raised("food_and_drink"), raised("legal_rights", "No PACE codes", resolved=True)],
    )
    november = visit_at(
        second_suite,
        datetime(2024, 11, 12, 10, 0, tzinfo=UTC),
        [raised("healthcare", "Medication late"), raised("food_and_drink", "No water")],
    )
    march = visit_at(
        second_suite,
        datetime(2025, 3, 31, 22, 30, tzinfo=UTC),
        [raised("hygiene", "No shower offered"), raised("other", "Cell too cold")],
    )
    visit_at(suite, datetime(2024, 3, 31, 22, 30, tzinfo=UTC), [raised("custody_record")])
    visit_at(second_suite, datetime(2025, 3, 31, 23, 30, tzinfo=UTC), [raised("custody_record")])
    visit_at(
        suite,
        datetime(2024, 9, 3, 10, 0, tzinfo=UTC),
        [raised("staff_conduct"), raised("staff_conduct"), raised("staff_conduct")],
        status="draft",
    )

    # Known gaps: acknowledged after 1, 2 and 4 days; resolved after 3 and 8 days.
    set_issue(
        april[0],
        status="resolved",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=1),
        resolved_at=T0 + timedelta(days=3),
    )
    set_issue(
        july[0],
        status="resolved",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=2),
        resolved_at=T0 + timedelta(days=8),
    )
    set_issue(
        november[0],
        status="acknowledged",
        raised_at=T0,
        acknowledged_at=T0 + timedelta(days=4),
    )
    return {"april": april, "july": july, "november": november, "march": march}


@pytest.fixture
def summary(client, manager_headers, themes) -> dict:
    response = client.get(SUMMARY, headers=manager_headers, query_string={"year": 2024})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_summary_names_its_year(summary):
    assert (summary["year"], summary["label"]) == (2024, "2024/25")


def test_the_summary_counts_only_submitted_visits_in_the_year(summary):
    assert summary["total"] == 9


def test_the_summary_counts_by_category_most_first(summary):
    assert [(item["category"], item["count"]) for item in summary["by_category"]] == [
        ("food_and_drink", 4),
        ("healthcare", 2),
        ("hygiene", 1),
        ("legal_rights", 1),
        ("other", 1),
    ]


def test_the_summary_does_not_count_draft_visits(summary):
    assert "staff_conduct" not in [item["category"] for item in summary["by_category"]]


def test_the_summary_counts_by_quarter_in_local_time(summary):
    assert summary["by_quarter"] == [
        {"quarter": 1, "count": 3},
        {"quarter": 2, "count": 2},
        {"quarter": 3, "count": 2},
        {"quarter": 4, "count": 2},
    ]


def test_the_summary_counts_by_site(summary, suite, second_suite):
    assert [(item["site_id"], item["count"]) for item in summary["by_site"]] == sorted(
        [(suite.id, 5), (second_suite.id, 4)]
    )
    names = {item["site_id"]: item["name"] for item in summary["by_site"]}
    assert names == {suite.id: "Central Suite", second_suite.id: "Harbour Suite"}


def test_the_summary_names_the_top_categories(summary):
    assert summary["top_categories"][:2] == ["food_and_drink", "healthcare"]


def test_the_summary_gives_the_share_resolved_during_the_visit(summary):
    assert summary["resolved_during_visit"] == 2
    assert summary["resolved_during_visit_percent"] == 22.2  # 2 of 9


def test_the_summary_gives_the_median_days_to_acknowledge(summary):
    assert summary["median_days_to_acknowledge"] == 2.0  # of 1, 2 and 4


def test_the_summary_median_of_an_even_count_averages_the_middle_two(summary):
    assert summary["median_days_to_resolve"] == 5.5  # of 3 and 8


def test_the_summary_of_a_year_without_issues(client, manager_headers, themes):
    response = client.get(SUMMARY, headers=manager_headers, query_string={"year": 2021})

    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 0
    assert body["by_category"] == []
    assert [item["count"] for item in body["by_quarter"]] == [0, 0, 0, 0]
    assert body["median_days_to_acknowledge"] is None


@pytest.mark.parametrize("query", [{}, {"year": "last"}], ids=["missing", "not-a-number"])
def test_the_summary_needs_a_year(client, manager_headers, query):
    response = client.get(SUMMARY, headers=manager_headers, query_string=query)

    assert_problem(response, 422, "year")


# Access --------------------------------------------------------------------------------------


def test_an_inspector_lists_only_issues_at_their_sites(
    client, inspector_headers, visit, harbour_issue_id
):
    seen = listed(client.get(ISSUES, headers=inspector_headers))

    assert sorted(seen) == sorted(ids_of(visit))
    assert harbour_issue_id not in seen


def test_an_inspector_cannot_see_another_sites_issue(client, inspector_headers, harbour_issue_id):
    assert_problem(client.get(f"{ISSUES}/{harbour_issue_id}", headers=inspector_headers), 404)


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_an_inspector_cannot_answer_another_sites_issue(
    act, inspector_headers, harbour_issue_id, action
):
    response = act(inspector_headers, harbour_issue_id, action, response=ACK)

    assert_problem(response, 404)
    assert stored(harbour_issue_id).status == "open"


def test_the_inspector_of_that_site_may_answer_it(act, login, harbour_inspector, harbour_issue_id):
    response = act(login(harbour_inspector), harbour_issue_id, "acknowledge", response=ACK)

    assert response.status_code == 200, response.get_json()


def test_a_visitor_reads_the_issues_of_their_visits(client, visitor_headers, visit, open_id):
    single = client.get(f"{ISSUES}/{open_id}", headers=visitor_headers)
    everything = listed(client.get(ISSUES, headers=visitor_headers))

    assert single.status_code == 200
    assert single.get_json()["status"] == "open"
    assert sorted(everything) == sorted(ids_of(visit))


def test_a_visitor_reads_the_response_once_the_issue_is_answered(
    client, act, login, partner, inspector_headers, open_id
):
    act(inspector_headers, open_id, "resolve", response=FIXED)

    response = client.get(f"{ISSUES}/{open_id}", headers=login(partner))

    assert response.status_code == 200
    assert response.get_json()["status"] == "resolved"
    assert response.get_json()["response"] == FIXED


def test_a_visitor_cannot_see_another_pairs_issue(
    client, visitor_headers, open_id, other_pair_issue_id
):
    assert_problem(client.get(f"{ISSUES}/{other_pair_issue_id}", headers=visitor_headers), 404)
    assert other_pair_issue_id not in listed(client.get(ISSUES, headers=visitor_headers))


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "acknowledge", {"response": ACK}),
        ("post", "resolve", {"response": FIXED}),
        ("post", "reopen", {"reason": "Why not"}),
        ("patch", "", {"category": "healthcare"}),
    ],
    ids=["acknowledge", "resolve", "reopen", "recategorise"],
)
def test_a_visitor_may_not_act_on_an_issue(client, visitor_headers, open_id, method, path, body):
    url = f"{ISSUES}/{open_id}/{path}".rstrip("/")

    response = getattr(client, method)(url, headers=visitor_headers, json=body)

    assert_problem(response, 403)
    issue = stored(open_id)
    assert (issue.status, issue.category) == ("open", "food_and_drink")
    assert count_rows("issue_event") == 0


def test_a_viewer_may_not_read_issues(client, viewer_headers, open_id):
    assert_problem(client.get(ISSUES, headers=viewer_headers), 403)
    assert_problem(client.get(f"{ISSUES}/{open_id}", headers=viewer_headers), 403)


def test_a_viewer_reads_the_summary(client, viewer_headers, visit):
    response = client.get(SUMMARY, headers=viewer_headers, query_string={"year": 2025})

    assert response.status_code == 200
    assert response.get_json()["total"] == 3


@pytest.mark.parametrize("role", ["inspector", "visitor"])
def test_inspectors_and_visitors_may_not_read_the_summary(client, login, request, visit, role):
    response = client.get(
        SUMMARY, headers=login(request.getfixturevalue(role)), query_string={"year": 2025}
    )

    assert_problem(response, 403)


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "reopen", {"reason": "Not done"}),
        ("patch", "", {"category": "healthcare"}),
    ],
    ids=["reopen", "recategorise"],
)
def test_an_inspector_may_not_reopen_or_recategorise(
    client, act, inspector_headers, open_id, method, path, body
):
    act(inspector_headers, open_id, "resolve", response=FIXED)
    events = count_rows("issue_event")
    url = f"{ISSUES}/{open_id}/{path}".rstrip("/")

    response = getattr(client, method)(url, headers=inspector_headers, json=body)

    assert_problem(response, 403)
    assert count_rows("issue_event") == events
    issue = stored(open_id)
    assert (issue.status, issue.category) == ("resolved", "food_and_drink")


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "", None),
        ("post", "acknowledge", {"response": ACK}),
        ("post", "resolve", {"response": FIXED}),
        ("post", "reopen", {"reason": "Not done"}),
        ("patch", "", {"category": "healthcare"}),
    ],
    ids=["get", "acknowledge", "resolve", "reopen", "recategorise"],
)
def test_another_schemes_issue_is_not_found(
    client, other_manager_headers, at_source_id, method, path, body
):
    url = f"{ISSUES}/{at_source_id}/{path}".rstrip("/")

    response = getattr(client, method)(url, headers=other_manager_headers, json=body)

    assert_problem(response, 404)
    assert count_rows("issue_event") == 0


def test_another_schemes_manager_lists_and_summarises_nothing_of_ours(
    client, other_manager_headers, visit
):
    assert listed(client.get(ISSUES, headers=other_manager_headers)) == []
    summary = client.get(SUMMARY, headers=other_manager_headers, query_string={"year": 2025})
    assert summary.get_json()["total"] == 0


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", ISSUES),
        ("get", SUMMARY + "?year=2025"),
        ("get", f"{ISSUES}/1"),
        ("post", f"{ISSUES}/1/acknowledge"),
        ("post", f"{ISSUES}/1/resolve"),
        ("post", f"{ISSUES}/1/reopen"),
        ("patch", f"{ISSUES}/1"),
        ("get", CATEGORIES),
        ("post", CATEGORIES),
    ],
)
def test_every_issues_endpoint_needs_a_token(client, method, url):
    response = getattr(client, method)(url, json={} if method != "get" else None)

    assert_problem(response, 401)


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


def test_a_reopened_issue_has_a_fresh_acknowledgement_deadline(
    client, open_id, inspector_headers, manager_headers
):
    client.post(f"{ISSUES}/{open_id}/resolve", json={"response": "Done"}, headers=inspector_headers)
    set_issue(open_id, raised_at=datetime.now(UTC) - timedelta(days=30))

    reopened = client.post(
        f"{ISSUES}/{open_id}/reopen", json={"reason": "Happened again"}, headers=manager_headers
    )

    assert reopened.get_json()["overdue"] is False
    assert reopened.get_json()["raised_at"] is not None


def test_a_reopened_issue_becomes_overdue_after_the_schemes_days_from_reopening(
    client, open_id, inspector_headers, manager_headers
):
    client.post(f"{ISSUES}/{open_id}/resolve", json={"response": "Done"}, headers=inspector_headers)
    client.post(f"{ISSUES}/{open_id}/reopen", json={"reason": "Again"}, headers=manager_headers)
    set_issue(open_id, reopened_at=datetime.now(UTC) - timedelta(days=7, minutes=1))

    assert client.get(f"{ISSUES}/{open_id}", headers=manager_headers).get_json()["overdue"] is True
