"""A second factor: an authenticator app (TOTP) with ten one-time recovery codes."""

from datetime import timedelta

import pyotp
from sqlalchemy import update

from icv.common.database import db
from icv.models import AuditEvent, AuthSession, Scheme, SecondFactor, utcnow
from tests.support.accounts import API, code_of_next_step, enrolled, mails_to
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem

SECOND_FACTOR_REQUIRED = "tag:icv,2026:second-factor-required"
CONFIRMATION_REQUIRED = "tag:icv,2026:confirmation-required"


def sign_in(client, person, **extra):
    return client.post(
        f"{API}/auth/login", json={"email": person.email, "password": PASSWORD, **extra}
    )


def test_enrolling_gives_the_secret_its_uri_and_a_qr_code(client, manager, manager_headers):
    response = client.post(f"{API}/me/second-factor", headers=manager_headers)

    body = response.get_json()
    assert response.status_code == 201
    assert pyotp.parse_uri(body["otpauth_uri"]).secret == body["secret"]
    assert body["qr_svg"].startswith("data:image/svg+xml")


def test_the_secret_is_stored_encrypted(client, manager_headers):
    secret = client.post(f"{API}/me/second-factor", headers=manager_headers).get_json()["secret"]

    stored = db.session.scalars(db.select(SecondFactor.secret_encrypted)).one()

    assert secret not in stored


def test_confirming_gives_ten_different_recovery_codes(client, manager_headers):
    _, codes = enrolled(client, manager_headers)

    assert len(set(codes)) == 10


def test_a_wrong_code_does_not_confirm_the_enrolment(client, manager, manager_headers):
    client.post(f"{API}/me/second-factor", headers=manager_headers)

    response = client.post(
        f"{API}/me/second-factor/confirm", headers=manager_headers, json={"code": "000000"}
    )

    assert_problem(response, 422, "code")
    assert sign_in(client, manager).status_code == 200  # not in force


def test_once_enrolled_signing_in_needs_the_code(client, manager, manager_headers):
    enrolled(client, manager_headers)

    response = sign_in(client, manager)

    body = assert_problem(response, 401, "code")
    assert body["type"] == SECOND_FACTOR_REQUIRED


def test_signing_in_with_the_code(client, manager, manager_headers):
    secret, _ = enrolled(client, manager_headers)

    response = sign_in(client, manager, code=code_of_next_step(secret))

    assert response.status_code == 200
    assert response.get_json()["second_factor"]["enrolled"] is True


def test_a_wrong_code_is_refused(client, manager, manager_headers):
    enrolled(client, manager_headers)

    assert_problem(sign_in(client, manager, code="123456"), 401, "code")


def test_a_code_is_good_once(client, manager, manager_headers):
    secret, _ = enrolled(client, manager_headers)
    code = code_of_next_step(secret)
    sign_in(client, manager, code=code)

    assert_problem(sign_in(client, manager, code=code), 401, "code")


def test_a_recovery_code_signs_in_once(client, manager, manager_headers):
    _, codes = enrolled(client, manager_headers)

    first = sign_in(client, manager, code=codes[0].upper().replace("-", " "))
    again = sign_in(client, manager, code=codes[0])

    assert first.status_code == 200
    assert_problem(again, 401, "code")
    assert first.get_json()["second_factor"]["recovery_codes_left"] == 9


def test_new_recovery_codes_replace_the_old_ones(client, manager, manager_headers):
    _, old_codes = enrolled(client, manager_headers)

    response = client.post(f"{API}/me/second-factor/recovery-codes", headers=manager_headers)

    assert response.status_code == 201
    new_codes = response.get_json()["recovery_codes"]
    assert len(set(new_codes)) == 10 and not set(new_codes) & set(old_codes)
    assert_problem(sign_in(client, manager, code=old_codes[0]), 401, "code")
    signed_in = sign_in(client, manager, code=new_codes[0])
    assert signed_in.get_json()["second_factor"]["recovery_codes_left"] == 9


def test_new_recovery_codes_without_an_app_in_force_are_a_conflict(client, manager_headers):
    client.post(f"{API}/me/second-factor", headers=manager_headers)  # set up, never confirmed

    response = client.post(f"{API}/me/second-factor/recovery-codes", headers=manager_headers)

    assert_problem(response, 409)


def test_new_recovery_codes_need_a_recent_confirmation_and_keep_the_old(
    client, manager, manager_headers
):
    _, old_codes = enrolled(client, manager_headers)
    db.session.execute(update(AuthSession).values(confirmed_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()

    response = client.post(f"{API}/me/second-factor/recovery-codes", headers=manager_headers)

    assert assert_problem(response, 403)["type"] == CONFIRMATION_REQUIRED
    assert sign_in(client, manager, code=old_codes[0]).status_code == 200


def test_wrong_codes_count_as_failed_sign_ins(client, manager, manager_headers):
    enrolled(client, manager_headers)

    answers = [sign_in(client, manager, code="000000").status_code for _ in range(6)]

    assert answers == [401] * 5 + [429]


def test_enrolling_again_while_one_is_in_force_is_a_conflict(client, manager_headers):
    enrolled(client, manager_headers)

    assert_problem(client.post(f"{API}/me/second-factor", headers=manager_headers), 409)


def test_a_manager_removes_someones_second_factor_and_they_are_told(
    client, login, manager_headers, visitor, mail_server
):
    enrolled(client, login(visitor))

    response = client.delete(f"{API}/people/{visitor.id}/second-factor", headers=manager_headers)

    assert response.status_code == 204
    assert sign_in(client, visitor).status_code == 200
    [told] = mails_to(mail_server, visitor.email)
    assert "second factor was removed" in told["Subject"]


def test_removing_ones_own_second_factor(client, manager, manager_headers):
    enrolled(client, manager_headers)

    assert client.delete(f"{API}/me/second-factor", headers=manager_headers).status_code == 204
    assert sign_in(client, manager).status_code == 200


def test_a_scheme_may_require_it_of_managers(client, manager, scheme):
    db.session.execute(update(Scheme).values(managers_need_second_factor=True))
    db.session.commit()

    response = sign_in(client, manager)

    assert response.status_code == 200  # they sign in, and are told to set one up
    assert response.get_json()["second_factor"] == {
        "enrolled": False,
        "required": True,
        "recovery_codes_left": 0,
    }


def test_every_step_is_audited(client, manager, manager_headers):
    _, codes = enrolled(client, manager_headers)
    sign_in(client, manager, code=codes[0])
    client.delete(f"{API}/me/second-factor", headers=manager_headers)

    actions = set(db.session.scalars(db.select(AuditEvent.action)))

    assert {
        "second_factor_enrol",
        "second_factor_confirm",
        "recovery_code_used",
        "second_factor_remove",
    } <= actions
