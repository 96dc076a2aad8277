"""Who may be named on a custody-suite visit and where it may be: the visitors must be active
visitors of the scheme, named once, and include the one recording (a probationer goes with their
buddy); a single visitor in person must say why; the site must be the scheme's and open on the
day (a refusal says since when it closed). Each refusal is a 422 naming the field and writes
nothing. The dog unit's own rules are in `test_dog_unit_visits.py`.
"""

from datetime import date

import pytest

from tests.support.problems import assert_problem
from tests.support.records import make_person
from tests.visits.visit_bodies import VISITS, custody_visit, written_rows

# The visitors named --------------------------------------------------------------------------


def test_a_repeated_visitor_is_refused(client, suite, visitor, partner, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, visitor, partner)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_an_unknown_visitor_is_refused(client, suite, visitor, visitor_headers):
    before = written_rows()
    body = custody_visit(suite, visitor)
    body["visitor_ids"].append(999_999)

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_visitor_of_another_scheme_is_refused(
    client, suite, visitor, other_visitor, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, other_visitor)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


@pytest.mark.parametrize(
    ("status", "extra"),
    [
        ("applicant", {}),
        ("vetting", {}),
        ("suspended", {}),
        ("left", {"left_on": date(2025, 12, 31), "leave_reason": "Moved away"}),
    ],
)
def test_a_visitor_who_is_not_active_is_refused(
    client, scheme, suite, visitor, visitor_headers, status, extra
):
    inactive = make_person(
        scheme, "visitor", email=f"{status}@northshire.example", status=status, **extra
    )
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, inactive)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_someone_who_is_not_a_visitor_cannot_be_named_as_one(
    client, suite, visitor, viewer, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, viewer)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_visitor_cannot_record_a_visit_they_were_not_part_of(
    client, suite, visitor, partner, third_visitor, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, partner, third_visitor)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_probationer_visits_a_custody_suite_with_their_buddy(
    client, suite, visitor, probationer, visitor_headers
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, probationer)
    )

    assert response.status_code == 201


# A single visitor ----------------------------------------------------------------------------


def test_a_single_visitor_in_person_must_say_why_they_went_alone(
    client, suite, visitor, visitor_headers
):
    before = written_rows()

    response = client.post(VISITS, headers=visitor_headers, json=custody_visit(suite, visitor))

    assert_problem(response, 422, "single_visitor_reason")
    assert written_rows() == before


def test_a_single_visitor_in_person_with_a_reason_is_accepted(
    client, suite, visitor, visitor_headers
):
    body = custody_visit(suite, visitor, single_visitor_reason="Partner taken ill on the way")

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201
    assert response.get_json()["single_visitor_reason"] == "Partner taken ill on the way"


def test_a_single_visitor_by_phone_needs_no_reason(client, suite, visitor, visitor_headers):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, mode="phone")
    )

    assert response.status_code == 201


# The site ------------------------------------------------------------------------------------


def test_a_visit_before_the_site_closed_is_accepted(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    closing = client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-11"},
    )
    assert closing.status_code == 200

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201


def test_a_visit_to_a_closed_site_is_refused(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    closing = client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-01"},
    )
    assert closing.status_code == 200
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before


def test_a_visit_to_a_closed_site_says_since_when(
    client, suite, visitor, partner, manager_headers, visitor_headers
):
    client.patch(
        f"/api/v1/sites/{suite.id}",
        headers=manager_headers,
        json={"status": "closed", "status_on": "2026-03-01"},
    )

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    message = assert_problem(response, 422, "site_id")["errors"]["site_id"][0]
    assert "closed from 2026-03-01" in message


def test_a_site_of_another_scheme_is_refused(
    client, other_suite, visitor, partner, visitor_headers
):
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(other_suite, visitor, partner)
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before


def test_an_unknown_site_is_refused(client, suite, visitor, partner, visitor_headers):
    before = written_rows()

    response = client.post(
        VISITS,
        headers=visitor_headers,
        json=custody_visit(suite, visitor, partner, site_id=999_999),
    )

    assert_problem(response, 422, "site_id")
    assert written_rows() == before
