"""What keeps an account safe besides its password: one-time links (invitations, password
resets) and the second factor (a TOTP secret and its recovery codes)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from icv.common.database import db
from icv.models.core import UTCDateTime, _enum, utcnow

ACCOUNT_TOKEN_PURPOSES = ("invitation", "password_reset")


class AccountToken(db.Model):
    """A one-time link sent by email. Only the SHA-256 of its random token is kept: the token
    itself is in the email alone. A new one of the same purpose replaces the old."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(_enum(ACCOUNT_TOKEN_PURPOSES, "account_token_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SecondFactor(db.Model):
    """A person's TOTP (RFC 6238) secret, encrypted; in force once `confirmed_at` is set.

    `last_step` is the time step of the last code accepted: a code is good once, so a code
    seen over someone's shoulder cannot be replayed within its 30 seconds."""

    __tablename__ = "second_factor"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    secret_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int | None] = mapped_column(BigInteger)


class RecoveryCode(db.Model):
    """One of the ten codes shown once at enrolment, kept as its SHA-256; each works once."""

    __tablename__ = "recovery_code"
    __table_args__ = (UniqueConstraint("person_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
