"""The field app's account screens in a real browser at a phone's size: accepting an
invitation from its email, a forgotten password, setting up an authenticator app and signing
in with its code, confirming it is you before a sensitive change, and the manager's person
screen. The emails go out with `icv notify` to a real SMTP server, as in production.
"""

import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import create_engine, update

from icv.models import AuthSession, utcnow
from tests.support.browser import (
    DEMO_PASSWORDS,
    Phone,
    screenshot,
    serious_violations,
)
from tests.support.live_server import PROJECT_ROOT
from tests.support.mail_server import parsed

sync_api = pytest.importorskip("playwright.sync_api", reason="run `make install-test`")
expect = sync_api.expect

API = "/api/v1"
PASSWORD = "correct horse battery staple 42"
SECOND_FACTOR_REQUIRED = "tag:icv,2026:second-factor-required"


def manager_headers(server) -> dict:
    """The demo manager, just signed in (which counts as confirming it is them)."""
    return server.sign_in(*DEMO_PASSWORDS["manager"])


def add_person(server, roles=("visitor",), password: str | None = PASSWORD, **fields) -> dict:
    body = {
        "name": fields.pop("name", f"Sam {uuid.uuid4().hex[:6]}"),
        "email": f"{uuid.uuid4().hex[:10]}@people.example",
        "roles": list(roles),
        "status": "active",
        "joined_on": "2024-09-02",
        **({"password": password} if password else {}),
        **fields,
    }
    answer = server.request("POST", f"{API}/people", body, manager_headers(server))
    assert answer.status == 201, answer.body
    return answer.body


def emails_to(server, mail_server, base: str, email: str) -> list:
    """Sends the outbox of the live server's database with `icv notify`, as cron would."""
    env = {
        **os.environ,
        "DATABASE_URL": server.env["DATABASE_URL"],
        "ICV_SMTP_URL": f"smtp://127.0.0.1:{mail_server.port}",
        "ICV_BASE_URL": base,
    }
    env.pop("ICV_TEST_DATABASE_URL", None)
    subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "-c", "from api.cli import cli; cli()", "notify"],
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    messages = [parsed(envelope) for envelope in mail_server.received]
    return [message for message in messages if message["To"] == email]


