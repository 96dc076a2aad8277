"""SQLAlchemy models. Every row belongs to one scheme, directly or through its parent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.database import db

ROLES = ("visitor", "manager", "inspector", "viewer", "admin")
PERSON_STATUSES = ("applicant", "vetting", "probation", "active", "suspended", "left")
SITE_KINDS = ("custody_suite", "dog_unit")
SITE_STATUSES = ("open", "closed")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always read back time-zone aware.

    SQLite keeps no offset, so without this a value would come back naive there and aware on
    PostgreSQL; naive input is a programming error and is refused.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _enum(values: tuple[str, ...], name: str) -> Enum:
    return Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(20, *map(len, values)),
    )


class Scheme(db.Model):
    """One Police and Crime Commissioner's visiting scheme: the tenant."""

    __tablename__ = "scheme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/London")
    hourly_rate: Mapped[Decimal] = mapped_column(Numeric(10, 4), default=Decimal("18.35"))
    acknowledge_days: Mapped[int] = mapped_column(Integer, default=7)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


person_site = Table(
    "person_site",
    db.metadata,
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
    Column("site_id", ForeignKey("site.id", ondelete="CASCADE"), primary_key=True),
)


class PersonRole(db.Model):
    __tablename__ = "person_role"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(_enum(ROLES, "role"), primary_key=True)


class Person(db.Model):
    """A volunteer, manager, inspector, viewer or administrator of one scheme."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    aws: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(_enum(PERSON_STATUSES, "person_status"))
    joined_on: Mapped[date] = mapped_column(Date)
    probation_ends_on: Mapped[date | None] = mapped_column(Date)
    buddy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    left_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(Text)
    home_area: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(40))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    scheme: Mapped[Scheme] = relationship(lazy="joined", innerjoin=True)
    role_rows: Mapped[list[PersonRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    sites: Mapped[list[Site]] = relationship(
        secondary=person_site, lazy="selectin", order_by="Site.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def roles(self) -> list[str]:
        return sorted(row.role for row in self.role_rows)

    def set_roles(self, roles: list[str]) -> None:
        wanted = set(roles)
        self.role_rows = [row for row in self.role_rows if row.role in wanted]
        held = {row.role for row in self.role_rows}
        self.role_rows.extend(PersonRole(role=role) for role in sorted(wanted - held))

    def has_role(self, *roles: str) -> bool:
        return any(row.role in roles for row in self.role_rows)

    @property
    def site_ids(self) -> list[int]:
        return [site.id for site in self.sites]


class Site(db.Model):
    """A place that is visited: a custody suite or a police dog unit."""

    __tablename__ = "site"
    __table_args__ = (UniqueConstraint("scheme_id", "name", name="uq_site_scheme_id_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(_enum(SITE_KINDS, "site_kind"))
    cells: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(_enum(SITE_STATUSES, "site_status"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    scheme: Mapped[Scheme] = relationship()
    status_history: Mapped[list[SiteStatusChange]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="(SiteStatusChange.effective_on, SiteStatusChange.id)",
    )

    __mapper_args__ = {"version_id_col": version}


class SiteStatusChange(db.Model):
    """From `effective_on` (a local date) the site had `status`, until the next change."""

    __tablename__ = "site_status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(_enum(SITE_STATUSES, "site_status"))
    effective_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))


class AuthSession(db.Model):
    """One sign-in. Its access and refresh tokens carry its id; revoking it revokes both."""

    __tablename__ = "auth_session"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(db.Model):
    """Who changed what, when, and why: kept for every write a manager may be asked about."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


VISIT_MODES = ("in_person", "phone", "video")
VISIT_OUTCOMES = ("completed", "abandoned")
VISIT_STATUSES = ("draft", "submitted")
ACCESS_BANDS = ("immediate", "delay_6_15", "delay_over_15")
DETAINEE_OUTCOMES = ("seen", "refused", "not_offered", "unavailable", "asleep_observed")
RAISED_BY = ("detainee", "visitor")
ISSUE_STATUSES = ("resolved_during_visit", "open", "acknowledged", "resolved")

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

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
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
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
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
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(40))
    kennel_ok: Mapped[bool] = mapped_column()
    vehicle_ok: Mapped[bool] = mapped_column()
    records_ok: Mapped[bool] = mapped_column()
    five_freedoms: Mapped[dict] = mapped_column(JSON, default=dict)
    notes: Mapped[str | None] = mapped_column(Text)


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
    status: Mapped[str] = mapped_column(_enum(ISSUE_STATUSES, "issue_status"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    visit: Mapped[Visit] = relationship(back_populates="issues")

    __mapper_args__ = {"version_id_col": version}
