"""Helpers of the account tests: emails delivered over SMTP, the links in them, TOTP codes."""

import re
import time

import pyotp

from icv.notifications import delivery
from tests.support.mail_server import parsed

BASE_URL = "https://icv.example"
SENDER = "icv@test.example"
API = "/api/v1"


def deliver(mail_server) -> list:
    """Sends what the outbox holds to the test SMTP server; returns every message received."""
    settings = delivery.MailSettings(
        smtp_url=f"smtp://127.0.0.1:{mail_server.port}", sender=SENDER, base_url=BASE_URL
    )
    delivery.deliver_pending(settings)
    return [parsed(envelope) for envelope in mail_server.received]


def mails_to(mail_server, email: str) -> list:
    return [message for message in deliver(mail_server) if message["To"] == email]


def token_in(message, page: str) -> str:
    """The token of the app link (`/#/invite/<token>` or `/#/reset/<token>`) in an email."""
    found = re.search(rf"{re.escape(BASE_URL)}/#/{page}/([A-Za-z0-9_-]+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def code_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def code_of_next_step(secret: str) -> str:
    """A code that is valid now and was not used yet (the next time step's, within the drift
    allowed), where the current one was just used."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def enrolled(client, headers) -> tuple[str, list[str]]:
    """Sets up an authenticator app for the signed-in caller: (its secret, recovery codes)."""
    enrolment = client.post(f"{API}/me/second-factor", headers=headers)
    assert enrolment.status_code == 201, enrolment.get_json()
    secret = enrolment.get_json()["secret"]
    confirmed = client.post(
        f"{API}/me/second-factor/confirm", headers=headers, json={"code": code_now(secret)}
    )
    assert confirmed.status_code == 200, confirmed.get_json()
    return secret, confirmed.get_json()["recovery_codes"]
