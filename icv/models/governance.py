"""Volunteers' governance: declarations of interest, and the vetting reminders already sent."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Integer, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Site, UTCDateTime, _enum, utcnow

DECLARATION_KINDS = ("works_for_police", "family_in_police", "criminal_justice_work", "other")
DECLARATION_DECISIONS = ("accepted", "restricted_to_sites", "not_compatible")
VETTING_REMINDER_DAYS = (60, 30)

declaration_site = Table(
    "declaration_site",
    db.metadata,
    Column("declaration_id", ForeignKey("declaration.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


class Declaration(db.Model):
    """A connection a volunteer declares that could compromise their independence, and the
    manager's decision on it. Until it is reviewed (`decision` is null) it restricts nothing;
    `restricted_to_sites` keeps the volunteer off `sites`; `not_compatible` keeps them off
    every visit until a manager reviews it again."""

    __tablename__ = "declaration"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(_enum(DECLARATION_KINDS, "declaration_kind"))
    detail: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    decision: Mapped[str | None] = mapped_column(
        _enum(DECLARATION_DECISIONS, "declaration_decision")
    )
    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    sites: Mapped[list[Site]] = relationship(
        secondary=declaration_site, lazy="selectin", order_by="Site.id"
    )

    @property
    def site_ids(self) -> list[int]:
        return [site.id for site in self.sites]


class VettingReminder(db.Model):
    """A reminder sent to the managers `days_before` a person's vetting expires on
    `expires_on`: one row per person, expiry date and reminder, so each goes once."""

    __tablename__ = "vetting_reminder"
    __table_args__ = (
        UniqueConstraint(
            "person_id",
            "expires_on",
            "days_before",
            name="uq_vetting_reminder_person_id_expires_on_days_before",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    expires_on: Mapped[date] = mapped_column(Date)
    days_before: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
