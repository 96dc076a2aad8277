"""Delivery of the outbox by email (SMTP).

When the scheme's deployment has SMTP (`ICV_SMTP_URL`), each outbox row is also an email to
send: `deliver_pending` claims due rows one at a time (`FOR UPDATE SKIP LOCKED` on PostgreSQL,
so several workers never take the same row), sends, and marks the row sent in the same
transaction. A failed send stays pending and is tried again later, first after a minute
(`ICV_NOTIFY_FIRST_RETRY_SECONDS`), each wait twice the last, up to an hour.
"""

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from sqlalchemy import select

from icv.common.database import db
from icv.models import Notification, Person, utcnow
from icv.notifications.outbox import SECRET_LINK_KINDS

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send. `smtp_url` is smtp://[user:password@]host:port; None: no email."""

    smtp_url: str | None
    sender: str
    base_url: str
    timeout_seconds: float = 10.0
    first_retry: timedelta = FIRST_RETRY


def _email(notification: Notification, recipient: Person, settings: MailSettings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = recipient.email
    message["Subject"] = notification.subject
    # The same id on every attempt lets the receiving side drop a copy it already has.
    domain = settings.sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<icv-notification-{notification.id}@{domain}>"
    link = f"{settings.base_url.rstrip('/')}{notification.link}" if notification.link else ""
    message.set_content(f"{notification.body}\n{link}\n")
    return message


def _send(message: EmailMessage, settings: MailSettings) -> None:
    url = urlsplit(settings.smtp_url)
    with smtplib.SMTP(url.hostname, url.port or 25, timeout=settings.timeout_seconds) as smtp:
        if url.username:
            smtp.starttls()
            smtp.login(url.username, url.password or "")
        smtp.send_message(message)


def _claim_next(now: datetime) -> Notification | None:
    return db.session.scalar(
        select(Notification)
        .where(Notification.email_status == "pending", Notification.email_next_attempt_at <= now)
        .order_by(Notification.email_next_attempt_at, Notification.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def next_retry_delay(attempts: int, first_retry: timedelta = FIRST_RETRY) -> timedelta:
    return min(first_retry * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def deliver_pending(settings: MailSettings, now: datetime | None = None, limit: int = 500) -> dict:
    """Sends what is due, each in its own transaction; returns {sent, failed}.

    Without SMTP settings nothing is sent and the messages wait. After a failed send the run
    stops: the server is most likely down, and the rest wait for the next run.
    """
    sent = failed = 0
    if not settings.smtp_url:
        return {"sent": sent, "failed": failed}
    for _ in range(limit):
        moment = now or utcnow()
        notification = _claim_next(moment)
        if notification is None:
            break
        recipient = db.session.get(Person, notification.person_id)
        try:
            _send(_email(notification, recipient, settings), settings)
        except (OSError, smtplib.SMTPException) as error:
            notification.email_attempts += 1
            notification.email_last_error = f"{type(error).__name__}: {error}"[:1000]
            notification.email_next_attempt_at = moment + next_retry_delay(
                notification.email_attempts, settings.first_retry
            )
            failed += 1
        else:
            notification.email_attempts += 1
            notification.email_status = "sent"
            notification.email_sent_at = utcnow()
            notification.email_last_error = None
            if notification.kind in SECRET_LINK_KINDS:
                notification.link = None  # the one-time token lives on in the email alone
            sent += 1
        db.session.commit()
        if failed:
            break
    return {"sent": sent, "failed": failed}
