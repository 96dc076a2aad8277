import base64
import time
from datetime import date, timedelta

import jwt as pyjwt
import pytest
from sqlalchemy import update
from werkzeug.exceptions import TooManyRequests

from api import create_app
from api.framework.attempts import Attempts
from icv.common.database import db
from icv.models import AuthSession, utcnow
from tests.support.app import PASSWORD, app_config
from tests.support.problems import assert_problem
from tests.support.records import make_person

LOGIN = "/api/v1/auth/login"


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, json={"email": email, "password": password})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_login_returns_tokens_and_the_user(client, manager):
    response = sign_in(client, manager.email)

    assert response.status_code == 200
    body = response.get_json()
    assert body["access_token"] and body["refresh_token"]
    assert body["user"]["id"] == manager.id
    assert body["user"]["roles"] == ["manager"]
    assert "password" not in body["user"] and "password_hash" not in body["user"]


def test_login_ignores_case_and_spaces_in_the_email(client, manager):
    assert sign_in(client, f"  {manager.email.upper()} ").status_code == 200


def test_wrong_password_and_unknown_email_answer_alike(client, manager):
    wrong_password = sign_in(client, manager.email, "not the password")
    unknown_email = sign_in(client, "nobody@nowhere.example")

    assert_problem(wrong_password, 401)
    assert_problem(unknown_email, 401)
    assert wrong_password.get_json() == unknown_email.get_json()


def test_login_without_password_is_a_422_naming_it(client, manager):
    assert_problem(client.post(LOGIN, json={"email": manager.email}), 422, "password")


def test_repeated_failed_logins_are_rate_limited(client, manager):
    for _ in range(5):
        assert sign_in(client, manager.email, "wrong guess").status_code == 401

    response = sign_in(client, manager.email, "wrong guess")

    assert_problem(response, 429)
    assert "Retry-After" in response.headers


def test_rate_limit_holds_even_for_the_right_password_once_reached(client, manager):
    for _ in range(5):
        sign_in(client, manager.email, "wrong guess")

    assert sign_in(client, manager.email).status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(client, manager):
    for _ in range(8):
        assert sign_in(client, manager.email).status_code == 200


def test_sign_ins_the_database_could_not_answer_use_up_no_tries(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'icv.sqlite3'}"
    client = create_app(app_config(unreachable)).test_client()

    answers = [sign_in(client, "someone@example.org", "a guess").status_code for _ in range(8)]

    assert answers == [503] * 8


