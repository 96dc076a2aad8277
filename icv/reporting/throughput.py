"""The force's custody throughput for a year, as the manager records it, and what it gives the
report: the share of the people through custody who were in cells at the times of visits."""

from sqlalchemy import select

from icv.common import audit
from icv.common.database import db
from icv.common.dates import FinancialYear
from icv.common.numbers import percent
from icv.models import CustodyThroughput, Person, Scheme


def recorded(scheme: Scheme, year: int) -> CustodyThroughput | None:
    return db.session.scalar(
        select(CustodyThroughput).where(
            CustodyThroughput.scheme_id == scheme.id, CustodyThroughput.year == year
        )
    )


def record(
    scheme: Scheme, actor: Person, year: int, detainees: int
) -> tuple[CustodyThroughput, bool]:
    """Records (or corrects) the force's figure for the year; True when it is new."""
    row = recorded(scheme, year)
    created = row is None
    if created:
        row = CustodyThroughput(scheme_id=scheme.id, year=year)
        db.session.add(row)
    row.detainees = detainees
    row.recorded_by_id = actor.id
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "custody_throughput",
        row.id,
        "record",
        {"year": year, "detainees": detainees},
    )
    db.session.commit()
    return row, created


def as_dict(row: CustodyThroughput) -> dict:
    return {
        "year": row.year,
        "label": FinancialYear(row.year).label,
        "detainees": row.detainees,
        "recorded_at": row.recorded_at,
    }


def context(scheme: Scheme, year: int, in_cells: int) -> dict | None:
    """The throughput beside the people in cells at visit times, or None when not recorded."""
    row = recorded(scheme, year)
    if row is None:
        return None
    return {
        "detainees": row.detainees,
        "in_cells": in_cells,
        "percent_in_cells": percent(in_cells, row.detainees),
    }
