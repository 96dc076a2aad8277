"""A visit body the server refuses: each bad field is a 422 naming it (every bad field at once)
and writes nothing - naive or out-of-order times, a visit over twelve hours, unknown outcomes,
categories, modes and fields, repeated or name-like detainee refs, server-owned fields, a missing
reason for an abandoned visit or a delayed access; a body that is not JSON is a 400. Also the
limits of the clock: an arrival a minute ahead of the server is accepted, ten minutes is not,
and exactly twelve hours is allowed. The pure rules of times are in `test_visit_rules.py`.
"""

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.problems import assert_problem
from tests.visits.visit_bodies import VISITS, at, custody_visit, written_rows

# Validation: each a 422 naming the field, writing nothing ------------------------------------


def _now_plus(minutes: int) -> str:
    return (datetime.now(UTC) + timedelta(minutes=minutes)).isoformat()


CUSTODY_REFUSALS = [
    pytest.param({"arrived_at": "2026-03-10T10:00:00"}, "arrived_at", id="naive-arrival"),
    pytest.param({"admitted_at": "2026-03-10T10:03:00"}, "admitted_at", id="naive-admittance"),
    pytest.param({"admitted_at": at("09:59:00")}, "admitted_at", id="admitted-before-arrival"),
    pytest.param({"departed_at": at("10:02:00")}, "departed_at", id="departed-before-admitted"),
    pytest.param({"departed_at": at("22:01:00")}, "departed_at", id="visit-over-twelve-hours"),
    pytest.param({"visitor_ids": []}, "visitor_ids", id="no-visitors"),
    pytest.param({"visitor_ids": None}, "visitor_ids", id="null-visitors"),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "chatted"}]},
        "detainees.0.outcome",
        id="unknown-detainee-outcome",
    ),
    pytest.param(
        {
            "issues": [
                {
                    "category": "wifi",
                    "description": "No wifi",
                    "raised_by": "detainee",
                    "resolved_during_visit": False,
                }
            ]
        },
        "issues.0.category",
        id="unknown-issue-category",
    ),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "seen"}, {"ref": "C1", "outcome": "refused"}]},
        "detainees.1.ref",
        id="repeated-detainee-ref",
    ),
    pytest.param(
        {"detainees": [{"ref": "c7", "outcome": "seen"}, {"ref": "C7", "outcome": "seen"}]},
        "detainees.1.ref",
        id="repeated-detainee-ref-differing-in-case",
    ),
    pytest.param(
        {"detainees": [{"ref": "John Smith", "outcome": "seen"}], "issues": []},
        "detainees.0.ref",
        id="detainee-ref-that-is-a-name",
    ),
    pytest.param(
        {"detainees": [{"ref": "C1", "outcome": "seen", "name": "John Smith"}], "issues": []},
        "detainees.0.name",
        id="detainee-name-field",
    ),
    pytest.param(
        {"dogs": [{"ref": "PD-REX", "needs": {}, "location": "force_kennels"}]},
        "dogs",
        id="dogs-at-a-custody-suite",
    ),
    pytest.param(
        {"outcome": "abandoned", "admitted_at": None, "detainees": [], "issues": []},
        "abandon_reason",
        id="abandoned-without-reason",
    ),
    pytest.param(
        {"outcome": "abandoned", "abandon_reason": "entry_refused", "admitted_at": None},
        "detainees",
        id="detainees-on-an-abandoned-visit",
    ),
    pytest.param(
        {"admitted_at": at("10:06:00")},
        "access_delay_reason",
        id="delayed-access-without-reason",
    ),
    pytest.param(
        {"admitted_at": at("10:06:00"), "access_delay_reason": "   "},
        "access_delay_reason",
        id="delayed-access-with-blank-reason",
    ),
    pytest.param(
        {
            "issues": [
                {
                    "category": "healthcare",
                    "description": "Medication late",
                    "raised_by": "detainee",
                    "detainee_ref": "C99",
                    "resolved_during_visit": False,
                }
            ]
        },
        "issues.0.detainee_ref",
        id="issue-about-a-detainee-not-listed",
    ),
    pytest.param({"mode": "carrier_pigeon"}, "mode", id="unknown-mode"),
    pytest.param({"status": "approved"}, "status", id="unknown-status"),
    pytest.param({"scheme_id": 2}, "scheme_id", id="unknown-field-scheme_id"),
    pytest.param({"status_history": []}, "status_history", id="unknown-field-status_history"),
    pytest.param({"totals": {"seen": 99}}, "totals", id="server-owned-totals"),
    pytest.param({"version": 3}, "version", id="server-owned-version"),
    pytest.param({"site_id": "1"}, "site_id", id="site-id-as-string"),
    pytest.param(
        {"checks": {"kennels_ok": {"result": "ok"}}}, "checks.kennels_ok", id="dog-check-at-suite"
    ),
    pytest.param(
        {"status": "submitted", "departed_at": None}, "departed_at", id="submitted-incomplete"
    ),
]


@pytest.mark.parametrize(("fields", "field"), CUSTODY_REFUSALS)
def test_a_bad_custody_visit_is_a_422_naming_the_field_and_writes_nothing(
    client, suite, visitor, partner, visitor_headers, fields, field
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner, **fields)
    )

    assert_problem(response, 422, field)
    assert written_rows() == before


def test_every_bad_field_is_named_at_once(client, suite, visitor, partner, visitor_headers):
    body = custody_visit(
        suite,
        visitor,
        partner,
        admitted_at=at("09:00:00"),
        outcome="abandoned",
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "admitted_at", "abandon_reason", "detainees")


def test_a_body_that_is_not_json_is_a_400_and_writes_nothing(client, suite, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS,
        headers={**visitor_headers, "Content-Type": "application/json"},
        data='{"site_id": 1,',
    )

    assert_problem(response, 400)
    assert written_rows() == before


# The clock and the length of a visit ---------------------------------------------------------


def test_an_arrival_a_minute_ahead_of_the_server_clock_is_accepted(
    client, suite, visitor, partner, visitor_headers
):
    soon = datetime.now(UTC) + timedelta(minutes=1)
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=soon.isoformat(),
        admitted_at=None,
        departed_at=None,
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201


def test_an_arrival_more_than_five_minutes_ahead_is_refused(
    client, suite, visitor, partner, visitor_headers
):
    before = written_rows()
    body = custody_visit(
        suite,
        visitor,
        partner,
        arrived_at=_now_plus(10),
        admitted_at=None,
        departed_at=None,
        detainees=[],
        issues=[],
    )

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "arrived_at")
    assert written_rows() == before


def test_a_visit_of_exactly_twelve_hours_is_accepted(
    client, suite, visitor, partner, visitor_headers
):
    body = custody_visit(suite, visitor, partner, departed_at=at("22:00:00"))

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["duration_minutes"] == 720
