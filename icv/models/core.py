"""Core models: schemes, people, sites, sign-in sessions and the audit trail."""

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
    false,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db

ROLES = ("visitor", "manager", "inspector", "viewer", "admin", "national")
# The national body reads only the cross-scheme benchmarks of the schemes that agreed, and
# belongs to no scheme: the one role a person without a scheme holds.
NATIONAL_ROLE = "national"
SCHEME_ROLES = tuple(role for role in ROLES if role != NATIONAL_ROLE)
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
    tact_report_days: Mapped[int] = mapped_column(Integer, default=14)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Managers must sign in with a second factor (see `icv.people.second_factor`).
    managers_need_second_factor: Mapped[bool] = mapped_column(default=False)
    # Settings a manager changes through PATCH /scheme (`icv.admin.settings`).
    # A regular expression a detainee's custody reference must match whole; None: any reference.
    custody_ref_pattern: Mapped[str | None] = mapped_column(String(200))
    # Years after the end of a visit's financial year that its detainee references,
    # demographics tied to a reference and free text are kept (`icv.admin.retention`).
    visit_detail_retention_years: Mapped[int] = mapped_column(Integer, default=3)
    # Years after a person left that their name, email and sign-in are kept.
    leaver_retention_years: Mapped[int] = mapped_column(Integer, default=6)
    # Slots of a site's grid the planner may leave unvisited in a year (icv.scheduling.slot_choice).
    planner_uncovered_allowance: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Volunteers' training and meeting minimums (`icv.people.compliance`).
    min_team_meetings_per_year: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    national_training_in_probation: Mapped[bool] = mapped_column(
        default=True, server_default=sa_true()
    )
    min_refresher_trainings_per_term: Mapped[int] = mapped_column(
        Integer, default=1, server_default="1"
    )
    tact_training_for_tact_visits: Mapped[bool] = mapped_column(
        default=True, server_default=sa_true()
    )
    # Opted in to cross-scheme benchmarks (contributes, and sees them); and agreed to be named
    # to the national body in them.
    benchmarking: Mapped[bool] = mapped_column(default=False, server_default=false())
    benchmarking_named: Mapped[bool] = mapped_column(default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}


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
    """A volunteer, manager, inspector, viewer or administrator of one scheme; or a national
    body's account, of no scheme (`scheme_id` null: `icv.admin.national`)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("scheme.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    aws: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(_enum(PERSON_STATUSES, "person_status"))
    joined_on: Mapped[date] = mapped_column(Date)
    probation_ends_on: Mapped[date | None] = mapped_column(Date)
    buddy_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    appointed_on: Mapped[date | None] = mapped_column(Date)
    term_ends_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    leave_reason: Mapped[str | None] = mapped_column(Text)
    exit_interview_notes: Mapped[str | None] = mapped_column(Text)
    home_area: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(40))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    tact_trained_on: Mapped[date | None] = mapped_column(Date)
    vetting_expires_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # When the retention run replaced this leaver's name and removed their email (None: never).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    scheme: Mapped[Scheme | None] = relationship(lazy="joined")
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
    refresh_jti: Mapped[str | None] = mapped_column(String(36))
    previous_refresh_jti: Mapped[str | None] = mapped_column(String(36))
    refreshed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When its holder last proved who they are (signing in, or `POST /auth/confirm`): the
    # most sensitive changes need this to be recent (`icv.people.step_up`).
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


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
