"""Visits and what is recorded at them: visitors, detainee and dog entries, issues."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Person, Site, UTCDateTime, _enum, utcnow

if TYPE_CHECKING:
    from icv.models.issues import Issue

VISIT_MODES = ("in_person", "phone", "video")
VISIT_OUTCOMES = ("completed", "abandoned")
VISIT_STATUSES = ("draft", "submitted")
ACCESS_BANDS = ("immediate", "delay_6_15", "delay_over_15")
DETAINEE_OUTCOMES = ("seen", "refused", "not_offered", "unavailable", "asleep_observed")

# What a detainee seen may be described by (each optional), and in which order they are shown:
# age groups in age order, "not_stated" last.
DETAINEE_DEMOGRAPHICS = ("gender", "age_group", "ethnicity")
GENDERS = ("female", "male", "non_binary", "other", "not_stated")
AGE_GROUPS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "not_stated")
ETHNICITIES = ("asian", "black", "mixed", "white", "other", "not_stated")

# The checks a visit records about the place, by the kind of site: each true, false or unknown.
CUSTODY_CHECKS = (
    "cells_clean",
    "cells_in_good_repair",
    "food_in_date",
    "cctv_working",
    "kitchen_clean",
    "medical_room_clean",
    "showers_clean",
    "reading_material_available",
)
DOG_UNIT_CHECKS = ("kennels_ok", "vehicles_ok", "training_observed", "food_in_date")
CHECKS = {"custody_suite": CUSTODY_CHECKS, "dog_unit": DOG_UNIT_CHECKS}

# A dog's welfare, each true (met) or false (a concern).
FIVE_FREEDOMS = (
    "hunger_and_thirst",
    "discomfort",
    "pain_injury_disease",
    "normal_behaviour",
    "fear_and_distress",
)

visit_visitor = Table(
    "visit_visitor",
    db.metadata,
    Column("visit_id", ForeignKey("visit.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id"), primary_key=True, index=True),
)


class Visit(db.Model):
    """One unannounced attendance at a site. Its id may be the phone's own UUID.

    What follows from the times (access delay and band, slot, handover, duration) is computed
    by the domain when the visit is written and stored, so that coverage and statistics are
    plain SQL aggregates. Detainee totals are never stored: they are counted from the entries.
    """

    __tablename__ = "visit"
    # A scheme's visits by time: every year's figures, coverage and a page of the newest visits
    # read a range of it, never the whole table, even at national scale.
    __table_args__ = (Index("ix_visit_scheme_id_arrived_at", "scheme_id", "arrived_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    admitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    access_delay_reason: Mapped[str | None] = mapped_column(Text)
    delay_authorised_by: Mapped[str | None] = mapped_column(String(200))
    single_visitor_reason: Mapped[str | None] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(_enum(VISIT_MODES, "visit_mode"))
    outcome: Mapped[str] = mapped_column(_enum(VISIT_OUTCOMES, "visit_outcome"))
    abandon_reason: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(_enum(VISIT_STATUSES, "visit_status"), index=True)
    checks: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)

    access_delay_minutes: Mapped[int | None] = mapped_column(Integer)
    access: Mapped[str | None] = mapped_column(_enum(ACCESS_BANDS, "access_band"))
    slot_day: Mapped[int | None] = mapped_column(Integer)
    slot_band: Mapped[int | None] = mapped_column(Integer)
    in_handover: Mapped[bool] = mapped_column(default=False)
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    tact_report_required: Mapped[bool] = mapped_column(default=False)
    # True when the visit went to a slot already visited more often than another slot open that
    # week (see `icv.scheduling.coverage.repeats_covered_slot`); None for visits logged before the
    # rule.
    repeat_slot: Mapped[bool | None] = mapped_column()

    create_digest: Mapped[str] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    site: Mapped[Site] = relationship(lazy="joined", innerjoin=True)
    visitors: Mapped[list[Person]] = relationship(
        secondary=visit_visitor, lazy="selectin", order_by="Person.id"
    )
    detainees: Mapped[list[DetaineeEntry]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DetaineeEntry.position"
    )
    dogs: Mapped[list[DogEntry]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DogEntry.position"
    )
    issues: Mapped[list[Issue]] = relationship(
        back_populates="visit", lazy="selectin", order_by="Issue.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def visitor_ids(self) -> list[int]:
        return [person.id for person in self.visitors]


class DetaineeEntry(db.Model):
    """A person in a cell at the time of a visit, known by custody reference only."""

    __tablename__ = "detainee_entry"
    __table_args__ = (UniqueConstraint("visit_id", "ref", name="uq_detainee_entry_visit_id_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(_enum(DETAINEE_OUTCOMES, "detainee_outcome"))
    reason: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(20))
    age_group: Mapped[str | None] = mapped_column(String(20))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    juvenile: Mapped[bool] = mapped_column(default=False)
    vulnerable: Mapped[bool] = mapped_column(default=False)
    tact: Mapped[bool] = mapped_column(default=False)


class DogEntry(db.Model):
    """A police dog checked at a dog-unit visit."""

    __tablename__ = "dog_entry"
    __table_args__ = (UniqueConstraint("visit_id", "ref", name="uq_dog_entry_visit_id_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(40))
    kennel_ok: Mapped[bool] = mapped_column()
    vehicle_ok: Mapped[bool] = mapped_column()
    records_ok: Mapped[bool] = mapped_column()
    five_freedoms: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)
