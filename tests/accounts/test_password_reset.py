"""A forgotten password: a one-time link by email, valid for an hour, that never tells
whether an email is known."""

from datetime import timedelta

from sqlalchemy import update

from icv.common.database import db
from icv.models import AccountToken, AuditEvent, utcnow
from icv.people import one_time_links
from tests.support.accounts import API, BASE_URL, deliver, mails_to, token_in
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem
from tests.support.records import move

NEW_PASSWORD = "a brand new passphrase"


def ask(client, email: str):
    return client.post(f"{API}/auth/password-reset", json={"email": email})


def choose(client, token: str, password: str = NEW_PASSWORD):
    return client.post(
        f"{API}/auth/password-reset/confirm", json={"token": token, "password": password}
    )


def sign_in(client, email: str, password: str):
    return client.post(f"{API}/auth/login", json={"email": email, "password": password})


def test_asking_emails_a_link_valid_for_an_hour(client, visitor, mail_server, scheme):
    response = ask(client, visitor.email)

    assert response.status_code == 202
    [message] = mails_to(mail_server, visitor.email)
    assert scheme.name in message["Subject"]
    assert f"{BASE_URL}/#/reset/" in message.get_content()
    assert "within 1 hour" in message.get_content()


def test_an_unknown_email_gets_exactly_the_answer_a_known_one_gets(client, visitor, mail_server):
    known = ask(client, visitor.email)
    unknown = ask(client, "nobody@nowhere.example")

    assert (unknown.status_code, unknown.mimetype) == (known.status_code, known.mimetype)
    assert unknown.get_data() == known.get_data()
    assert [message["To"] for message in deliver(mail_server)] == [visitor.email]


def test_an_unknown_email_does_the_same_token_hashing_as_a_known_one(client, visitor, monkeypatch):
    calls = []
    real = one_time_links.hash_token
    monkeypatch.setattr(
        one_time_links, "hash_token", lambda token: calls.append(token) or real(token)
    )

    ask(client, visitor.email)
    known_calls = len(calls)
    ask(client, "nobody@nowhere.example")

    assert known_calls == 1
    assert len(calls) - known_calls == known_calls


def test_the_link_sets_the_new_password(client, visitor, mail_server):
    ask(client, visitor.email)
    token = token_in(mails_to(mail_server, visitor.email)[0], "reset")

    response = choose(client, token)

    assert response.status_code == 200
    assert sign_in(client, visitor.email, NEW_PASSWORD).status_code == 200
    assert sign_in(client, visitor.email, PASSWORD).status_code == 401


def test_a_reset_ends_every_sign_in_and_tells_the_person(client, visitor, login, mail_server):
    headers = login(visitor)
    ask(client, visitor.email)
    token = token_in(mails_to(mail_server, visitor.email)[0], "reset")

    choose(client, token)

    assert client.get(f"{API}/me", headers=headers).status_code == 401
    changed = mails_to(mail_server, visitor.email)[-1]
    assert "password was changed" in changed["Subject"]
    assert NEW_PASSWORD not in changed.get_content()


def test_a_reset_link_works_once(client, visitor, mail_server):
    ask(client, visitor.email)
    token = token_in(mails_to(mail_server, visitor.email)[0], "reset")
    choose(client, token)

    assert_problem(choose(client, token, "yet another passphrase"), 422, "token")
    assert sign_in(client, visitor.email, NEW_PASSWORD).status_code == 200


def test_a_reset_link_expires_after_an_hour(client, visitor, mail_server):
    ask(client, visitor.email)
    token = token_in(mails_to(mail_server, visitor.email)[0], "reset")
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

    body = assert_problem(choose(client, token), 422, "token")

    assert "expired" in body["errors"]["token"][0]
    assert sign_in(client, visitor.email, PASSWORD).status_code == 200


def test_a_stored_link_lasts_one_hour(client, visitor):
    ask(client, visitor.email)

    row = db.session.scalars(db.select(AccountToken)).one()

    assert row.expires_at - row.created_at == timedelta(hours=1)


def test_asking_again_replaces_the_earlier_link(client, visitor, mail_server):
    ask(client, visitor.email)
    ask(client, visitor.email)
    first, second = (token_in(m, "reset") for m in mails_to(mail_server, visitor.email))

    assert_problem(choose(client, first), 422, "token")
    assert choose(client, second).status_code == 200


def test_asking_is_limited_per_email(client, visitor, app):
    answers = [ask(client, visitor.email).status_code for _ in range(6)]

    assert answers == [202] * 5 + [429]


def test_asking_is_limited_per_address(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "ICV_RESET_IP_LIMIT", "3 per hour")

    answers = [ask(client, f"someone{n}@example.org").status_code for n in range(4)]

    assert answers == [202, 202, 202, 429]


def test_someone_who_has_left_is_sent_nothing(client, visitor, mail_server):
    move(visitor, "left", left_on=visitor.joined_on + timedelta(days=400), leave_reason="Moved")

    assert ask(client, visitor.email).status_code == 202
    assert mails_to(mail_server, visitor.email) == []


def test_asking_and_resetting_are_audited(client, visitor, mail_server):
    ask(client, visitor.email)
    choose(client, token_in(mails_to(mail_server, visitor.email)[0], "reset"))

    actions = set(db.session.scalars(db.select(AuditEvent.action)))

    assert {"request_password_reset", "reset_password"} <= actions
