"""Screening free text for a date of birth or a phone number: examples that must warn and must
not, and the warnings a visit's or an issue's answer carries (the text kept as written)."""

from datetime import date

import pytest

from icv.visits.text_screening import BIRTH_MESSAGE, PHONE_MESSAGE, screen
from tests.visits.visit_bodies import VISITS, custody_visit

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    "text",
    [
        "Asked us to call his sister on 07700 900123",
        "Mobile +44 7700 900123",
        "Solicitor's office 020 7946 0958",
        "Ring (0161) 496 0000 for the family",
        "0044 113 496 0123",
        "+44 (0)7911 123456",
        "tel:01632960123",
    ],
)
def test_a_uk_phone_number_warns(text):
    assert screen(text, TODAY) == [PHONE_MESSAGE]


@pytest.mark.parametrize(
    "text",
    [
        "DOB 12/03/1985",
        "d.o.b. 3.4.2001",
        "born 12 March 1985",
        "Said his birthday is 12th Mar 85",
        "March 12, 1985",
        "1985-03-12",
        "Date of birth: 2015-01-01",
        "Born on 01/02/2019 apparently",
    ],
)
def test_a_date_of_birth_warns(text):
    assert screen(text, TODAY) == [BIRTH_MESSAGE]


@pytest.mark.parametrize(
    "text",
    [
        "Toilet blocked since 02/03/2026",
        "Seen at 2026-03-09 10:00 by the nurse",
        "Custody record 01/123456/26 read with consent",
        "Custody number 26-00123456",
        "15475 people passed through custody",
        "In cell 12 since 10.30",
        "Blanket given at 10:45, cell C12",
        "Visited 12/03/2024 too",
        "31/02/1985 is no date",
        "",
        None,
    ],
)
def test_ordinary_text_does_not_warn(text):
    assert screen(text, TODAY) == []


def test_both_in_one_text_give_both_warnings():
    assert screen("DOB 12/03/1985, phone 07700 900123", TODAY) == [BIRTH_MESSAGE, PHONE_MESSAGE]


def test_a_visit_answer_warns_naming_each_field_and_keeps_the_text(
    client, visitor_headers, suite, visitor, partner
):
    body = custody_visit(suite, visitor, partner, notes="C3's mother: 07700 900123")
    body["detainees"][3]["reason"] = "With the nurse, DOB 12/03/1985"
    body["issues"][0]["description"] = "Wants a call to 020 7946 0958"
    body["checks"]["cells_clean"] = {"result": "concern", "note": "Born 1 May 1990 written on wall"}

    response = client.post(VISITS, headers=visitor_headers, json=body)

    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert sorted((w["field"], w["message"]) for w in answer["warnings"]) == sorted(
        [
            ("notes", PHONE_MESSAGE),
            ("detainees.3.reason", BIRTH_MESSAGE),
            ("issues.0.description", PHONE_MESSAGE),
            ("checks.cells_clean.note", BIRTH_MESSAGE),
        ]
    )
    assert answer["notes"] == "C3's mother: 07700 900123"


def test_a_visit_without_such_text_has_no_warnings(
    client, visitor_headers, suite, visitor, partner
):
    response = client.post(
        VISITS, headers=visitor_headers, json=custody_visit(suite, visitor, partner)
    )

    assert response.get_json()["warnings"] == []


def test_an_edit_warns_about_the_text_it_writes(
    client, record, visitor_headers, suite, visitor, partner
):
    created = record(visitor_headers, custody_visit(suite, visitor, partner, status="draft"))
    etag = client.get(f"{VISITS}/{created['id']}", headers=visitor_headers).headers["ETag"]

    response = client.patch(
        f"{VISITS}/{created['id']}",
        headers={**visitor_headers, "If-Match": etag},
        json={"abandon_note": None, "notes": "Custody sergeant's direct line 0113 496 0123"},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["warnings"] == [{"field": "notes", "message": PHONE_MESSAGE}]


def test_an_issue_answer_warns_about_its_response(
    client, record, visitor_headers, inspector_headers, suite, visitor, partner
):
    created = record(visitor_headers, custody_visit(suite, visitor, partner, status="submitted"))
    issue_id = created["issues"][0]["id"]

    response = client.post(
        f"/api/v1/issues/{issue_id}/acknowledge",
        headers=inspector_headers,
        json={"response": "Family rang back on 07700 900123"},
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["warnings"] == [{"field": "response", "message": PHONE_MESSAGE}]
