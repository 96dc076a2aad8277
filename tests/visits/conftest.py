"""Fixtures shared by the tests of visits and of the issues raised at them.

The visits' fixtures build on `tests.visits.visit_bodies`, the issues' on
`tests.visits.issue_bodies`; the two have a `custody_visit` each, so both are named by module.
"""

from datetime import date

import pytest

from icv.people import people
from tests.support.records import make_person
from tests.visits import issue_bodies, visit_bodies

# Visits --------------------------------------------------------------------------------------


@pytest.fixture
def probationer(scheme, visitor):
    """A probationer on the animal welfare scheme, with `visitor` as their buddy."""
    return make_person(
        scheme,
        "visitor",
        email="new@northshire.example",
        name="Nell New",
        status="probation",
        aws=True,
        buddy_id=visitor.id,
        joined_on=date(2026, 1, 5),
    )


@pytest.fixture
def tact_trained(partner):
    """`partner`, TACT trained since 2020: a visit that sees a TACT detainee needs one."""
    return people.update_person(partner, None, {"tact_trained_on": date(2020, 1, 1)})


@pytest.fixture
def draft(record, suite, visitor, partner, visitor_headers) -> dict:
    """A draft custody visit by `visitor` and `partner`, not yet departed."""
    return record(
        visitor_headers, visit_bodies.custody_visit(suite, visitor, partner, departed_at=None)
    )


@pytest.fixture
def submitted(client, record, suite, visitor, partner, visitor_headers) -> dict:
    """A complete custody visit by `visitor` and `partner`, submitted."""
    return visit_bodies.submitted_visit(
        client, record, visitor_headers, visit_bodies.custody_visit(suite, visitor, partner)
    )


@pytest.fixture
def visit_of_pair(record, suite, visitor, partner, visitor_headers) -> dict:
    """A complete custody visit by `visitor` and `partner`, still a draft."""
    return record(visitor_headers, visit_bodies.custody_visit(suite, visitor, partner))


# Issues --------------------------------------------------------------------------------------


@pytest.fixture
def visit(record, suite, visitor, partner, visitor_headers):
    """A submitted visit to Central Suite: two open issues and one resolved during the visit."""
    return record(
        visitor_headers,
        issue_bodies.custody_visit(
            suite,
            visitor,
            partner,
            issues=[
                issue_bodies.raised("food_and_drink", "No hot drink offered since arrest"),
                issue_bodies.raised("healthcare", "Medication not given on time", by="visitor"),
                issue_bodies.raised(
                    "hygiene", "No toilet paper in cell 4", resolved=True, by="visitor"
                ),
            ],
            status="submitted",
        ),
    )


@pytest.fixture
def open_id(visit) -> int:
    return issue_bodies.ids_of(visit)[0]


@pytest.fixture
def second_open_id(visit) -> int:
    return issue_bodies.ids_of(visit)[1]


@pytest.fixture
def at_source_id(visit) -> int:
    """The issue resolved during the visit."""
    return issue_bodies.ids_of(visit)[2]


@pytest.fixture
def harbour_issue_id(record, second_suite, visitor, partner, visitor_headers) -> int:
    """An open issue from a submitted visit to Harbour Suite by the same pair."""
    harbour = record(
        visitor_headers,
        issue_bodies.custody_visit(
            second_suite,
            visitor,
            partner,
            issues=[issue_bodies.raised("legal_rights", "Not told of the right to a solicitor")],
            status="submitted",
        ),
    )
    return issue_bodies.ids_of(harbour)[0]


@pytest.fixture
def draft_issue_id(record, suite, visitor, partner, visitor_headers) -> int:
    """An open issue of a visit still in draft."""
    draft = record(
        visitor_headers,
        issue_bodies.custody_visit(
            suite, visitor, partner, issues=[issue_bodies.raised("exercise", "No exercise yard")]
        ),
    )
    assert draft["status"] == "draft"
    return issue_bodies.ids_of(draft)[0]


@pytest.fixture
def act(client):
    """`act(headers, issue_id, action, **body)` -> the response to POST /issues/{id}/{action}."""

    def post(headers: dict, issue_id: int, action: str, **body):
        return client.post(f"{issue_bodies.ISSUES}/{issue_id}/{action}", headers=headers, json=body)

    return post
