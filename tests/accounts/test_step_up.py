"""Step-up: the most sensitive changes need a confirmation of who the caller is within the
last five minutes; signing in counts as one."""

from datetime import timedelta

from sqlalchemy import update

from icv.common.database import db
from icv.models import AuditEvent, AuthSession, Person, Scheme, utcnow
from tests.support.accounts import API, code_of_next_step, enrolled
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem

CONFIRMATION_REQUIRED = "tag:icv,2026:confirmation-required"
NEW_MANAGER = {
    "name": "Mo Manager",
    "email": "mo.manager@example.org",
    "password": "a long passphrase of mine",
    "roles": ["manager"],
    "status": "active",
    "joined_on": "2024-09-02",
}


def sign_in_long_ago() -> None:
    """Every sign-in so far was confirmed ten minutes ago."""
    db.session.execute(update(AuthSession).values(confirmed_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()


def confirm(client, headers, **proof):
    return client.post(f"{API}/auth/confirm", headers=headers, json=proof)


def test_a_fresh_sign_in_may_create_a_manager(client, manager_headers):
    response = client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER)

    assert response.status_code == 201


def test_an_old_sign_in_may_not_create_a_manager(client, manager_headers):
    sign_in_long_ago()

    response = client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER)

    body = assert_problem(response, 403)
    assert body["type"] == CONFIRMATION_REQUIRED
    assert "/auth/confirm" in body["detail"]
    assert db.session.scalar(db.select(Person).where(Person.email == NEW_MANAGER["email"])) is None


def test_confirming_with_the_password_allows_it_again(client, manager_headers):
    sign_in_long_ago()

    confirmed = confirm(client, manager_headers, password=PASSWORD)
    response = client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER)

    assert confirmed.status_code == 200
    assert response.status_code == 201


def test_confirming_with_a_code_allows_it_again(client, manager_headers):
    secret, _ = enrolled(client, manager_headers)
    sign_in_long_ago()

    confirmed = confirm(client, manager_headers, code=code_of_next_step(secret))

    assert confirmed.status_code == 200
    assert (
        client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER).status_code == 201
    )


def test_a_wrong_password_confirms_nothing(client, manager_headers):
    sign_in_long_ago()

    assert_problem(confirm(client, manager_headers, password="not my password"), 422, "password")
    assert_problem(client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER), 403)


def test_confirming_needs_exactly_one_proof(client, manager_headers):
    assert_problem(confirm(client, manager_headers), 422, "password")
    assert_problem(confirm(client, manager_headers, password=PASSWORD, code="1"), 422, "password")


def test_an_old_sign_in_may_not_promote_someone_to_manager(client, manager_headers, visitor):
    sign_in_long_ago()
    etag = client.get(f"{API}/people/{visitor.id}", headers=manager_headers).headers["ETag"]

    response = client.patch(
        f"{API}/people/{visitor.id}",
        headers={**manager_headers, "If-Match": etag},
        json={"roles": ["visitor", "manager"]},
    )

    assert_problem(response, 403)


def test_an_old_sign_in_may_not_change_someone_elses_email(client, manager_headers, visitor):
    sign_in_long_ago()
    etag = client.get(f"{API}/people/{visitor.id}", headers=manager_headers).headers["ETag"]

    response = client.patch(
        f"{API}/people/{visitor.id}",
        headers={**manager_headers, "If-Match": etag},
        json={"email": "taken.over@example.org"},
    )

    assert_problem(response, 403)


def test_an_old_sign_in_may_still_make_ordinary_changes(client, manager_headers, visitor):
    sign_in_long_ago()
    etag = client.get(f"{API}/people/{visitor.id}", headers=manager_headers).headers["ETag"]

    response = client.patch(
        f"{API}/people/{visitor.id}",
        headers={**manager_headers, "If-Match": etag},
        json={"name": "Vic Renamed"},
    )

    assert response.status_code == 200


def test_an_old_sign_in_may_not_remove_someones_second_factor(
    client, login, manager_headers, visitor
):
    enrolled(client, login(visitor))
    sign_in_long_ago()

    response = client.delete(f"{API}/people/{visitor.id}/second-factor", headers=manager_headers)

    assert_problem(response, 403)


def test_an_old_sign_in_may_not_set_up_a_second_factor(client, visitor_headers):
    sign_in_long_ago()

    assert_problem(client.post(f"{API}/me/second-factor", headers=visitor_headers), 403)


def test_a_manager_a_scheme_requires_a_second_factor_of_must_set_it_up_first(
    client, manager_headers
):
    db.session.execute(update(Scheme).values(managers_need_second_factor=True))
    db.session.commit()

    refused = client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER)
    enrolled(client, manager_headers)
    allowed = client.post(f"{API}/people", headers=manager_headers, json=NEW_MANAGER)

    assert assert_problem(refused, 403)["type"] == "tag:icv,2026:second-factor-enrolment-required"
    assert allowed.status_code == 201


def test_confirmations_are_audited(client, manager_headers):
    confirm(client, manager_headers, password=PASSWORD)

    assert "confirm_identity" in set(db.session.scalars(db.select(AuditEvent.action)))


def test_an_old_sign_in_may_not_change_the_schemes_settings(client, manager_headers):
    sign_in_long_ago()

    response = client.patch(
        f"{API}/scheme",
        headers={**manager_headers, "If-Match": "*"},
        json={"acknowledge_days": 3},
    )

    body = assert_problem(response, 403)
    assert body["type"] == CONFIRMATION_REQUIRED
    assert client.get(f"{API}/scheme", headers=manager_headers).json["acknowledge_days"] != 3


def test_a_manager_may_require_a_second_factor_of_the_schemes_managers(
    client, manager_headers, manager
):
    response = client.patch(
        f"{API}/scheme",
        headers={**manager_headers, "If-Match": "*"},
        json={"managers_need_second_factor": True},
    )

    assert response.status_code == 200
    assert response.json["managers_need_second_factor"] is True
    assert db.session.get(Scheme, manager.scheme_id).managers_need_second_factor is True
