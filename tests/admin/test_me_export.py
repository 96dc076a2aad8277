"""`GET /me/export`: everything the scheme holds about the caller, and nothing about anyone
else (other people's names and emails, detainees' references, what was written at visits)."""

from datetime import date
from decimal import Decimal

from icv.calendar import tokens
from icv.people import activities
from tests.support.records import make_person
from tests.visits.visit_bodies import custody_visit

EXPORT = "/api/v1/me/export"
DETAINEE_REFS = ["QX-4471", "QX-4472", "QX-4473", "QX-4474", "QX-4475", "QX-4476"]


def visit_with_others(suite, visitor, partner) -> dict:
    body = custody_visit(suite, visitor, partner, notes="Cell 4 was very cold tonight")
    for entry, ref in zip(body["detainees"], DETAINEE_REFS, strict=True):
        entry["ref"] = ref
    body["issues"][0]["detainee_ref"] = DETAINEE_REFS[0]
    return body


def test_the_export_holds_the_callers_record_visits_and_activities(
    client, login, record, scheme, manager, suite, visitor, partner
):
    headers = login(visitor)
    created = record(headers, visit_with_others(suite, visitor, partner))
    activities.record_activity(
        scheme,
        manager,
        {
            "person_id": visitor.id,
            "kind": "training",
            "date": date(2026, 2, 3),
            "hours": Decimal(2),
        },
    )
    tokens.new_token(visitor)

    response = client.get(EXPORT, headers=headers)

    assert response.status_code == 200, response.get_json()
    export = response.get_json()
    assert export["person"]["email"] == visitor.email
    assert export["person"]["roles"] == ["visitor"]
    assert export["status_history"][0]["to_status"] == "active"
    [visit] = export["visits"]
    assert (visit["id"], visit["other_visitor_ids"]) == (created["id"], [partner.id])
    assert export["activities"][0]["hours"] == 2
    assert export["hours"][0]["label"] == "2025/26"
    assert export["hours"][0]["activity_hours"] == 2
    assert export["sign_ins"]
    assert export["calendar_feed"] is not None


def test_the_export_says_nothing_about_anyone_else(
    client, login, record, scheme, manager, suite, visitor, partner, other_manager
):
    headers = login(visitor)
    record(login(partner), visit_with_others(suite, visitor, partner))
    stranger = make_person(scheme, "visitor", email="sam.stranger@example.org", name="Sam Stranger")

    text = client.get(EXPORT, headers=headers).get_data(as_text=True)

    for other in (partner, manager, stranger, other_manager):
        assert other.email not in text
        assert other.name not in text
    for ref in DETAINEE_REFS:
        assert ref not in text
    assert "Cell 4 was very cold" not in text
    assert "No hot drink" not in text
    assert "PS Sam Reid" not in text


def test_each_person_exports_their_own_data(client, login, visitor, manager):
    export = client.get(EXPORT, headers=login(manager)).get_json()

    assert export["person"]["id"] == manager.id
    assert export["visits"] == []


def test_the_export_needs_a_sign_in(client):
    assert client.get(EXPORT).status_code == 401


def test_the_export_holds_the_callers_declarations_of_interest(client, login, visitor):
    headers = login(visitor)
    declared = client.post(
        f"/api/v1/people/{visitor.id}/declarations",
        headers=headers,
        json={
            "kind": "family_in_police",
            "detail": "My aunt is a PCSO.",
            "declared_on": "2026-01-05",
        },
    )
    assert declared.status_code == 201, declared.get_json()

    export = client.get(EXPORT, headers=headers).get_json()

    [declaration] = export["declarations"]
    assert declaration["kind"] == "family_in_police"
    assert declaration["detail"] == "My aunt is a PCSO."
    assert declaration["decision"] is None
