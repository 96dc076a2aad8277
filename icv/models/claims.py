"""Claims: visitors choosing their own slots; and the secret behind each calendar feed."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Site, UTCDateTime, _enum, utcnow

PARTNER_RESPONSES = ("pending", "accepted", "declined")


class Claim(db.Model):
    """A visitor's claim on one slot of a site's grid in one week, with the partner they name.

    Like a plan item, `period_start` is the target period the claim serves (its week at a
    custody suite, its month at a dog unit) and `visit_id` links the visit logged in its slot.
    Whether a claim is live, fulfilled, expired or withdrawn is worked out from these columns and
    the date (`icv.scheduling.claim_status`), never stored. `override_reason` is the manager's,
    when a manager placed a claim the coverage rules would have refused.
    """

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    claimant_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    partner_response: Mapped[str | None] = mapped_column(
        _enum(PARTNER_RESPONSES, "partner_response")
    )
    partner_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    period_start: Mapped[date] = mapped_column(Date)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    slot_day: Mapped[int] = mapped_column(Integer)
    slot_band: Mapped[int] = mapped_column(Integer)
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    visit_id: Mapped[str | None] = mapped_column(
        ForeignKey("visit.id", ondelete="SET NULL"), index=True
    )

    site: Mapped[Site] = relationship(lazy="joined", innerjoin=True)

    @property
    def person_ids(self) -> list[int]:
        return [self.claimant_id] + ([self.partner_id] if self.partner_id else [])


class CalendarToken(db.Model):
    """A person's calendar feed secret, kept only as its SHA-256 digest: one per person, and a
    new one replaces the old. The secret is 256 random bits, so a fast hash is enough."""

    __tablename__ = "calendar_token"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
