"""The notification outbox: each row is an in-app message and, when email is on, an email.

Rows are written in the same transaction as what they tell of (a submitted visit, a response),
so nothing is announced that did not happen and nothing that happened goes untold.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from icv.common.database import db
from icv.models.core import UTCDateTime, _enum, utcnow

NOTIFICATION_KINDS = (
    "issue_raised",
    "urgent_concern",
    "tact_report",
    "issue_response",
    "issue_reopened",
    "entry_refused",
    # About the recipient's own account (`icv.notifications.outbox.account_email`):
    "invitation",
    "password_reset",
    "password_changed",
    "second_factor_reset",
    "vetting_reminder",
)
EMAIL_STATUSES = ("none", "pending", "sent")


class Notification(db.Model):
    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(_enum(NOTIFICATION_KINDS, "notification_kind"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(200))
    visit_id: Mapped[str | None] = mapped_column(ForeignKey("visit.id"))
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issue.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_status: Mapped[str] = mapped_column(
        _enum(EMAIL_STATUSES, "email_status"), default="none", index=True
    )
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    email_next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_last_error: Mapped[str | None] = mapped_column(Text)
