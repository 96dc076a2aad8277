"""Signing in from a browser: HttpOnly, SameSite=Strict cookies, CSRF double submit on writes,
refresh rotation and sign-out, with bearer tokens still working for other clients."""

import pytest

from api.config import browser_cookie_settings, cookies_need_https
from tests.support.app import PASSWORD
from tests.support.problems import assert_problem
from tests.support.visits import log_visit

SESSION = "/api/v1/auth/session"


def sign_in(client, person, password=PASSWORD):
    return client.post(SESSION, json={"email": person.email, "password": password})


def set_cookies(response) -> dict[str, str]:
    """Each Set-Cookie header of the response by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def csrf(client, name="csrf_access_token") -> dict:
    return {"X-CSRF-TOKEN": client.get_cookie(name).value}


def test_signing_in_answers_the_person_and_no_token(client, visitor):
    response = sign_in(client, visitor)

    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["email"] == visitor.email
    assert "access_token" not in body and "refresh_token" not in body
    assert response.headers["Cache-Control"] == "no-store"


def test_the_tokens_are_httponly_samesite_strict_cookies(client, visitor):
    cookies = set_cookies(sign_in(client, visitor))

    for name in ("access_token_cookie", "refresh_token_cookie"):
        assert "HttpOnly" in cookies[name]
        assert "SameSite=Strict" in cookies[name]


def test_the_refresh_cookie_goes_only_to_the_browser_session_paths(client, visitor):
    cookies = set_cookies(sign_in(client, visitor))

    assert "Path=/api/v1/auth/session" in cookies["refresh_token_cookie"]
    assert "Path=/;" in cookies["access_token_cookie"]


def test_the_csrf_cookies_are_readable_by_the_app(client, visitor):
    cookies = set_cookies(sign_in(client, visitor))

    for name in ("csrf_access_token", "csrf_refresh_token"):
        assert "HttpOnly" not in cookies[name]
        assert "SameSite=Strict" in cookies[name]


def test_a_wrong_password_sets_no_cookie(client, visitor):
    response = sign_in(client, visitor, password="not the password")

    assert_problem(response, 401)
    assert set_cookies(response) == {}


def test_a_read_needs_only_the_cookie(client, visitor):
    sign_in(client, visitor)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.get_json()["id"] == visitor.id
    assert response.headers["Cache-Control"] == "no-store"


def test_a_write_by_cookie_without_the_csrf_header_is_refused_and_writes_nothing(client, visitor):
    sign_in(client, visitor)

    response = client.patch("/api/v1/me", json={"name": "Forged Name"})

    assert_problem(response, 403)
    assert "X-CSRF-TOKEN" in response.get_json()["detail"]
    assert client.get("/api/v1/me").get_json()["name"] == visitor.name


def test_a_write_by_cookie_with_another_csrf_value_is_refused(client, visitor):
    sign_in(client, visitor)

    response = client.patch(
        "/api/v1/me", json={"name": "Forged Name"}, headers={"X-CSRF-TOKEN": "guessed"}
    )

    assert response.status_code in (401, 403)
    assert client.get("/api/v1/me").get_json()["name"] == visitor.name


def test_a_write_by_cookie_with_the_csrf_header_is_done(client, visitor):
    sign_in(client, visitor)
    etag = client.get("/api/v1/me").headers["ETag"]

    response = client.patch(
        "/api/v1/me", json={"name": "Vic Renamed"}, headers={**csrf(client), "If-Match": etag}
    )

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["name"] == "Vic Renamed"


def test_refreshing_replaces_both_token_cookies(client, visitor):
    sign_in(client, visitor)
    old_refresh = client.get_cookie("refresh_token_cookie", path="/api/v1/auth/session").value

    response = client.post(f"{SESSION}/refresh", headers=csrf(client, "csrf_refresh_token"))

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"refreshed": True}
    cookies = set_cookies(response)
    assert "access_token_cookie" in cookies
    assert old_refresh not in cookies["refresh_token_cookie"]


def test_refreshing_needs_the_refresh_csrf_header(client, visitor):
    sign_in(client, visitor)

    assert_problem(client.post(f"{SESSION}/refresh"), 403)


def test_a_refresh_cookie_used_again_after_its_successor_ends_the_sign_in(client, visitor):
    """(Sent again at once, a refresh token is a retry that never heard its answer: allowed.)"""
    sign_in(client, visitor)
    old_refresh = client.get_cookie("refresh_token_cookie", path="/api/v1/auth/session").value
    old_csrf = csrf(client, "csrf_refresh_token")
    client.post(f"{SESSION}/refresh", headers=old_csrf)
    client.post(f"{SESSION}/refresh", headers=csrf(client, "csrf_refresh_token"))
    client.delete_cookie("refresh_token_cookie", path="/api/v1/auth/session")
    client.set_cookie("refresh_token_cookie", old_refresh, path="/api/v1/auth/session")

    replay = client.post(f"{SESSION}/refresh", headers=old_csrf)

    assert_problem(replay, 401)
    assert_problem(client.get("/api/v1/me"), 401)


def test_signing_out_ends_the_sign_in_and_clears_the_cookies(client, visitor):
    sign_in(client, visitor)
    access = client.get_cookie("access_token_cookie").value

    response = client.delete(SESSION, headers=csrf(client))

    assert response.status_code == 204
    assert client.get_cookie("access_token_cookie") is None
    assert client.get_cookie("csrf_access_token") is None
    assert_problem(client.get("/api/v1/me", headers={"Authorization": f"Bearer {access}"}), 401)


def test_signing_out_without_a_sign_in_still_clears_the_cookies(client):
    response = client.delete(SESSION)

    assert response.status_code == 204
    assert "access_token_cookie" in set_cookies(response)


def test_bearer_tokens_keep_working(client, visitor_headers):
    response = client.get("/api/v1/me", headers=visitor_headers)

    assert response.status_code == 200


def test_a_bearer_token_is_used_before_a_cookie(client, visitor, manager, login):
    headers = login(manager)
    sign_in(client, visitor)

    assert client.get("/api/v1/me", headers=headers).get_json()["id"] == manager.id


def test_the_printable_report_opens_with_the_cookie(
    client, viewer, suite, manager, visitor, partner
):
    log_visit(suite, manager, [visitor, partner], "2024-05-07T10:00:00+01:00")  # a year on record
    sign_in(client, viewer)

    response = client.get("/api/v1/reports/annual/2024.html")

    assert response.status_code == 200
    assert response.mimetype == "text/html"


def test_the_report_csv_opens_with_the_cookie(client, viewer, suite, manager, visitor, partner):
    log_visit(suite, manager, [visitor, partner], "2024-05-07T10:00:00+01:00")  # a year on record
    sign_in(client, viewer)

    response = client.get("/api/v1/reports/annual/2024.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"


@pytest.mark.parametrize(
    ("base_url", "secure"),
    [
        ("http://127.0.0.1:8000", False),
        ("http://localhost:5000", False),
        ("https://icv.example.org", True),
        ("http://icv.example.org", True),
        ("http://127.0.0.1.example.org", True),
    ],
)
def test_cookies_are_secure_unless_served_over_http_on_this_machine(base_url, secure):
    assert cookies_need_https({"ICV_BASE_URL": base_url}) is secure


def test_the_cookie_secure_setting_can_be_given(client):
    assert browser_cookie_settings({"ICV_COOKIE_SECURE": "false"})["JWT_COOKIE_SECURE"] is False
    assert browser_cookie_settings({"ICV_COOKIE_SECURE": "1"})["JWT_COOKIE_SECURE"] is True
