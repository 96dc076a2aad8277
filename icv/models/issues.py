"""Issues raised at visits, their history, and each scheme's categories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Site, UTCDateTime, _enum, utcnow
from icv.models.visits import Visit

RAISED_BY = ("detainee", "visitor")
ISSUE_STATUSES = ("resolved_during_visit", "open", "acknowledged", "resolved")
ISSUE_ACTIONS = ("raise", "acknowledge", "resolve", "reopen", "recategorise")


class Issue(db.Model):
    """Something raised at a visit, by a detainee or observed by the visitors."""

    __tablename__ = "issue"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(40), index=True)
    description: Mapped[str] = mapped_column(Text)
    raised_by: Mapped[str] = mapped_column(_enum(RAISED_BY, "raised_by"))
    detainee_ref: Mapped[str | None] = mapped_column(String(40))
    resolved_during_visit: Mapped[bool] = mapped_column(default=False)
    urgent: Mapped[bool] = mapped_column(default=False)
    # The dog-unit check whose urgent concern raised this issue (`URGENT_DOG_CHECKS`); None for
    # an issue the visitors listed themselves.
    check_key: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(_enum(ISSUE_STATUSES, "issue_status"), index=True)
    response: Mapped[str | None] = mapped_column(Text)
    raised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    visit: Mapped[Visit] = relationship(back_populates="issues")
    site: Mapped[Site] = relationship()
    events: Mapped[list[IssueEvent]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="IssueEvent.id"
    )

    __mapper_args__ = {"version_id_col": version}


class IssueEvent(db.Model):
    """One step of an issue's life: who did what, when, and what they said."""

    __tablename__ = "issue_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issue.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(_enum(ISSUE_ACTIONS, "issue_action"))
    from_status: Mapped[str | None] = mapped_column(String(40))
    to_status: Mapped[str] = mapped_column(String(40))
    text: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IssueCategory(db.Model):
    """A scheme's own category, or its change to a default one (a new label, or retired)."""

    __tablename__ = "issue_category"
    __table_args__ = (UniqueConstraint("scheme_id", "key", name="uq_issue_category_scheme_id_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
