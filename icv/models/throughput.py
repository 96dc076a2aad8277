"""The force's own figure of how many people passed through its custody in a financial year.

Visitors never count it: the manager records the force's figure, so that the report can set the
people in cells at the times of visits against it (the reference report's 1,096 of 15,475)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from icv.common.database import db
from icv.models.core import UTCDateTime, utcnow


class CustodyThroughput(db.Model):
    __tablename__ = "custody_throughput"
    __table_args__ = (
        UniqueConstraint("scheme_id", "year", name="uq_custody_throughput_scheme_id_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("scheme.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)  # financial year N: 1 April N - 31 March N+1
    detainees: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