def app_link(message, page: str) -> str:
    found = re.search(rf"(http://\S+/#/{page}/[A-Za-z0-9_-]+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def looked_at(page, name: str) -> None:
    """A screenshot for people to look at, and axe-core's verdict on the screen."""
    screenshot(page, f"account-{name}")
    assert serious_violations(page) == [], name


def open_screen(phone: Phone, path: str) -> None:
    """Opens `#/<path>` (a screen and its arguments) once it is drawn."""
    phone.page.goto(f"/#/{path}")
    screen = path.split("/")[0]
    phone.page.wait_for_selector(f'main[data-screen="{screen}"]:not([aria-busy])')


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def signed_in(page) -> None:
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")


def enrol_by_api(server, email: str) -> tuple[str, list[str]]:
    """Sets up an authenticator app for the person: (its secret, the recovery codes)."""
    headers = server.sign_in(email, PASSWORD)
    started = server.request("POST", f"{API}/me/second-factor", None, headers)
    assert started.status == 201, started.body
    secret = started.body["secret"]
    code = {"code": pyotp.TOTP(secret).now()}
    confirmed = server.request("POST", f"{API}/me/second-factor/confirm", code, headers)
    assert confirmed.status == 200, confirmed.body
    return secret, confirmed.body["recovery_codes"]


def next_code(secret: str) -> str:
    """A code valid now and not used yet (the next time step's, within the allowed drift)."""
    return pyotp.TOTP(secret).at(utcnow().timestamp() + 30)


# The browser's sign-in passes the second-factor question on --------------------------------------


def test_the_browser_sign_in_answers_a_second_factor_question_and_takes_the_code(server):
    someone = add_person(server, roles=("manager",))
    secret, _ = enrol_by_api(server, someone["email"])
    credentials = {"email": someone["email"], "password": PASSWORD}

    asked = server.request("POST", f"{API}/auth/session", credentials)
    answered = server.request(
        "POST", f"{API}/auth/session", {**credentials, "code": next_code(secret)}
    )

    assert asked.status == 401
    assert asked.body["type"] == SECOND_FACTOR_REQUIRED
    assert "code" in asked.body["errors"]
    assert "set-cookie" not in asked.headers
    assert answered.status == 200, answered.body
    assert answered.body["second_factor"]["enrolled"] is True
    assert "access_token" not in answered.body
    assert "set-cookie" in answered.headers  # the tokens, as cookies


# Invitations -------------------------------------------------------------------------------------


def test_a_manager_adds_a_person_who_accepts_the_emailed_invitation_and_is_signed_in(
    phone, server, mail_server
):
    manager = phone()
    sign_in(manager.page, *DEMO_PASSWORDS["manager"])
    signed_in(manager.page)
    manager.open("people")
    manager.page.get_by_role("link", name="Add a person").click()
    expect(manager.page.get_by_role("heading", name="Add a person")).to_be_visible()
    email = f"{uuid.uuid4().hex[:10]}@people.example"
    manager.page.get_by_label("Name").fill("Tom Ellis")
    manager.page.get_by_label("Email").fill(email)
    looked_at(manager.page, "manager-add-person")
    manager.page.get_by_role("button", name="Add and invite").click()
    expect(manager.page.get_by_role("heading", name="Tom Ellis")).to_be_visible()
    expect(manager.page.locator("main")).to_contain_text("emailed an invitation")
    looked_at(manager.page, "manager-person")

    [invitation] = emails_to(server, mail_server, manager.base, email)
    newcomer = phone()
    newcomer.page.goto(app_link(invitation, "invite"))
    expect(newcomer.page.get_by_role("heading", name="Choose your password")).to_be_visible()
    expect(newcomer.page.locator("main")).to_contain_text("At least 10 characters")
    looked_at(newcomer.page, "accept-invitation")
    newcomer.page.get_by_label("New password").fill(PASSWORD)
    newcomer.page.get_by_label("The same password again").fill(PASSWORD)
    newcomer.page.get_by_role("button", name="Save password and sign in").click()

    signed_in(newcomer.page)
    expect(newcomer.page.get_by_role("heading", name="Hello, Tom")).to_be_visible()
    assert newcomer.page.evaluate("location.hash") == "#/home"


def test_a_password_the_rules_refuse_is_named_and_the_link_still_works(phone, server, mail_server):
    someone = add_person(server, password=None)
    newcomer = phone()
    [invitation] = emails_to(server, mail_server, newcomer.base, someone["email"])
    newcomer.page.goto(app_link(invitation, "invite"))

    for password in ("password123", PASSWORD):
        newcomer.page.get_by_label("New password").fill(password)
        newcomer.page.get_by_label("The same password again").fill(password)
        newcomer.page.get_by_role("button", name="Save password and sign in").click()
        if password != PASSWORD:
            expect(newcomer.page.get_by_label("New password")).to_have_attribute(
                "aria-invalid", "true"
            )
            expect(newcomer.page.get_by_role("alert")).to_contain_text("common")

    signed_in(newcomer.page)


def test_a_used_invitation_link_says_to_ask_the_manager_for_a_new_one(phone, server, mail_server):
    someone = add_person(server, password=None)
    newcomer = phone()
    [invitation] = emails_to(server, mail_server, newcomer.base, someone["email"])
    token = app_link(invitation, "invite").rsplit("/", 1)[1]
    accepted = server.request(
        "POST", f"{API}/auth/invitation/accept", {"token": token, "password": PASSWORD}
    )
    assert accepted.status == 200, accepted.body

    newcomer.page.goto(app_link(invitation, "invite"))
    newcomer.page.get_by_label("New password").fill("another long passphrase 7")
    newcomer.page.get_by_label("The same password again").fill("another long passphrase 7")
    newcomer.page.get_by_role("button", name="Save password and sign in").click()

    expect(newcomer.page.get_by_role("alert")).to_contain_text("already used")
    expect(newcomer.page.get_by_role("alert")).to_contain_text("Ask your scheme manager")


def test_a_manager_resends_an_invitation_from_the_person_screen(phone, server, mail_server):
    someone = add_person(server, password=None)
    manager = phone()
    sign_in(manager.page, *DEMO_PASSWORDS["manager"])
    signed_in(manager.page)
    first = emails_to(server, mail_server, manager.base, someone["email"])

    open_screen(manager, f"person/{someone['id']}")
    manager.page.get_by_role("button", name="Resend invitation").click()

    expect(manager.page.locator("main")).to_contain_text("Invitation sent")
    resent = emails_to(server, mail_server, manager.base, someone["email"])
    assert len(resent) == len(first) + 1
    assert app_link(resent[-1], "invite") != app_link(first[0], "invite")


# Forgotten password ------------------------------------------------------------------------------


def test_a_forgotten_password_is_replaced_through_the_emailed_link(phone, server, mail_server):
    someone = add_person(server)
    visitor = phone()
    visitor.page.goto("/")
    visitor.page.get_by_role("link", name="Forgotten your password?").click()
    expect(visitor.page.get_by_role("heading", name="Forgotten password")).to_be_visible()
    visitor.page.get_by_label("Email").fill(someone["email"])
    visitor.page.get_by_role("button", name="Email me a link").click()
    expect(visitor.page.locator("main")).to_contain_text("If this email belongs")
    looked_at(visitor.page, "forgotten-password")

    [message] = [
        mail
        for mail in emails_to(server, mail_server, visitor.base, someone["email"])
        if "/#/reset/" in mail.get_content()
    ]
    visitor.page.goto(app_link(message, "reset"))
    expect(visitor.page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    looked_at(visitor.page, "reset-password")
    new_password = "a brand new passphrase 9"
    visitor.page.get_by_label("New password").fill(new_password)
    visitor.page.get_by_label("The same password again").fill(new_password)
    visitor.page.get_by_role("button", name="Save password and sign in").click()

    signed_in(visitor.page)
    old = {"email": someone["email"], "password": PASSWORD}
    assert server.request("POST", f"{API}/auth/login", old).status == 401


def test_the_forgotten_password_form_says_to_wait_after_too_many_asks(phone, server):
    visitor = phone()
    visitor.page.goto("/#/forgot")
    email = f"{uuid.uuid4().hex[:10]}@nobody.example"
    for _ in range(6):  # ICV_RESET_LIMIT: 5 an hour for one address
        visitor.page.get_by_label("Email").fill(email)
        visitor.page.get_by_role("button", name="Email me a link").click()
        expect(visitor.page.locator("main .notice")).to_be_visible()

    expect(visitor.page.locator("main .notice")).to_contain_text("wait")


# Authenticator app -------------------------------------------------------------------------------


def test_a_manager_sets_up_an_authenticator_app_then_signs_in_with_its_code(phone, server):
    someone = add_person(server, roles=("manager",))
    manager = phone()
    sign_in(manager.page, someone["email"])
    signed_in(manager.page)
    open_screen(manager, "security")
    looked_at(manager.page, "security")
    manager.page.get_by_role("button", name="Set up an authenticator app").click()
    expect(manager.page.get_by_role("img", name="QR code")).to_be_visible()
    assert manager.page.get_by_role("img", name="QR code").evaluate("img => img.naturalWidth") > 0
    looked_at(manager.page, "security-set-up")
    secret = manager.page.locator("code.secret").inner_text().replace(" ", "")
    manager.page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    manager.page.get_by_role("button", name="Turn on").click()
    expect(manager.page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(manager.page.locator("ol.codes li")).to_have_count(10)
    looked_at(manager.page, "security-recovery-codes")
    manager.page.get_by_role("button", name="I have saved them").click()
    expect(manager.page.locator("main")).to_contain_text("10 recovery codes left")

    manager.page.get_by_role("button", name="Sign out").click()
    sign_in(manager.page, someone["email"])
    expect(manager.page.get_by_label("Code from your authenticator app")).to_be_visible()
    expect(manager.page.locator("main")).to_contain_text("recovery codes")
    looked_at(manager.page, "sign-in-code")
    manager.page.get_by_label("Code from your authenticator app").fill(next_code(secret))
    manager.page.get_by_role("button", name="Sign in").click()

    signed_in(manager.page)
    expect(manager.page.get_by_role("heading", name="Coverage")).to_be_visible()


def test_a_wrong_code_is_refused_and_a_recovery_code_signs_in(phone, server):
    someone = add_person(server, roles=("visitor",))
    _, recovery_codes = enrol_by_api(server, someone["email"])
    visitor = phone()
    sign_in(visitor.page, someone["email"])

    visitor.page.get_by_label("Code from your authenticator app").fill("000000")
    visitor.page.get_by_role("button", name="Sign in").click()
    expect(visitor.page.get_by_role("alert")).to_contain_text("not right")
    visitor.page.get_by_label("Code from your authenticator app").fill(recovery_codes[0].upper())
    visitor.page.get_by_role("button", name="Sign in").click()

    signed_in(visitor.page)


def test_new_recovery_codes_are_shown_once_and_the_old_ones_stop_working(phone, server):
    someone = add_person(server, roles=("visitor",))
    secret, old_codes = enrol_by_api(server, someone["email"])
    visitor = phone()
    sign_in(visitor.page, someone["email"])
    visitor.page.get_by_label("Code from your authenticator app").fill(next_code(secret))
    visitor.page.get_by_role("button", name="Sign in").click()
    signed_in(visitor.page)
    open_screen(visitor, "security")
    expect(visitor.page.locator("main")).to_contain_text("10 recovery codes left")

    visitor.page.get_by_role("button", name="Get new recovery codes").click()

    expect(visitor.page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    new_codes = visitor.page.locator("ol.codes code").all_inner_texts()
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    looked_at(visitor.page, "security-new-recovery-codes")
    visitor.page.get_by_role("button", name="I have saved them").click()
    expect(visitor.page.locator("main")).to_contain_text("10 recovery codes left")
    old = {"email": someone["email"], "password": PASSWORD, "code": old_codes[0]}
    assert server.request("POST", f"{API}/auth/login", old).status == 401
    new = {**old, "code": new_codes[0]}
    assert server.request("POST", f"{API}/auth/login", new).status == 200


def change_scheme(server, headers: dict, **changes) -> int:
    etag = server.request("GET", f"{API}/scheme", None, headers).headers["etag"]
    answer = server.request("PATCH", f"{API}/scheme", changes, {**headers, "If-Match": etag})
    return answer.status


def test_a_manager_whose_scheme_requires_it_is_sent_to_set_up_an_authenticator_app(phone, server):
    # Only a manager with a second factor may change the setting once it is on.
    keeper = add_person(server, roles=("manager",))
    secret, _ = enrol_by_api(server, keeper["email"])
    signed = {"email": keeper["email"], "password": PASSWORD, "code": next_code(secret)}
    token = server.request("POST", f"{API}/auth/login", signed).body["access_token"]
    keeper_headers = {"Authorization": f"Bearer {token}"}
    someone = add_person(server, roles=("manager",))
    assert change_scheme(server, keeper_headers, managers_need_second_factor=True) == 200
    try:
        manager = phone()
        sign_in(manager.page, someone["email"])

        expect(manager.page.get_by_role("heading", name="Security")).to_be_visible()
        expect(manager.page.locator("main")).to_contain_text("requires managers")
    finally:
        change_scheme(server, keeper_headers, managers_need_second_factor=False)


# Step-up -----------------------------------------------------------------------------------------


def move_confirmation_back(server, person_id: int) -> None:
    """As if the person's sign-ins were confirmed ten minutes ago (the window is five)."""
    engine = create_engine(server.env["DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(
            update(AuthSession.__table__)
            .where(AuthSession.__table__.c.person_id == person_id)
            .values(confirmed_at=utcnow() - timedelta(minutes=10))
        )
    engine.dispose()


def test_adding_a_manager_asks_to_confirm_it_is_you_and_then_goes_ahead(phone, server):
    someone = add_person(server, roles=("manager",))
    manager = phone()
    sign_in(manager.page, someone["email"])
    signed_in(manager.page)
    move_confirmation_back(server, someone["id"])
    open_screen(manager, "person/new")
    email = f"{uuid.uuid4().hex[:10]}@people.example"
    manager.page.get_by_label("Name").fill("Asha Clarke")
    manager.page.get_by_label("Email").fill(email)
    manager.page.get_by_label("Visitor").uncheck()
    manager.page.get_by_label("Manager").check()
    manager.page.get_by_role("button", name="Add and invite").click()

    dialog = manager.page.get_by_role("dialog", name="Confirm it is you")
    expect(dialog).to_be_visible()
    looked_at(manager.page, "confirm-dialog")
    dialog.get_by_label("Your password").fill("not my password at all")
    dialog.get_by_role("button", name="Confirm").click()
    expect(dialog.get_by_role("alert")).to_be_visible()
    dialog.get_by_label("Your password").fill(PASSWORD)
    dialog.get_by_role("button", name="Confirm").click()

    expect(dialog).to_have_count(0)
    expect(manager.page.get_by_role("heading", name="Asha Clarke")).to_be_visible()
    people = server.request("GET", f"{API}/people?page_size=100", None, manager_headers(server))
    [added] = [person for person in people.body if person["email"] == email]
    assert added["roles"] == ["manager"]


def test_removing_someones_second_factor_after_confirming_with_a_recovery_code(phone, server):
    someone = add_person(server, roles=("manager",))
    secret, recovery_codes = enrol_by_api(server, someone["email"])
    volunteer = add_person(server)
    enrol_by_api(server, volunteer["email"])
    manager = phone()
    sign_in(manager.page, someone["email"])
    manager.page.get_by_label("Code from your authenticator app").fill(next_code(secret))
    manager.page.get_by_role("button", name="Sign in").click()
    signed_in(manager.page)
    move_confirmation_back(server, someone["id"])
    open_screen(manager, f"person/{volunteer['id']}")
    manager.page.get_by_role("button", name="Remove second factor").click()

    dialog = manager.page.get_by_role("dialog", name="Confirm it is you")
    dialog.get_by_label("Use a code from my authenticator app instead").check()
    dialog.get_by_label("Code from your authenticator app").fill(recovery_codes[0])
    dialog.get_by_role("button", name="Confirm").click()

    expect(manager.page.locator("main")).to_contain_text("authenticator app is removed")
    plain = {"email": volunteer["email"], "password": PASSWORD}
    assert server.request("POST", f"{API}/auth/login", plain).status == 200
