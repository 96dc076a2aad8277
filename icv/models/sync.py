"""Tombstones: what left a slice a phone mirrors (deleted, or no longer the caller's to see)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from icv.common.database import db
from icv.models.core import UTCDateTime, utcnow

TOMBSTONE_KINDS = ("visit", "issue", "claim", "plan", "plan_item", "activity", "meeting")


class Tombstone(db.Model):
    """`record_id` of `kind` (one of TOMBSTONE_KINDS) left the lists at `removed_at`: for
    everyone in the scheme who could see it, or (`person_id`) for that one person only."""

    __tablename__ = "tombstone"
    __table_args__ = (
        Index("ix_tombstone_scheme_id_kind_removed_at", "scheme_id", "kind", "removed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"))
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    removed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
