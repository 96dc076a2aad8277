"""Who may do what with visits: a viewer neither records nor reads them; an inspector reads
only the submitted visits at their sites and records, edits and submits none; a visitor sees and
changes only the visits they took part in, and loses access at once on leaving; a manager sees
every visit of the scheme and nothing of another's, which looks like no visit at all; every
endpoint needs a token.
"""

import uuid

import pytest

from tests.support.problems import assert_problem
from tests.visits.visit_bodies import (
    VISITS,
    custody_visit,
    etag,
    ids_of,
    pagination,
    submitted_visit,
    written_rows,
)

# Access --------------------------------------------------------------------------------------


def test_a_viewer_cannot_record_visits(client, suite, visitor, partner, viewer, login):
    before = written_rows()

    response = client.post(
        VISITS, headers=login(viewer), json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 403)
    assert written_rows() == before


def test_a_viewer_cannot_list_visits(client, viewer, login):
    assert_problem(client.get(VISITS, headers=login(viewer)), 403)


def test_a_viewer_cannot_read_a_visit(client, visit_of_pair, viewer, login):
    assert_problem(client.get(f"{VISITS}/{visit_of_pair['id']}", headers=login(viewer)), 403)


def test_an_inspector_cannot_record_visits(client, suite, visitor, partner, inspector, login):
    response = client.post(
        VISITS, headers=login(inspector), json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 403)


def test_an_inspector_cannot_edit_a_visit(client, submitted, inspector, login):
    headers = login(inspector)

    response = client.patch(
        f"{VISITS}/{submitted['id']}",
        headers={**headers, "If-Match": etag(client, headers, submitted["id"])},
        json={"notes": "Not my place", "amendment_reason": "Trying"},
    )

    assert_problem(response, 403)


def test_an_inspector_cannot_submit_a_visit(client, visit_of_pair, inspector, login):
    response = client.post(f"{VISITS}/{visit_of_pair['id']}/submit", headers=login(inspector))

    assert_problem(response, 403)


def test_an_inspector_reads_submitted_visits_at_their_site(client, submitted, inspector, login):
    headers = login(inspector)

    one = client.get(f"{VISITS}/{submitted['id']}", headers=headers)
    listed = client.get(VISITS, headers=headers)

    assert one.status_code == 200
    assert ids_of(listed) == [submitted["id"]]


def test_an_inspector_does_not_see_drafts(client, draft, submitted, inspector, login):
    headers = login(inspector)

    assert_problem(client.get(f"{VISITS}/{draft['id']}", headers=headers), 404)
    assert ids_of(client.get(VISITS, headers=headers)) == [submitted["id"]]
    assert ids_of(client.get(VISITS, headers=headers, query_string={"status": "draft"})) == []


def test_an_inspector_does_not_see_visits_at_other_sites(
    client, record, second_suite, visitor, partner, visitor_headers, inspector, login
):
    elsewhere = submitted_visit(
        client, record, visitor_headers, custody_visit(second_suite, visitor, partner)
    )
    headers = login(inspector)

    assert_problem(client.get(f"{VISITS}/{elsewhere['id']}", headers=headers), 404)
    assert ids_of(client.get(VISITS, headers=headers)) == []


def test_a_visitor_sees_only_visits_they_took_part_in(
    client,
    record,
    suite,
    visitor,
    partner,
    third_visitor,
    fourth_visitor,
    visit_of_pair,
    visitor_headers,
    manager_headers,
):
    others = record(manager_headers, custody_visit(suite, third_visitor, fourth_visitor))

    assert_problem(client.get(f"{VISITS}/{others['id']}", headers=visitor_headers), 404)
    assert ids_of(client.get(VISITS, headers=visitor_headers)) == [visit_of_pair["id"]]


def test_a_visitor_cannot_edit_or_submit_another_pairs_visit(
    client, record, suite, third_visitor, fourth_visitor, visitor_headers, manager_headers
):
    others = record(manager_headers, custody_visit(suite, third_visitor, fourth_visitor))
    manager_etag = etag(client, manager_headers, others["id"])

    patch = client.patch(
        f"{VISITS}/{others['id']}",
        headers={**visitor_headers, "If-Match": manager_etag},
        json={"notes": "Not mine"},
    )
    submit = client.post(f"{VISITS}/{others['id']}/submit", headers=visitor_headers)

    assert_problem(patch, 404)
    assert_problem(submit, 404)


def test_a_manager_sees_every_visit_of_the_scheme(
    client,
    record,
    suite,
    second_suite,
    visitor,
    partner,
    third_visitor,
    fourth_visitor,
    visitor_headers,
    manager_headers,
):
    ours = record(visitor_headers, custody_visit(suite, visitor, partner))
    theirs = record(manager_headers, custody_visit(second_suite, third_visitor, fourth_visitor))

    listed = client.get(VISITS, headers=manager_headers)

    assert sorted(ids_of(listed)) == sorted([ours["id"], theirs["id"]])
    assert client.get(f"{VISITS}/{ours['id']}", headers=manager_headers).status_code == 200


def test_another_schemes_manager_cannot_find_the_visit(client, visit_of_pair, other_manager, login):
    headers = login(other_manager)
    path = f"{VISITS}/{visit_of_pair['id']}"
    before = written_rows()

    assert_problem(client.get(path, headers=headers), 404)
    assert_problem(
        client.patch(path, headers={**headers, "If-Match": "*"}, json={"notes": "Hijack"}), 404
    )
    assert_problem(client.post(f"{path}/submit", headers=headers), 404)
    listed = client.get(VISITS, headers=headers)
    assert listed.get_json() == []
    assert pagination(listed)["total"] == 0
    assert written_rows() == before


def test_another_schemes_visit_looks_like_no_visit_at_all(
    client, visit_of_pair, other_manager, login
):
    headers = login(other_manager)

    theirs = client.get(f"{VISITS}/{visit_of_pair['id']}", headers=headers)
    missing = client.get(f"{VISITS}/{uuid.uuid4()}", headers=headers)

    assert theirs.get_json() == missing.get_json()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", ""), ("get", "/{id}"), ("patch", "/{id}"), ("post", "/{id}/submit")],
)
def test_every_visit_endpoint_needs_a_token(client, visit_of_pair, method, suffix):
    path = VISITS + suffix.format(id=visit_of_pair["id"])

    response = getattr(client, method)(path, json={})

    assert_problem(response, 401)


@pytest.mark.parametrize("bad_id", ["not-a-uuid", "12345", "../people"])
def test_a_malformed_visit_id_is_not_found(client, manager_headers, bad_id):
    assert_problem(client.get(f"{VISITS}/{bad_id}", headers=manager_headers), 404)


def test_a_visitor_who_has_left_loses_access_to_their_visits_at_once(
    client, visit_of_pair, visitor, visitor_headers, manager_headers
):
    client.patch(
        f"/api/v1/people/{visitor.id}",
        headers=manager_headers,
        json={"status": "left", "left_on": "2026-03-31", "leave_reason": "Moved away"},
    )

    assert_problem(client.get(f"{VISITS}/{visit_of_pair['id']}", headers=visitor_headers), 401)
