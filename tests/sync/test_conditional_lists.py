"""Conditional lists: every list answer carries a validator of the caller's own slice (weak
ETag), and `If-None-Match` with it is an empty 304 until something the caller can see changes."""

import pytest

from tests.support.records import make_person
from tests.support.visits import log_visit

MAY_DAY = "2023-05-01T10:00:00+01:00"
JUNE_DAY = "2023-06-05T10:00:00+01:00"
ISSUE = {
    "category": "food_and_drink",
    "description": "No hot drinks offered overnight.",
    "raised_by": "visitor",
    "resolved_during_visit": False,
}
LISTS = [
    "/api/v1/visits",
    "/api/v1/issues",
    "/api/v1/claims",
    "/api/v1/plans",
    "/api/v1/notifications",
    "/api/v1/sites",
    "/api/v1/people",
    "/api/v1/activities",
    "/api/v1/tact-reports",
    "/api/v1/audit",
]


@pytest.fixture
def visit(suite, manager, visitor, partner, inspector):
    return log_visit(suite, manager, [visitor, partner], MAY_DAY, issues=[ISSUE])


def validator(client, path, headers, **query) -> str:
    response = client.get(path, headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def again(client, path, headers, etag, **query):
    return client.get(path, headers={**headers, "If-None-Match": etag}, query_string=query)


@pytest.mark.parametrize("path", LISTS)
def test_a_list_answers_its_own_validator_with_an_empty_304(client, visit, manager_headers, path):
    etag = validator(client, path, manager_headers)
    assert etag.startswith('W/"')

    response = again(client, path, manager_headers, etag)

    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag


def test_a_stale_validator_gets_the_whole_list(client, visit, visitor_headers):
    response = again(client, "/api/v1/visits", visitor_headers, 'W/"list-old"')
    assert response.status_code == 200
    assert len(response.get_json()) == 1


def test_a_new_visible_record_changes_the_validator(
    client, visit, suite, manager, visitor, partner, visitor_headers
):
    etag = validator(client, "/api/v1/visits", visitor_headers)
    log_visit(suite, manager, [visitor, partner], JUNE_DAY)
    assert again(client, "/api/v1/visits", visitor_headers, etag).status_code == 200


def test_an_edited_visit_changes_the_validator(client, suite, visitor, partner, visitor_headers):
    draft = log_visit(suite, visitor, [visitor, partner], MAY_DAY, status="draft")
    etag = validator(client, "/api/v1/visits", visitor_headers)
    read = client.get(f"/api/v1/visits/{draft.id}", headers=visitor_headers)
    client.patch(
        f"/api/v1/visits/{draft.id}",
        json={"notes": "Cells clean."},
        headers={**visitor_headers, "If-Match": read.headers["ETag"]},
    )
    assert again(client, "/api/v1/visits", visitor_headers, etag).status_code == 200


def test_an_answered_issue_changes_the_validator_of_the_visits_showing_it(
    client, visit, visitor_headers, inspector_headers
):
    etag = validator(client, "/api/v1/visits", visitor_headers)
    answered = client.post(
        f"/api/v1/issues/{visit.issues[0].id}/acknowledge",
        json={"response": "Hot drinks are now offered at every check."},
        headers=inspector_headers,
    )
    assert answered.status_code == 200, answered.get_json()
    assert again(client, "/api/v1/visits", visitor_headers, etag).status_code == 200


def test_reading_a_notice_changes_the_inbox_validator(client, visit, inspector_headers):
    etag = validator(client, "/api/v1/notifications", inspector_headers)
    marked = client.post("/api/v1/notifications", json={}, headers=inspector_headers)
    assert marked.get_json() == {"marked_read": 1}
    assert again(client, "/api/v1/notifications", inspector_headers, etag).status_code == 200


def test_two_callers_seeing_the_same_records_never_share_a_validator(
    client, visit, login, partner, visitor_headers
):
    assert validator(client, "/api/v1/visits", visitor_headers) != validator(
        client, "/api/v1/visits", login(partner)
    )


def test_another_query_has_another_validator(client, visit, suite, visitor_headers):
    everything = validator(client, "/api/v1/visits", visitor_headers)
    at_the_suite = validator(client, "/api/v1/visits", visitor_headers, site_id=suite.id)
    second_page = validator(client, "/api/v1/visits", visitor_headers, page=2)
    assert len({everything, at_the_suite, second_page}) == 3
    assert again(client, "/api/v1/visits", visitor_headers, everything, page=2).status_code == 200


def test_a_change_in_another_scheme_keeps_the_validator(
    client, visit, other_suite, other_manager, other_visitor, manager_headers
):
    etag = validator(client, "/api/v1/visits", manager_headers)
    other_partner = make_person(other_suite.scheme, "visitor", email="partner@south.example")
    log_visit(other_suite, other_manager, [other_visitor, other_partner], JUNE_DAY)
    assert again(client, "/api/v1/visits", manager_headers, etag).status_code == 304
