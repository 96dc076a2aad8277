"""Plans: proposed slots and visitor pairs for coming weeks, answered by the named visitors."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Site, UTCDateTime, _enum, utcnow

PLAN_ITEM_STATUSES = ("proposed", "accepted", "declined")
VISITOR_RESPONSES = ("proposed", "accepted", "declined")
HANDOVER_ACTIONS = ("avoid", "target")


class Plan(db.Model):
    """A manager's request for a plan, and what the planner proposed.

    `seed` is the one the planner drew with (the manager's, or a random one), so the manager
    can reproduce a plan; it is never shown to visitors, who could otherwise work out the items
    that do not name them.
    """

    __tablename__ = "plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    weeks: Mapped[int] = mapped_column(Integer)
    include_handover: Mapped[bool] = mapped_column(default=False)
    seed: Mapped[int] = mapped_column(BigInteger)
    site_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="(PlanItem.week_start, PlanItem.site_id, PlanItem.id)",
    )


class PlanItem(db.Model):
    """One proposed visit: a site, a week, a slot of the site's grid, and a pair of visitors.

    `period_start` is the target period the item serves: its week (Monday) at a custody suite,
    its month (first day) at a dog unit. An item whose band overlaps a staff handover window
    names it (`handover_window`), to avoid or, in a plan that asks for handover visits, to
    target. `visit_id` links the visit a named visitor logged in that week and slot.
    """

    __tablename__ = "plan_item"
    __table_args__ = (
        UniqueConstraint(
            "plan_id", "site_id", "period_start", name="uq_plan_item_plan_id_site_id_period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    period_start: Mapped[date] = mapped_column(Date)
    week_start: Mapped[date] = mapped_column(Date, index=True)
    slot_day: Mapped[int] = mapped_column(Integer)
    slot_band: Mapped[int] = mapped_column(Integer)
    handover_window: Mapped[str | None] = mapped_column(String(11))
    handover_action: Mapped[str | None] = mapped_column(_enum(HANDOVER_ACTIONS, "handover_action"))
    status: Mapped[str] = mapped_column(_enum(PLAN_ITEM_STATUSES, "plan_item_status"))
    visit_id: Mapped[str | None] = mapped_column(
        ForeignKey("visit.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    plan: Mapped[Plan] = relationship(back_populates="items")
    site: Mapped[Site] = relationship(lazy="joined", innerjoin=True)
    visitors: Mapped[list[PlanItemVisitor]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PlanItemVisitor.person_id"
    )

    @property
    def visitor_ids(self) -> list[int]:
        return [row.person_id for row in self.visitors]


class PlanItemVisitor(db.Model):
    """A visitor named on a plan item, and their answer to it."""

    __tablename__ = "plan_item_visitor"

    plan_item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True, index=True)
    response: Mapped[str] = mapped_column(
        _enum(VISITOR_RESPONSES, "visitor_response"), default="proposed"
    )
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
