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
REMOTE_MODES = ("phone", "video")  # never fill a slot, meet a target or count in access figures
VISIT_OUTCOMES = ("completed", "curtailed", "abandoned")
VISIT_STATUSES = ("draft", "submitted")
ACCESS_BANDS = ("immediate", "delay_6_15", "delay_over_15")
# Why visitors left without visiting. `entry_refused` is serious: the managers are told at once.
ABANDON_REASONS = (
    "entry_refused",
    "suite_closed",
    "wait_too_long",
    "incident_in_suite",
    "visitors_unsafe",
    "other",
)

# What became of each person in a cell. `denied`: the police refused the visitors access to that
# detainee, which the Code allows only on the authority of an inspector or above.
DETAINEE_OUTCOMES = (
    "seen",
    "refused",
    "not_offered",
    "unavailable",
    "asleep_observed",
    "denied",
)
OUTCOMES_NEEDING_A_REASON = ("not_offered", "unavailable", "denied")
RANKS_WHO_MAY_DENY = (
    "inspector",
    "chief_inspector",
    "superintendent",
    "chief_superintendent",
    "other_senior",
)
RANKS_WHO_MAY_NOT_DENY = ("sergeant", "constable", "detention_officer")
POLICE_RANKS = (*RANKS_WHO_MAY_NOT_DENY, *RANKS_WHO_MAY_DENY)
# For a juvenile or vulnerable detainee: whether an appropriate adult was there for them.
APPROPRIATE_ADULT = ("requested", "present", "not_arranged", "not_needed")

# What a detainee seen may be described by (each optional), and in which order they are shown:
# age groups in age order, "not_stated" last.
DETAINEE_DEMOGRAPHICS = ("gender", "age_group", "ethnicity")
GENDERS = ("female", "male", "non_binary", "other", "not_stated")
AGE_GROUPS = ("under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_plus", "not_stated")
JUVENILE_AGE_GROUPS = ("under_18",)
ETHNICITIES = ("asian", "black", "mixed", "white", "other", "not_stated")

# Answers against the scheme's checklists (`icv.models.checklists`): the detainee checklist for
# each person seen, the suite (or dog unit) checklist for the place. A concern needs a note.
OBSERVATION_ANSWERS = ("yes", "no", "unsure", "not_applicable")
CHECK_RESULTS = ("ok", "concern", "not_checked")

# A police dog's welfare, against the five needs of section 9 of the Animal Welfare Act 2006:
# each need is answered like a check (ok, concern with its note, or not checked).
WELFARE_NEEDS = (
    "environment",
    "diet",
    "normal_behaviour",
    "housed_with_or_apart",
    "protection_from_pain_injury_disease",
)
# Where the visitors saw the dog: the force's kennels, its handler's home kennel, or a vehicle.
DOG_LOCATIONS = ("force_kennels", "home_kennel", "vehicle")

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
    curtail_reason: Mapped[str | None] = mapped_column(Text)
    abandon_reason: Mapped[str | None] = mapped_column(_enum(ABANDON_REASONS, "abandon_reason"))
    abandon_note: Mapped[str | None] = mapped_column(Text)
    # Whom the visitors told what they found before leaving: {to_name, to_rank, at, summary}.
    feedback: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(_enum(VISIT_STATUSES, "visit_status"), index=True)
    # {key: {"result": ok | concern | not_checked, "note"?}} against the site's checklist.
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
    # When the retention run replaced its detainee references and redacted its free text.
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

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
    denied_by_rank: Mapped[str | None] = mapped_column(String(40))
    appropriate_adult: Mapped[str | None] = mapped_column(String(20))
    # {key: yes | no | unsure | not_applicable} against the detainee checklist; seen only.
    observations: Mapped[dict] = mapped_column(JSON, default=dict)


class DogEntry(db.Model):
    """A police dog checked at a dog-unit visit, against the five welfare needs."""

    __tablename__ = "dog_entry"
    __table_args__ = (UniqueConstraint("visit_id", "ref", name="uq_dog_entry_visit_id_ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(40))
    # {need: {"result": ok | concern | not_checked, "note"?}}, every one of WELFARE_NEEDS.
    needs: Mapped[dict] = mapped_column(JSON, default=dict)
    location: Mapped[str] = mapped_column(_enum(DOG_LOCATIONS, "dog_location"))
    notes: Mapped[str | None] = mapped_column(Text)
