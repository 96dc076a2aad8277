"""Whom a visitor may name as a partner: the scheme's visitors who may visit, names only."""

from datetime import date

from tests.support.records import make_person, make_volunteer


def names(client, headers) -> list[str]:
    response = client.get("/api/v1/colleagues", headers=headers)
    assert response.status_code == 200
    return [colleague["name"] for colleague in response.get_json()]


def test_active_and_probation_visitors_are_listed(client, scheme, visitor, login):
    make_volunteer(scheme, "Pam Probation", date(2024, 1, 1), status="probation")

    assert names(client, login(visitor)) == ["Pam Probation", visitor.name]


def test_people_who_may_not_visit_are_not_listed(
    client, scheme, visitor, manager, inspector, login
):
    make_volunteer(scheme, "Ann Applicant", date(2024, 1, 1), status="applicant")

    assert names(client, login(visitor)) == [visitor.name]


def test_another_schemes_visitors_are_not_listed(client, visitor, other_visitor, login):
    assert names(client, login(visitor)) == [visitor.name]


def test_a_colleague_is_shown_by_name_and_dog_unit_eligibility_only(client, scheme, visitor, login):
    make_person(scheme, "visitor", email="dora@northshire.example", name="Dora Dogs")

    listed = client.get("/api/v1/colleagues", headers=login(visitor)).get_json()

    assert {key for colleague in listed for key in colleague} == {
        "id",
        "name",
        "may_visit_dog_unit",
    }
    assert {c["name"]: c["may_visit_dog_unit"] for c in listed} == {
        "Dora Dogs": False,
        visitor.name: True,
    }
