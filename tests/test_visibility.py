"""Who sees which records (`icv.visibility`): one rule, and a person's roles add up.

The authorization matrix checks every endpoint for people of one role and of two; these tests
pin the rule itself, in the domain, for the cases a single role cannot show.
"""

from datetime import date
from decimal import Decimal

import pytest

from icv import visibility
from icv.common.database import db
from icv.common.errors import NotFound
from icv.models import Issue
from icv.people.activities import record_activity
from icv.visits import issues
from tests.support.claims import MAY_2023, place_claim
from tests.support.problems import assert_problem
from tests.support.records import make_person
from tests.support.visits import log_visit, make_visitors

SPRING = "2024-05-07T10:00:00+01:00"
NEXT_DAY = "2024-05-08T10:00:00+01:00"
NO_HOT_DRINK = {
    "category": "food_and_drink",
    "description": "No hot drink offered since arrest",
    "raised_by": "detainee",
    "detainee_ref": "C1",
    "resolved_during_visit": False,
}
SEEN = [{"ref": "C1", "outcome": "seen"}]  # who raised NO_HOT_DRINK


@pytest.fixture
def pair(scheme):
    return make_visitors(scheme, 2, prefix="pair")


@pytest.fixture
def visiting_inspector(scheme, suite):
    """A visitor who also inspects the Central Suite."""
    return make_person(
        scheme, "visitor", "inspector", email="vi@northshire.example", site_ids=[suite.id]
    )


def ids_of(query) -> set:
    return {record.id for record in db.session.scalars(query)}


def test_a_visitor_who_inspects_a_suite_sees_its_submitted_visits_made_by_others(
    manager, suite, pair, visiting_inspector
):
    submitted = log_visit(suite, manager, pair, SPRING)
    draft = log_visit(suite, manager, pair, NEXT_DAY, status="draft")

    seen = ids_of(visibility.visible_visits(visiting_inspector))

    assert submitted.id in seen
    assert draft.id not in seen


def test_a_visitor_who_inspects_a_suite_still_sees_their_own_drafts_elsewhere(
    manager, second_suite, pair, visiting_inspector
):
    own_draft = log_visit(
        second_suite, manager, [visiting_inspector, pair[0]], SPRING, status="draft"
    )

    assert own_draft.id in ids_of(visibility.visible_visits(visiting_inspector))


def test_the_issues_of_a_visit_are_seen_by_whoever_sees_the_visit(
    manager, suite, pair, visiting_inspector, viewer
):
    visit = log_visit(suite, manager, pair, SPRING, issues=[NO_HOT_DRINK], detainees=SEEN)
    issue_id = visit.issues[0].id

    assert visibility.issue_for(visiting_inspector, issue_id).id == issue_id
    with pytest.raises(NotFound):
        visibility.issue_for(viewer, issue_id)


def test_a_record_the_person_may_not_see_is_not_found_rather_than_forbidden(
    suite, manager, pair, viewer
):
    visit = log_visit(suite, manager, pair, SPRING)

    with pytest.raises(NotFound):
        visibility.visit_for(viewer, visit.id)


def test_another_schemes_manager_sees_none_of_the_schemes_visits(
    suite, manager, pair, other_manager
):
    visit = log_visit(suite, manager, pair, SPRING)

    assert visit.id not in ids_of(visibility.visible_visits(other_manager))


@pytest.mark.parametrize("roles", [("inspector",), ("viewer",), ("inspector", "viewer")])
def test_inspectors_and_viewers_see_no_claims_or_activities(scheme, suite, manager, pair, roles):
    sites = {"site_ids": [suite.id]} if "inspector" in roles else {}
    person = make_person(scheme, *roles, email="iv@northshire.example", **sites)
    place_claim(suite, pair[0], date(2023, 5, 8), partner=pair[1], now=MAY_2023)
    record_activity(
        scheme,
        manager,
        {
            "person_id": pair[0].id,
            "kind": "training",
            "date": date(2023, 5, 2),
            "hours": Decimal(2),
        },
    )

    assert ids_of(visibility.visible_claims(person)) == set()
    assert ids_of(visibility.visible_activities(person)) == set()
    assert len(ids_of(visibility.visible_claims(manager))) == 1
    assert len(ids_of(visibility.visible_activities(manager))) == 1


def test_an_inspector_who_is_a_viewer_sees_every_site(scheme, suite, second_suite):
    person = make_person(
        scheme, "inspector", "viewer", email="iv@northshire.example", site_ids=[suite.id]
    )

    assert ids_of(visibility.visible_sites(person)) == {suite.id, second_suite.id}


def test_an_inspector_alone_sees_only_their_sites(scheme, suite, second_suite, inspector):
    assert ids_of(visibility.visible_sites(inspector)) == {suite.id}


def test_seeing_an_issue_as_a_visitor_is_not_answering_it_as_an_inspector_elsewhere(
    client, login, manager, second_suite, pair, visiting_inspector
):
    """They were on the visit at Harbour Suite, and inspect only the Central Suite."""
    visit = log_visit(
        second_suite,
        manager,
        [visiting_inspector, pair[0]],
        SPRING,
        issues=[NO_HOT_DRINK],
        detainees=SEEN,
    )
    issue_id = visit.issues[0].id
    headers = login(visiting_inspector)

    seen = client.get(f"/api/v1/issues/{issue_id}", headers=headers)
    answered = client.post(
        f"/api/v1/issues/{issue_id}/acknowledge", headers=headers, json={"response": "Noted."}
    )

    assert seen.status_code == 200
    assert_problem(answered, 403)
    db.session.expire_all()
    assert db.session.get(Issue, issue_id).status == "open"


def test_the_issue_list_starts_from_what_the_person_may_see(manager, suite, pair, viewer):
    log_visit(suite, manager, pair, SPRING, issues=[NO_HOT_DRINK], detainees=SEEN)

    assert db.session.scalars(issues.issues_query(viewer)).all() == []
    assert len(db.session.scalars(issues.issues_query(manager)).all()) == 1
