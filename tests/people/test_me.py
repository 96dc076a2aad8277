"""`PATCH /me`: anyone corrects their own name, email and password; nothing else."""

import pytest

from icv.common.database import db
from icv.models import Person
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem
from tests.support.records import count_rows

ME = "/api/v1/me"
NEW_PASSWORD = "a brand new passphrase"


def sign_in(client, email: str, password: str):
    return client.post("/api/v1/auth/login", json={"email": email, "password": password})


@pytest.mark.parametrize("role_fixture", ["visitor", "inspector", "viewer", "manager"])
def test_anyone_corrects_their_own_name(client, login, request, role_fixture):
    person = request.getfixturevalue(role_fixture)

    response = client.patch(ME, headers=login(person), json={"name": "Corrected Name"})

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Corrected Name"
    assert response.headers["ETag"]


def test_a_visitor_corrects_their_email_and_signs_in_with_it(client, visitor, login):
    response = client.patch(
        ME,
        headers=login(visitor),
        json={"email": "New.Address@Example.org", "current_password": PASSWORD},
    )

    assert response.get_json()["email"] == "new.address@example.org"
    assert sign_in(client, "new.address@example.org", PASSWORD).status_code == 200


def test_a_new_email_needs_the_current_password(client, visitor, login):
    headers = login(visitor)

    response = client.patch(ME, headers=headers, json={"email": "someone.else@example.org"})

    assert_problem(response, 422, "current_password")
    assert client.get(ME, headers=headers).get_json()["email"] == visitor.email


def test_the_same_email_written_differently_needs_no_password(client, visitor, login):
    response = client.patch(ME, headers=login(visitor), json={"email": visitor.email.upper()})

    assert response.status_code == 200
    assert response.get_json()["email"] == visitor.email


def test_refusals_with_the_right_current_password_use_up_no_tries(client, visitor, manager, login):
    headers = login(visitor)
    taken = {"email": manager.email, "current_password": PASSWORD}

    answers = [client.patch(ME, headers=headers, json=taken).status_code for _ in range(7)]

    assert answers == [409] * 7


def test_an_email_in_use_is_a_conflict(client, visitor, manager, login):
    response = client.patch(
        ME, headers=login(visitor), json={"email": manager.email, "current_password": PASSWORD}
    )

    assert_problem(response, 409, "email")


def test_a_new_password_with_the_current_one_is_set(client, visitor, login):
    response = client.patch(
        ME,
        headers=login(visitor),
        json={"password": NEW_PASSWORD, "current_password": PASSWORD},
    )

    assert response.status_code == 200
    assert sign_in(client, visitor.email, NEW_PASSWORD).status_code == 200
    assert sign_in(client, visitor.email, PASSWORD).status_code == 401


def test_a_new_password_containing_the_email_is_refused_and_the_old_one_kept(
    client, visitor, login
):
    name = visitor.email.partition("@")[0]

    response = client.patch(
        ME,
        headers=login(visitor),
        json={"password": f"my name is {name} ok", "current_password": PASSWORD},
    )

    assert_problem(response, 422, "password")
    assert sign_in(client, visitor.email, PASSWORD).status_code == 200


def test_a_new_password_signs_out_other_sessions_but_not_this_one(client, visitor, login):
    laptop, phone = login(visitor), login(visitor)

    client.patch(ME, headers=phone, json={"password": NEW_PASSWORD, "current_password": PASSWORD})

    assert_problem(client.get(ME, headers=laptop), 401)
    assert client.get(ME, headers=phone).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"password": NEW_PASSWORD}, "current_password"),
        ({"password": NEW_PASSWORD, "current_password": "not my password"}, "current_password"),
        ({"current_password": PASSWORD}, "password"),
        ({"password": "short", "current_password": PASSWORD}, "password"),
        ({"email": "not-an-email"}, "email"),
        ({"name": "  "}, "name"),
        ({"roles": ["manager"]}, "roles"),
        ({"status": "active"}, "status"),
        ({"home_area": "North"}, "home_area"),
        ({"aws": True}, "aws"),
    ],
)
def test_a_bad_correction_is_422_naming_the_field_and_writes_nothing(
    client, visitor, login, body, field
):
    headers = login(visitor)
    before = count_rows("audit_event")

    response = client.patch(ME, headers=headers, json={"name": "Should Not Stick", **body})

    assert_problem(response, 422, field)
    assert count_rows("audit_event") == before
    db.session.expire_all()
    assert db.session.get(Person, visitor.id).name != "Should Not Stick"


def test_a_correction_is_audited_without_the_password(client, visitor, manager, login):
    client.patch(
        ME,
        headers=login(visitor),
        json={"name": "Val J", "password": NEW_PASSWORD, "current_password": PASSWORD},
    )

    events = client.get(
        "/api/v1/audit",
        headers=login(manager),
        query_string={"entity": "person", "entity_id": visitor.id},
    ).get_json()

    own = next(event for event in events if event["action"] == "update_own")
    assert own["actor_id"] == visitor.id
    assert own["changes"] == {"name": ["Visitor of Northshire", "Val J"], "password": "changed"}


def test_a_stale_if_match_is_412(client, visitor, login):
    headers = login(visitor)
    etag = client.get(ME, headers=headers).headers["ETag"]
    client.patch(ME, headers=headers, json={"name": "First"})

    response = client.patch(ME, headers={**headers, "If-Match": etag}, json={"name": "Second"})

    assert_problem(response, 412)


def test_repeated_wrong_current_passwords_are_limited(client, visitor, login):
    headers = login(visitor)
    wrong = {"password": NEW_PASSWORD, "current_password": "guess"}
    for _ in range(5):
        client.patch(ME, headers=headers, json=wrong)

    response = client.patch(ME, headers=headers, json=wrong)

    assert_problem(response, 429)


def test_correcting_needs_a_token(client, ctx):
    assert_problem(client.patch(ME, json={"name": "Anyone"}), 401)
