"""Listing visits: filters by site, status and an arrival range (from inclusive, to exclusive,
in the offset given), `updated_since` for a phone's sync (oldest change first, submitting counts
as a change), pagination with the total in a header, and 422s for naive times or an unknown
status; unknown query parameters are ignored.
"""

from datetime import UTC, datetime

import pytest

from tests.support.problems import assert_problem
from tests.visits.visit_bodies import (
    VISITS,
    at,
    custody_visit,
    etag,
    ids_of,
    pagination,
    submitted_visit,
)

# Listing -------------------------------------------------------------------------------------


def test_visits_are_filtered_by_site(
    client, record, suite, second_suite, visitor, partner, visitor_headers
):
    here = record(visitor_headers, custody_visit(suite, visitor, partner))
    record(visitor_headers, custody_visit(second_suite, visitor, partner))

    response = client.get(VISITS, headers=visitor_headers, query_string={"site_id": suite.id})

    assert ids_of(response) == [here["id"]]


def test_visits_are_filtered_by_status(client, record, suite, visitor, partner, visitor_headers):
    draft_visit = record(visitor_headers, custody_visit(suite, visitor, partner))
    done = submitted_visit(
        client,
        record,
        visitor_headers,
        custody_visit(
            suite,
            visitor,
            partner,
            arrived_at=at("08:00:00"),
            admitted_at=at("08:01:00"),
            departed_at=at("09:00:00"),
        ),
    )

    drafts = client.get(VISITS, headers=visitor_headers, query_string={"status": "draft"})
    submitted_ones = client.get(
        VISITS, headers=visitor_headers, query_string={"status": "submitted"}
    )

    assert ids_of(drafts) == [draft_visit["id"]]
    assert ids_of(submitted_ones) == [done["id"]]


def test_visits_are_filtered_by_arrival_from_inclusive_to_exclusive(
    client, record, suite, visitor, partner, visitor_headers
):
    def visit_on(day: str) -> str:
        body = custody_visit(
            suite,
            visitor,
            partner,
            arrived_at=at("10:00:00", day),
            admitted_at=at("10:03:00", day),
            departed_at=at("11:00:00", day),
        )
        return record(visitor_headers, body)["id"]

    visit_on("2026-03-09")
    tenth = visit_on("2026-03-10")
    eleventh = visit_on("2026-03-11")
    visit_on("2026-03-12")

    response = client.get(
        VISITS,
        headers=visitor_headers,
        query_string={"from": at("10:00:00", "2026-03-10"), "to": at("10:00:00", "2026-03-12")},
    )

    assert ids_of(response) == [eleventh, tenth]  # newest arrival first


def test_the_arrival_range_respects_the_offset_given(
    client, record, suite, visitor, partner, visitor_headers
):
    visit = record(visitor_headers, custody_visit(suite, visitor, partner))  # 10:00 UTC

    # 10:30+01:00 is 09:30 UTC: the visit is after it.
    after = client.get(
        VISITS, headers=visitor_headers, query_string={"from": "2026-03-10T10:30:00+01:00"}
    )
    # 11:30+01:00 is 10:30 UTC: the visit is before it.
    before = client.get(
        VISITS, headers=visitor_headers, query_string={"from": "2026-03-10T11:30:00+01:00"}
    )

    assert ids_of(after) == [visit["id"]]
    assert ids_of(before) == []


@pytest.mark.parametrize("parameter", ["from", "to", "updated_since"])
def test_a_naive_time_in_the_query_is_a_422(client, visitor_headers, parameter):
    response = client.get(
        VISITS, headers=visitor_headers, query_string={parameter: "2026-03-10T10:00:00"}
    )

    assert_problem(response, 422, parameter)


def test_an_unknown_status_filter_is_a_422(client, visitor_headers):
    response = client.get(VISITS, headers=visitor_headers, query_string={"status": "lost"})

    assert_problem(response, 422, "status")


# Sync ----------------------------------------------------------------------------------------


def test_updated_since_returns_only_later_changes_oldest_first(
    client, record, suite, visitor, partner, visitor_headers
):
    def visit_at(clock: str) -> dict:
        hour = int(clock[:2])
        return record(
            visitor_headers,
            custody_visit(
                suite,
                visitor,
                partner,
                arrived_at=at(clock),
                admitted_at=at(f"{hour:02}:03:00"),
                departed_at=at(f"{hour:02}:45:00"),
            ),
        )

    first, untouched, last = visit_at("08:00:00"), visit_at("09:00:00"), visit_at("10:00:00")
    synced_at = datetime.now(UTC)
    for visit in (last, first):  # changed after the sync: `last` first, then `first`
        response = client.patch(
            f"{VISITS}/{visit['id']}",
            headers={**visitor_headers, "If-Match": etag(client, visitor_headers, visit["id"])},
            json={"notes": "Edited offline"},
        )
        assert response.status_code == 200

    response = client.get(
        VISITS, headers=visitor_headers, query_string={"updated_since": synced_at.isoformat()}
    )

    assert ids_of(response) == [last["id"], first["id"]]
    assert untouched["id"] not in ids_of(response)


def test_submitting_counts_as_a_change_for_sync(
    client, record, suite, visitor, partner, visitor_headers
):
    visit = record(visitor_headers, custody_visit(suite, visitor, partner))
    synced_at = datetime.now(UTC)
    client.post(f"{VISITS}/{visit['id']}/submit", headers=visitor_headers)

    response = client.get(
        VISITS, headers=visitor_headers, query_string={"updated_since": synced_at.isoformat()}
    )

    assert ids_of(response) == [visit["id"]]


# Pages ---------------------------------------------------------------------------------------


def test_visits_are_paginated_with_the_total_in_a_header(
    client, record, suite, visitor, partner, visitor_headers
):
    for hour in range(8, 13):
        record(
            visitor_headers,
            custody_visit(
                suite,
                visitor,
                partner,
                arrived_at=at(f"{hour:02}:00:00"),
                admitted_at=at(f"{hour:02}:02:00"),
                departed_at=at(f"{hour:02}:50:00"),
                detainees=[],
                issues=[],
            ),
        )

    response = client.get(VISITS, headers=visitor_headers, query_string={"page_size": 2, "page": 3})

    assert len(response.get_json()) == 1
    assert pagination(response)["total"] == 5
    assert pagination(response)["total_pages"] == 3
    assert pagination(response)["page"] == 3


def test_unknown_query_parameters_are_ignored(client, visit_of_pair, visitor_headers):
    response = client.get(VISITS, headers=visitor_headers, query_string={"colour": "blue"})

    assert ids_of(response) == [visit_of_pair["id"]]
