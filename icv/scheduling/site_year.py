"""What the planner knows of a site's year: per target period and slot, the visits made, the
plan items still outstanding and the claims still waiting; and the dates an arranged slot
falls on.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, select

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months
from icv.models import Claim, Plan, PlanItem, Site
from icv.scheduling import claim_status
from icv.scheduling.coverage import coverage_of
from icv.scheduling.slot_choice import Slot
from icv.scheduling.targets import required_periods, tally
from icv.sites.grids import Grid, grid_for
from icv.sites.periods import PERIOD_OF_KIND, Period


@dataclass
class SiteYear:
    """One site in one financial year: slot counts (visits, planned and claimed slots) and the
    periods that are done (visited, planned by another plan, or claimed) or still to plan."""

    counts: dict[Slot, int]
    done: set[date]
    required: list[Period]

    def remaining_from(self, period_start: date) -> int:
        """The required periods from this one to the year's end that still need planning."""
        return sum(
            1
            for period in self.required
            if period.starts_on >= period_start and period.starts_on not in self.done
        )


def outstanding(query: Select, scheme_id: int, since: date) -> Select:
    """Narrows a query over plan items to the items still waiting for their visit: not
    declined, no visit linked, in a week from `since`."""
    return query.join(Plan, PlanItem.plan_id == Plan.id).where(
        Plan.scheme_id == scheme_id,
        PlanItem.status != "declined",
        PlanItem.visit_id.is_(None),
        PlanItem.week_start >= since,
    )


def site_year(site: Site, year: FinancialYear, since: date) -> SiteYear:
    """What a site's year holds before planning (or claiming) from the Monday `since`: its
    submitted, completed visits, and the plan items and claims still waiting for their visit
    in a week from `since`. Each counts in its slot and marks its target period done."""
    coverage = coverage_of(site, year)
    counts = {slot: coverage.count_of(slot) for slot in coverage.grid.slots}
    done = set(tally([site], year, site.scheme.timezone)[site.id].met)
    planned = select(
        PlanItem.period_start, PlanItem.slot_day, PlanItem.slot_band, func.count()
    ).select_from(PlanItem)
    planned_rows = db.session.execute(
        outstanding(planned, site.scheme_id, since)
        .where(
            PlanItem.site_id == site.id,
            PlanItem.period_start >= year.first_day,
            PlanItem.period_start <= year.last_day,
        )
        .group_by(PlanItem.period_start, PlanItem.slot_day, PlanItem.slot_band)
    )
    claimed_rows = db.session.execute(
        select(Claim.period_start, Claim.slot_day, Claim.slot_band, func.count())
        .where(
            Claim.site_id == site.id,
            claim_status.waiting_since(since),
            Claim.period_start >= year.first_day,
            Claim.period_start <= year.last_day,
        )
        .group_by(Claim.period_start, Claim.slot_day, Claim.slot_band)
    )
    for period_start, day, band, number in [*planned_rows, *claimed_rows]:
        counts[(day, band)] += number
        done.add(period_start)
    return SiteYear(counts=counts, done=done, required=required_periods(site, year))


def slot_dates(grid: Grid, slot: Slot, week_start: date, period: Period) -> list[date]:
    """The dates in the week on which the slot falls, within the period."""
    days = [week_start + timedelta(days=weekday - 1) for weekday in grid.weekdays_of(slot[0])]
    return [day for day in days if period.contains(day)]


def _period_of_item(item: PlanItem | Claim) -> Period:
    if PERIOD_OF_KIND[item.site.kind] == "week":
        return Period(item.period_start, item.period_start + timedelta(weeks=1))
    return Period(item.period_start, add_months(item.period_start, 1))


def item_dates(item: PlanItem | Claim) -> list[date]:
    """The dates a plan item's (or a claim's) slot falls on, in its week and target period."""
    grid = grid_for(item.site.kind)
    return slot_dates(grid, (item.slot_day, item.slot_band), item.week_start, _period_of_item(item))
