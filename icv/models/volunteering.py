"""Volunteering: every status move of a person, and the time volunteers give besides visits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import PERSON_STATUSES, UTCDateTime, _enum, utcnow

ACTIVITY_KINDS = ("meeting", "training", "other")


class PersonStatusChange(db.Model):
    """From `effective_on` (a local date) the person had `to_status`, until their next change.

    The first row of a person has no `from_status`: it is how they were first recorded. Rows of
    one person are recorded in the order of their dates, so the latest row on or before a day
    (the highest id) gives their status that day.
    """

    __tablename__ = "person_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(_enum(PERSON_STATUSES, "from_status"))
    to_status: Mapped[str] = mapped_column(_enum(PERSON_STATUSES, "to_status"))
    effective_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    leave_reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))


class Meeting(db.Model):
    """A team meeting recorded once; each attendee's time is one `Activity` of kind meeting."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    attendances: Mapped[list[Activity]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="Activity.person_id",
    )

    @property
    def attendee_ids(self) -> list[int]:
        return [activity.person_id for activity in self.attendances]


class Activity(db.Model):
    """Time a volunteer gave besides visits: a meeting, training, or other volunteering."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(_enum(ACTIVITY_KINDS, "activity_kind"))
    done_on: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 2))
    notes: Mapped[str | None] = mapped_column(Text)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    meeting: Mapped[Meeting | None] = relationship(back_populates="attendances")
