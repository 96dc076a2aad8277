"""Listing issues: filters by site, status, category and the financial year of the visit in
local time, combined; an unknown status is a 422; the list is paginated with the total in a
header.
"""

import json
from datetime import UTC, datetime

from tests.support.problems import assert_problem
from tests.visits.issue_bodies import ACK, ISSUES, custody_visit, ids_of, listed, raised


def pagination(response) -> dict:
    return json.loads(response.headers["X-Pagination"])


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
