"""Reports of visits to people held under terrorism legislation: a copy of the visit report
goes to the Independent Reviewer of Terrorism Legislation for each TACT detainee seen."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from icv.common.database import db
from icv.models.core import Site, UTCDateTime, _enum, utcnow

TACT_REPORT_STATUSES = ("due", "sent")


class TactReport(db.Model):
    """Due from the visit's submission; overdue after the scheme's `tact_report_days`."""

    __tablename__ = "tact_report"
    __table_args__ = (
        UniqueConstraint("visit_id", "detainee_ref", name="uq_tact_report_visit_id_detainee_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    visit_id: Mapped[str] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    detainee_ref: Mapped[str] = mapped_column(String(40))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(_enum(TACT_REPORT_STATUSES, "tact_report_status"))
    due_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date)
    recordings_reviewed: Mapped[bool] = mapped_column(default=False)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    site: Mapped[Site] = relationship(lazy="joined", innerjoin=True)
