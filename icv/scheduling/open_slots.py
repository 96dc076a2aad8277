"""Open slots: the slots visitors may choose in the coming weeks, least covered first.

A slot of a site's grid in a week is open when:

- the site still needs a visit in that target period (a custody suite's week, the dog unit's
  month): the period has no completed visit, no plan item and no claim still waiting for its
  visit (`icv.scheduling.site_year.site_year` counts all three);
- the slot falls on a date of the week, within that period, on which the site is open and its
  band has not yet ended;
- no other such slot of the site that week is less covered: a slot's count is its visits,
  plan items and live claims in the financial year of the period (`visits` in the answer).

The last rule is the one claims enforce (`icv.scheduling.claims`: a slot above the least covered
level while a less covered slot is open that week is refused), so every slot listed may be claimed,
and a visitor is never shown a choice that would be refused.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import FinancialYear, local_today, zone
from icv.models import Person, Site
from icv.people.declarations import NO_BAR, bars_of
from icv.people.eligibility import why_may_not_visit
from icv.scheduling import site_year
from icv.scheduling.slot_choice import Slot
from icv.sites.grids import Grid, grid_for
from icv.sites.periods import Period, monday_of, periods_in_week
from icv.sites.sites import status_on


@dataclass(frozen=True)
class OpenSlot:
    site: Site
    week_start: date
    period: Period
    slot: Slot
    visits: int
    dates: tuple[date, ...]

    @property
    def site_id(self) -> int:
        return self.site.id

    @property
    def day(self) -> str:
        return grid_for(self.site.kind).day_labels[self.slot[0]]

    @property
    def band(self) -> str:
        return grid_for(self.site.kind).band_labels[self.slot[1]]


def visitable_sites(scheme_id: int, person: Person, site_id: int | None = None) -> list[Site]:
    """The sites a person may choose slots at: a manager, every site of the scheme; a visitor,
    the sites the planner could send them to (a dog unit only with the animal welfare scheme,
    after probation; none once their vetting has lapsed; not a site a declared interest keeps
    them off)."""
    query = select(Site).where(Site.scheme_id == scheme_id).order_by(Site.id)
    if site_id is not None:
        query = query.where(Site.id == site_id)
    sites = list(db.session.scalars(query))
    if person.has_role("manager"):
        return sites
    today = local_today(person.scheme.timezone)
    bar = bars_of([person.id]).get(person.id, NO_BAR)
    return [
        site
        for site in sites
        if why_may_not_visit(person, site.kind, site_id=site.id, on=today, bar=bar) is None
    ]


def slot_dates_ahead(
    site: Site, grid: Grid, slot: Slot, week: date, period: Period, now: datetime
) -> list[date]:
    """The dates in the week and period on which the site is open and the slot's band has not
    yet ended."""
    band, timezone = grid.bands[slot[1]], site.scheme.timezone
    return [
        day
        for day in site_year.slot_dates(grid, slot, week, period)
        if status_on(site, day) == "open" and band.window_on(day, timezone)[1] > now
    ]


def _open_in_period(
    site: Site, week: date, period: Period, known: site_year.SiteYear, now: datetime
) -> list[OpenSlot]:
    if period.starts_on in known.done:
        return []
    grid = grid_for(site.kind)
    dates_of = {
        slot: dates
        for slot in grid.slots
        if (dates := slot_dates_ahead(site, grid, slot, week, period, now))
    }
    if not dates_of:
        return []
    least = min(known.counts[slot] for slot in dates_of)
    return [
        OpenSlot(site, week, period, slot, least, tuple(dates))
        for slot, dates in dates_of.items()
        if known.counts[slot] == least
    ]


def open_slots(sites: list[Site], weeks: list[date], now: datetime) -> list[OpenSlot]:
    """The open slots of the sites in the weeks (Mondays), least covered first, then soonest.

    A dog unit's week that runs into a new month is looked at month by month; a slot open in
    both (Saturday in one month, Sunday in the next) is listed once, for the earlier month.
    """
    found: list[OpenSlot] = []
    for site in sites:
        since = monday_of(now.astimezone(zone(site.scheme.timezone)).date())
        years: dict[FinancialYear, site_year.SiteYear] = {}
        for week in weeks:
            listed: set[Slot] = set()
            for period in periods_in_week(site.kind, week):
                year = FinancialYear.of(period.starts_on)
                if year not in years:
                    years[year] = site_year.site_year(site, year, since)
                for open_slot in _open_in_period(site, week, period, years[year], now):
                    if open_slot.slot not in listed:
                        listed.add(open_slot.slot)
                        found.append(open_slot)
    return sorted(found, key=lambda s: (s.visits, s.week_start, s.dates[0], s.site_id, s.slot))
