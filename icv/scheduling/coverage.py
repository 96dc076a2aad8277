"""Timeslot coverage: how many visits fell in each slot of a site's grid over a financial year.

The manager uses the table to see which slots have had no visit yet ("green": the ones to
target) and which are covered. It counts submitted in-person visits that took place (completed
or curtailed) by the slot stored on each visit (computed in local time when the visit was
written), in one GROUP BY over the year's local-midnight bounds. A curtailed visit counts like
a completed one: the visitors were in the suite at that time, only for less long. Abandoned
visits are kept and shown apart: the visitors went, but the suite was not seen. A visit whose
local time is in no band (possible at a dog unit) is counted as `outside_grid`, never dropped:
`total` is every in-person visit of the year that took place, so
`sum(day_totals) + outside_grid == total`.

Remote visits (`mode: phone | video`) are not in the table at all: nobody was in the suite, so
they never fill a slot, are never `outside_grid` and are never `abandoned` here.

The Shannon entropy of the slot distribution measures how unpredictable the visits were: it is
`max_entropy_bits` (log2 of the number of slots) when visits are spread evenly over every slot,
and 0 when every visit fell in one slot.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from icv.common.database import db
from icv.common.dates import FinancialYear, zone
from icv.models import REMOTE_MODES, Site, Visit
from icv.sites.grids import Grid, grid_for
from icv.sites.periods import monday_of
from icv.sites.sites import status_on


@dataclass(frozen=True)
class Coverage:
    site: Site
    year: FinancialYear
    grid: Grid
    counts: list[list[int]]  # days x bands
    outside_grid: int
    abandoned: int
    in_handover: int | None  # None where the grid names no handover windows

    @property
    def site_id(self) -> int:
        return self.site.id

    @property
    def day_totals(self) -> list[int]:
        return [sum(row) for row in self.counts]

    @property
    def band_totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.counts, strict=True)]

    @property
    def total(self) -> int:
        return sum(self.day_totals) + self.outside_grid

    @property
    def uncovered(self) -> list[tuple[int, int]]:
        return [(day, band) for day, band in self.grid.slots if self.counts[day][band] == 0]

    @property
    def entropy_bits(self) -> float:
        return entropy_bits(count for row in self.counts for count in row)

    @property
    def max_entropy_bits(self) -> float:
        return math.log2(len(self.grid.slots))

    def count_of(self, slot: tuple[int, int]) -> int:
        return self.counts[slot[0]][slot[1]]


def entropy_bits(counts: Iterable[int]) -> float:
    """Shannon entropy, in bits, of the distribution the counts describe (0 for no visits)."""
    counts = [count for count in counts if count > 0]
    total = sum(counts)
    return -sum(count / total * math.log2(count / total) for count in counts) if total else 0.0


def coverage_of(site: Site, year: FinancialYear, before: datetime | None = None) -> Coverage:
    """The site's coverage table for the year, from one aggregate query; with `before`, only
    the visits that arrived before that instant (the table as it stood then)."""
    return coverage_of_sites([site], year, before)[site.id]


def coverage_of_sites(
    sites: list[Site], year: FinancialYear, before: datetime | None = None
) -> dict[int, Coverage]:
    """The coverage tables of sites of one scheme, by site id, from one aggregate query."""
    if not sites:
        return {}
    scheme = sites[0].scheme
    starts, ends = year.utc_bounds(scheme.timezone)
    if before is not None:
        ends = min(ends, before)
    rows = db.session.execute(
        select(
            Visit.site_id,
            Visit.slot_day,
            Visit.slot_band,
            Visit.outcome,
            Visit.in_handover,
            func.count(),
        )
        .where(
            Visit.scheme_id == scheme.id,
            Visit.site_id.in_([site.id for site in sites]),
            Visit.status == "submitted",
            Visit.mode.not_in(REMOTE_MODES),
            Visit.arrived_at >= starts,
            Visit.arrived_at < ends,
        )
        .group_by(Visit.site_id, Visit.slot_day, Visit.slot_band, Visit.outcome, Visit.in_handover)
    ).all()
    return {
        site.id: _table(site, year, [row[1:] for row in rows if row[0] == site.id])
        for site in sites
    }


def _table(site: Site, year: FinancialYear, rows) -> Coverage:
    grid = grid_for(site.kind)
    counts = [[0] * len(grid.bands) for _ in grid.days]
    outside_grid = abandoned = in_handover = 0
    for day, band, outcome, handover, number in rows:
        if outcome == "abandoned":
            abandoned += number
            continue
        if day is None:
            outside_grid += number
        else:
            counts[day][band] += number
        if handover:
            in_handover += number
    return Coverage(
        site=site,
        year=year,
        grid=grid,
        counts=counts,
        outside_grid=outside_grid,
        abandoned=abandoned,
        in_handover=in_handover if grid.handover_windows else None,
    )


def repeats_covered_slot(visit: Visit) -> bool:
    """Whether the visit went to a slot already visited more often this year than another slot
    of its week on a day the site was open: it is kept (visits are never refused after the
    fact) and marked, so the manager can see where the steering to open slots was not followed.

    Only visits that arrived before this one count, so logging a visit late judges it as it
    stood. Planned and claimed slots do not count here: the mark is a fact about visits, and a
    visit's answer may reach an inspector, who must learn nothing of plans or claims.
    """
    if visit.slot_day is None:
        return False
    site, timezone = visit.site, visit.site.scheme.timezone
    local_day = visit.arrived_at.astimezone(zone(timezone)).date()
    year = FinancialYear.of(local_day)
    table = coverage_of(site, year, before=visit.arrived_at)
    week = [monday_of(local_day) + timedelta(days=n) for n in range(7)]
    open_weekdays = {
        day.isoweekday() for day in week if year.contains(day) and status_on(site, day) == "open"
    }
    own = table.count_of((visit.slot_day, visit.slot_band))
    return any(
        table.count_of(slot) < own
        for slot in table.grid.slots
        if open_weekdays & set(table.grid.weekdays_of(slot[0]))
    )
