"""Who may see and act on issues: an inspector only at their sites; a visitor reads the issues
of their own visits and their answers but acts on none; a viewer reads the summary but no issue;
inspectors and visitors may not read the summary; only the manager reopens or recategorises;
another scheme's issues are not found; every endpoint needs a token.
"""

import pytest

from tests.support.problems import assert_problem
from tests.support.records import count_rows
from tests.visits.issue_bodies import (
    ACK,
    CATEGORIES,
    FIXED,
    ISSUES,
    SUMMARY,
    custody_visit,
    ids_of,
    listed,
    raised,
    stored,
)


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
