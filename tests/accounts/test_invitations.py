"""Invitations: a person added without a password chooses their own with a one-time link."""

from datetime import timedelta

from sqlalchemy import update

from icv.common.database import db
from icv.models import AccountToken, AuditEvent, Notification, utcnow
from tests.support.accounts import API, BASE_URL, mails_to, token_in
from tests.support.problems import assert_problem

NEW_PASSWORD = "a long passphrase of my own"


def new_volunteer(**fields) -> dict:
    return {
        "name": "Tom Ellis",
        "email": "tom.ellis@example.org",
        "roles": ["visitor"],
        "status": "probation",
        "joined_on": "2024-09-02",
        **fields,
    }


def add(client, headers, **fields) -> dict:
    response = client.post(f"{API}/people", headers=headers, json=new_volunteer(**fields))
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def accept(client, token: str, password: str = NEW_PASSWORD):
    return client.post(f"{API}/auth/invitation/accept", json={"token": token, "password": password})


def sign_in(client, email: str, password: str = NEW_PASSWORD):
    return client.post(f"{API}/auth/login", json={"email": email, "password": password})


def test_adding_someone_without_a_password_emails_them_an_invitation(
    client, manager_headers, mail_server, scheme
):
    add(client, manager_headers)

    [message] = mails_to(mail_server, "tom.ellis@example.org")

    assert scheme.name in message["Subject"]
    assert scheme.name in message.get_content()
    assert f"{BASE_URL}/#/invite/" in message.get_content()
    assert "72 hours" in message.get_content()


def test_the_invitation_link_sets_the_password_and_then_they_sign_in(
    client, manager_headers, mail_server
):
    add(client, manager_headers)
    token = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")

    response = accept(client, token)

    assert response.status_code == 200
    assert response.get_json() == {"email": "tom.ellis@example.org"}
    assert sign_in(client, "tom.ellis@example.org").status_code == 200


def test_until_they_accept_the_invited_cannot_sign_in(client, manager_headers):
    add(client, manager_headers)

    assert sign_in(client, "tom.ellis@example.org").status_code == 401


def test_an_invitation_link_works_once(client, manager_headers, mail_server):
    add(client, manager_headers)
    token = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")
    accept(client, token)

    again = accept(client, token, "another long passphrase")

    body = assert_problem(again, 422, "token")
    assert "already used" in body["errors"]["token"][0]
    assert sign_in(client, "tom.ellis@example.org", "another long passphrase").status_code == 401


def test_an_expired_invitation_is_refused(client, manager_headers, mail_server):
    add(client, manager_headers)
    token = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    body = assert_problem(accept(client, token), 422, "token")

    assert "expired" in body["errors"]["token"][0]
    assert sign_in(client, "tom.ellis@example.org").status_code == 401


def test_a_new_invitation_replaces_the_last(client, manager_headers, mail_server):
    person = add(client, manager_headers)
    first = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")

    response = client.post(f"{API}/people/{person['id']}/invite", headers=manager_headers)

    assert response.status_code == 202
    second = token_in(mails_to(mail_server, "tom.ellis@example.org")[1], "invite")
    assert_problem(accept(client, first), 422, "token")
    assert accept(client, second).status_code == 200


def test_a_password_the_rules_refuse_leaves_the_link_usable(client, manager_headers, mail_server):
    add(client, manager_headers)
    token = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")

    assert_problem(accept(client, token, "short"), 422, "password")
    assert_problem(accept(client, token, "tom.ellis@example.org!"), 422, "password")
    assert_problem(accept(client, token, "1234567890"), 422, "password")  # a common password

    assert accept(client, token).status_code == 200


def test_someone_who_has_a_password_is_not_invited(client, manager_headers, visitor):
    response = client.post(f"{API}/people/{visitor.id}/invite", headers=manager_headers)

    assert_problem(response, 409)


def test_someone_who_cannot_sign_in_yet_is_not_invited(client, manager_headers, mail_server):
    applicant = add(client, manager_headers, status="applicant")

    response = client.post(f"{API}/people/{applicant['id']}/invite", headers=manager_headers)

    assert_problem(response, 409)
    assert mails_to(mail_server, "tom.ellis@example.org") == []


def test_the_invitation_link_is_not_in_the_inbox_and_is_blanked_once_sent(
    client, manager_headers, mail_server
):
    add(client, manager_headers)
    mails_to(mail_server, "tom.ellis@example.org")

    row = db.session.scalars(db.select(Notification).where(Notification.kind == "invitation")).one()
    assert (row.email_status, row.link) == ("sent", None)


def test_only_the_hash_of_the_token_is_stored(client, manager_headers, mail_server):
    add(client, manager_headers)
    token = token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite")

    stored = db.session.scalars(db.select(AccountToken.token_hash)).one()

    assert token not in stored and len(stored) == 64


def test_inviting_and_accepting_are_audited(client, manager_headers, mail_server):
    add(client, manager_headers)
    accept(client, token_in(mails_to(mail_server, "tom.ellis@example.org")[0], "invite"))

    actions = set(db.session.scalars(db.select(AuditEvent.action)))

    assert {"invite", "accept_invitation"} <= actions
