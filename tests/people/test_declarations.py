"""Declarations of interest: a volunteer declares (or a manager for them), a manager reviews.
A restriction keeps the visitor off the named sites and `not_compatible` off every visit, on
visit recording, claims and plans; a declaration not yet reviewed restricts nothing."""

from datetime import date

import pytest
from sqlalchemy import select

from icv.common.database import db
from icv.models import AuditEvent, PlanItemVisitor
from icv.people import declarations
from icv.scheduling import plans
from icv.scheduling.claims import ClaimRefused
from tests.support.claims import MAY_2023, place_claim
from tests.support.problems import assert_problem
from tests.support.records import count_rows, make_person
from tests.visits.visit_bodies import VISITS, custody_visit, written_rows


def url(person, declaration_id: int | None = None) -> str:
    base = f"/api/v1/people/{person.id}/declarations"
    return base if declaration_id is None else f"{base}/{declaration_id}"


DECLARED = {
    "kind": "family_in_police",
    "detail": "My brother is a sergeant at Central.",
    "declared_on": "2026-01-05",
}


def declared(person, **fields):
    return declarations.declare(
        person, person, {**DECLARED, "declared_on": date(2026, 1, 5), **fields}
    )


def reviewed(declaration, manager, decision: str, sites=()):
    return declarations.review(
        declaration, manager, {"decision": decision, "site_ids": [site.id for site in sites]}
    )


# Declaring and reading -----------------------------------------------------------------------


def test_a_volunteer_declares_and_reads_their_declaration(client, visitor, visitor_headers):
    response = client.post(url(visitor), headers=visitor_headers, json=DECLARED)

    assert response.status_code == 201, response.get_data(as_text=True)
    made = response.get_json()
    assert (made["kind"], made["decision"], made["recorded_by_id"]) == (
        "family_in_police",
        None,
        visitor.id,
    )
    listed = client.get(url(visitor), headers=visitor_headers).get_json()
    assert [item["id"] for item in listed] == [made["id"]]


def test_a_manager_declares_for_a_volunteer(client, visitor, manager, manager_headers):
    response = client.post(url(visitor), headers=manager_headers, json=DECLARED)

    assert response.status_code == 201
    assert response.get_json()["recorded_by_id"] == manager.id


def test_a_visitor_cannot_see_another_visitors_declarations(
    client, visitor, partner, visitor_headers
):
    declared(partner)

    assert client.get(url(partner), headers=visitor_headers).status_code == 404
    assert client.post(url(partner), headers=visitor_headers, json=DECLARED).status_code == 404


def test_another_schemes_volunteer_is_a_404(client, other_visitor, manager_headers):
    assert client.get(url(other_visitor), headers=manager_headers).status_code == 404


def test_an_unknown_kind_is_refused(client, visitor, visitor_headers):
    response = client.post(url(visitor), headers=visitor_headers, json={**DECLARED, "kind": "x"})

    assert_problem(response, 422, "kind")
    assert count_rows("declaration") == 0


def test_a_declaration_dated_in_the_future_is_refused(client, visitor, visitor_headers):
    response = client.post(
        url(visitor), headers=visitor_headers, json={**DECLARED, "declared_on": "2099-01-01"}
    )

    assert_problem(response, 422, "declared_on")
    assert count_rows("declaration") == 0


# Reviewing -----------------------------------------------------------------------------------


def test_a_manager_restricts_to_sites_and_the_review_is_audited(
    client, visitor, manager, manager_headers, suite
):
    made = declared(visitor)

    response = client.patch(
        url(visitor, made.id),
        headers=manager_headers,
        json={"decision": "restricted_to_sites", "site_ids": [suite.id], "note": "Brother there"},
    )

    assert response.status_code == 200, response.get_data(as_text=True)
    review = response.get_json()
    assert (review["decision"], review["site_ids"], review["reviewed_by_id"]) == (
        "restricted_to_sites",
        [suite.id],
        manager.id,
    )
    assert review["reviewed_at"] is not None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "declaration", AuditEvent.action == "review")
    ).one()
    assert (event.actor_id, event.reason) == (manager.id, "Brother there")