def guess_from(client, address: str, number: int):
    return client.post(
        LOGIN,
        json={"email": f"someone{number}@example.org", "password": "a guess"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_sign_ins_from_one_address_are_limited_whatever_the_email(client):
    for number in range(50):
        assert guess_from(client, "203.0.113.7", number).status_code == 401

    response = guess_from(client, "203.0.113.7", 50)

    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) >= 1


def test_another_address_keeps_its_own_tries(client):
    for number in range(51):
        guess_from(client, "203.0.113.7", number)

    assert guess_from(client, "198.51.100.4", 0).status_code == 401


def test_me_returns_the_signed_in_person(client, visitor, login):
    response = client.get("/api/v1/me", headers=login(visitor))

    assert response.status_code == 200
    assert response.get_json()["email"] == visitor.email


def test_me_without_a_token_is_401(client, ctx):
    response = client.get("/api/v1/me")

    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_a_forged_token_is_401(client, ctx):
    assert_problem(client.get("/api/v1/me", headers=bearer("not.a.token")), 401)


def segment(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def signed_elsewhere(token: str) -> str:
    claims = pyjwt.decode(token, options={"verify_signature": False})
    return pyjwt.encode(claims, "another key of at least thirty-two bytes", algorithm="HS256")


# A token as received -> a malformed token made from it.
MALFORMED_TOKENS = {
    "random bytes": lambda token: segment(bytes(range(200, 256))),
    "a header of bytes that are not UTF-8": lambda token: ".".join(
        [segment(b"\x80\x81\x82\xff"), segment(b"{}"), segment(b"sig")]
    ),
    "a header that is not JSON": lambda token: ".".join(
        [segment(b"not json"), segment(b"{}"), segment(b"sig")]
    ),
    "an unsigned token (alg none)": lambda token: ".".join(
        [segment(b'{"alg": "none"}'), segment(b"{}"), ""]
    ),
    "half a token": lambda token: token[: len(token) // 2],
    "a token cut short": lambda token: token[:-7],
    "a bad signature": lambda token: token.rsplit(".", 1)[0] + "." + segment(b"x" * 32),
    "a signature by another key": signed_elsewhere,
    "non-ASCII characters": lambda token: "\u00e9\u00fc.\u00df.\u00ff\u00fe",
    "a NUL byte": lambda token: token[:10] + "\x00" + token[10:],
}


@pytest.mark.parametrize("malformed", MALFORMED_TOKENS)
def test_a_malformed_token_is_a_401_that_says_to_sign_in_again(client, visitor, malformed):
    token = sign_in(client, visitor.email).get_json()["access_token"]

    response = client.get("/api/v1/me", headers=bearer(MALFORMED_TOKENS[malformed](token)))

    body = assert_problem(response, 401)
    assert body["detail"] == "The token is not valid: sign in again."


def test_refresh_gives_a_new_access_token(client, visitor):
    tokens = sign_in(client, visitor.email).get_json()

    response = client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"]))

    assert response.status_code == 200
    new_access = response.get_json()["access_token"]
    assert client.get("/api/v1/me", headers=bearer(new_access)).status_code == 200


def test_an_access_token_cannot_refresh(client, visitor):
    tokens = sign_in(client, visitor.email).get_json()

    response = client.post("/api/v1/auth/refresh", headers=bearer(tokens["access_token"]))

    body = assert_problem(response, 401)
    assert body["detail"] == "Send the refresh token: an access token cannot refresh."


def test_a_refresh_token_is_not_an_access_token(client, visitor):
    tokens = sign_in(client, visitor.email).get_json()

    response = client.get("/api/v1/me", headers=bearer(tokens["refresh_token"]))

    body = assert_problem(response, 401)
    assert body["detail"] == "Send the access token: a refresh token only refreshes."


def test_logout_revokes_both_the_access_and_the_refresh_token(client, visitor):
    tokens = sign_in(client, visitor.email).get_json()

    response = client.post("/api/v1/auth/logout", headers=bearer(tokens["access_token"]))

    assert response.status_code == 204
    assert_problem(client.get("/api/v1/me", headers=bearer(tokens["access_token"])), 401)
    refresh = client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert_problem(refresh, 401)


def test_logout_with_the_refresh_token_ends_the_sign_in_too(client, visitor):
    tokens = sign_in(client, visitor.email).get_json()

    client.post("/api/v1/auth/logout", headers=bearer(tokens["refresh_token"]))

    assert_problem(client.get("/api/v1/me", headers=bearer(tokens["access_token"])), 401)


def test_logout_ends_only_that_sign_in(client, visitor):
    phone = sign_in(client, visitor.email).get_json()
    laptop = sign_in(client, visitor.email).get_json()

    client.post("/api/v1/auth/logout", headers=bearer(phone["access_token"]))

    assert client.get("/api/v1/me", headers=bearer(laptop["access_token"])).status_code == 200


def test_a_volunteer_who_leaves_loses_access_at_once(client, manager, visitor, login):
    visitor_headers = login(visitor)
    assert client.get("/api/v1/me", headers=visitor_headers).status_code == 200

    client.patch(
        f"/api/v1/people/{visitor.id}",
        headers=login(manager),
        json={"status": "left", "left_on": "2026-01-31", "leave_reason": "Moved away"},
    )

    assert_problem(client.get("/api/v1/me", headers=visitor_headers), 401)
    assert_problem(sign_in(client, visitor.email), 401)


def test_a_suspended_volunteer_cannot_refresh(client, manager, visitor, login):
    tokens = sign_in(client, visitor.email).get_json()

    client.patch(
        f"/api/v1/people/{visitor.id}", headers=login(manager), json={"status": "suspended"}
    )

    refresh = client.post("/api/v1/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert_problem(refresh, 401)


def test_roles_are_read_from_the_database_not_the_token(client, manager, login, scheme):
    colleague = make_person(scheme, "manager", email="colleague@northshire.example")
    colleague_headers = login(colleague)

    client.patch(
        f"/api/v1/people/{colleague.id}", headers=login(manager), json={"roles": ["viewer"]}
    )

    assert_problem(client.get("/api/v1/people", headers=colleague_headers), 403)


def test_applicants_cannot_sign_in(client, scheme):
    applicant = make_person(scheme, "visitor", email="new@northshire.example", status="applicant")

    assert_problem(sign_in(client, applicant.email), 401)


def test_probationers_can_sign_in(client, scheme):
    probationer = make_person(
        scheme,
        "visitor",
        email="probation@northshire.example",
        status="probation",
        joined_on=date(2026, 9, 1),
    )

    assert sign_in(client, probationer.email).status_code == 200


def test_a_person_without_a_password_cannot_sign_in(client, scheme):
    person = make_person(scheme, "viewer", email="nopass@northshire.example", password=None)

    assert_problem(sign_in(client, person.email, ""), 401)
    assert_problem(sign_in(client, person.email, "anything at all"), 401)


def refresh_with(client, refresh_token: str):
    return client.post("/api/v1/auth/refresh", headers=bearer(refresh_token))


def age_last_refresh(seconds: int) -> None:
    """As if the last refresh happened `seconds` ago."""
    long_ago = utcnow() - timedelta(seconds=seconds)
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.refreshed_at.is_not(None))
        .values(refreshed_at=long_ago)
    )
    db.session.commit()


def test_refresh_replaces_the_refresh_token(client, visitor):
    first = sign_in(client, visitor.email).get_json()["refresh_token"]

    response = refresh_with(client, first)

    assert response.status_code == 200
    second = response.get_json()["refresh_token"]
    assert second != first
    assert refresh_with(client, second).status_code == 200


def test_a_refresh_retried_at_once_after_a_lost_answer_still_works(client, visitor):
    first = sign_in(client, visitor.email).get_json()["refresh_token"]
    refresh_with(client, first)

    retry = refresh_with(client, first)

    assert retry.status_code == 200


def test_a_used_refresh_token_presented_later_ends_the_whole_sign_in(client, ctx, visitor):
    tokens = sign_in(client, visitor.email).get_json()
    second = refresh_with(client, tokens["refresh_token"]).get_json()
    age_last_refresh(120)

    reuse = refresh_with(client, tokens["refresh_token"])

    assert_problem(reuse, 401)
    assert_problem(refresh_with(client, second["refresh_token"]), 401)
    assert_problem(client.get("/api/v1/me", headers=bearer(second["access_token"])), 401)


def test_reuse_ends_only_that_sign_in(client, ctx, visitor):
    phone = sign_in(client, visitor.email).get_json()
    laptop = sign_in(client, visitor.email).get_json()
    refresh_with(client, phone["refresh_token"])
    age_last_refresh(120)

    refresh_with(client, phone["refresh_token"])

    assert client.get("/api/v1/me", headers=bearer(laptop["access_token"])).status_code == 200


def test_logs_never_hold_passwords_or_tokens(client, visitor, caplog):
    caplog.set_level("DEBUG")
    sign_in(client, visitor.email, "my secret guess")
    tokens = sign_in(client, visitor.email).get_json()
    client.get("/api/v1/me", headers=bearer(tokens["access_token"]))
    client.get("/api/v1/me", headers=bearer("forged." + tokens["access_token"]))

    logged = caplog.text
    assert "my secret guess" not in logged
    assert PASSWORD not in logged
    assert tokens["access_token"] not in logged
    assert tokens["refresh_token"] not in logged


@pytest.fixture
def one_try_a_second(database_url_for_tests):
    return create_app(app_config(database_url_for_tests, ICV_LOGIN_LIMIT="1 per 1 second"))


def test_a_try_given_back_after_its_window_ended_is_no_credit_in_the_next(one_try_a_second):
    with one_try_a_second.test_request_context():
        late = Attempts(("ICV_LOGIN_LIMIT", ("late", "someone")))
        late.take()
        time.sleep(1.1)
        late.give_back()

        Attempts(("ICV_LOGIN_LIMIT", ("late", "someone"))).take()
        with pytest.raises(TooManyRequests):
            Attempts(("ICV_LOGIN_LIMIT", ("late", "someone"))).take()