def test_a_restriction_must_name_sites_of_the_scheme(client, visitor, manager_headers, other_suite):
    made = declared(visitor)

    for site_ids in ([], [other_suite.id]):
        response = client.patch(
            url(visitor, made.id),
            headers=manager_headers,
            json={"decision": "restricted_to_sites", "site_ids": site_ids},
        )
        assert_problem(response, 422, "site_ids")
    assert db.session.get(type(made), made.id).decision is None


def test_only_a_restriction_names_sites(client, visitor, manager_headers, suite):
    made = declared(visitor)

    response = client.patch(
        url(visitor, made.id),
        headers=manager_headers,
        json={"decision": "accepted", "site_ids": [suite.id]},
    )

    assert_problem(response, 422, "site_ids")


def test_a_visitor_does_not_review_declarations(client, visitor, visitor_headers):
    made = declared(visitor)

    response = client.patch(
        url(visitor, made.id), headers=visitor_headers, json={"decision": "accepted"}
    )

    assert response.status_code == 403


def test_a_manager_does_not_review_their_own_declaration(scheme, client, login):
    both = make_person(scheme, "visitor", "manager", email="both@northshire.example")
    made = declared(both)

    response = client.patch(url(both, made.id), headers=login(both), json={"decision": "accepted"})

    assert_problem(response, 422, "decision")


# What a decision keeps the visitor off ---------------------------------------------------------


def test_a_restricted_visitor_is_refused_at_the_named_site(
    client, manager, suite, visitor, partner, visitor_headers
):
    reviewed(declared(partner), manager, "restricted_to_sites", [suite])
    before = written_rows()

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert_problem(response, 422, "visitor_ids")
    assert written_rows() == before


def test_a_restricted_visitor_may_visit_other_sites(
    client, manager, suite, second_suite, visitor, partner, visitor_headers
):
    reviewed(declared(partner), manager, "restricted_to_sites", [second_suite])

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_declaration_not_yet_reviewed_restricts_nothing(
    client, suite, visitor, partner, visitor_headers
):
    declared(partner, kind="works_for_police")

    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.status_code == 201, response.get_data(as_text=True)


def test_not_compatible_keeps_the_visitor_off_every_site_until_reviewed_again(
    client, manager, suite, visitor, partner, visitor_headers
):
    made = reviewed(declared(partner), manager, "not_compatible")

    refused = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )
    reviewed(made, manager, "accepted")
    accepted = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert_problem(refused, 422, "visitor_ids")
    assert accepted.status_code == 201


def test_a_claim_at_a_restricted_site_is_refused_saying_why(manager, suite, visitor, partner):
    reviewed(declared(partner), manager, "restricted_to_sites", [suite])

    with pytest.raises(ClaimRefused) as refused:
        place_claim(suite, visitor, date(2023, 5, 8), now=MAY_2023, partner=partner)

    assert refused.value.status == 409
    assert "declared interest" in refused.value.errors["partner_id"][0]


def test_the_planner_keeps_a_restricted_visitor_off_the_site(scheme, manager, suite, second_suite):
    team = [
        make_person(scheme, "visitor", email=f"t{n}@northshire.example", name=f"Team {n}")
        for n in range(4)
    ]
    reviewed(declared(team[0]), manager, "restricted_to_sites", [suite])

    plan = plans.create_plan(
        scheme,
        manager,
        {
            "site_ids": [suite.id, second_suite.id],
            "starts_on": date(2023, 5, 8),
            "weeks": 6,
            "seed": 9,
        },
    )

    sites_of_first = {item.site_id for item in plan.items if team[0].id in item.visitor_ids}
    assert sites_of_first == {second_suite.id}
    assert db.session.scalar(
        select(PlanItemVisitor.person_id).where(PlanItemVisitor.person_id == team[0].id).limit(1)
    )
