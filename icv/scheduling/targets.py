"""Visit targets: each open custody suite at least once a week, the dog unit once a month.

A period counts towards the target when the site was open on at least one of its days (from the
dated status history): a suite opened on a Wednesday is due a visit that week. `required` is the
number of such periods in the financial year; `visits` the submitted in-person visits that took
place (completed or curtailed) and arrived in the year (abandoned ones are shown apart);
`percent` is visits / required, as schemes publish it (101 visits of 104 required = 97.1%), so
it may pass 100; `periods_met` counts the required periods with at least one such visit. A week
belongs to the year its Monday is in, so a visit on 2 April can meet the last week of the year
before while counting in this year's `visits`. A site closed all year requires nothing and is
shown as closed.

A curtailed visit meets its period like a completed one: the visitors were there in person and
saw the suite, if for less long than they meant to. Remote visits (`mode: phone | video`) never
count: nobody went, so they meet no week's or month's target and are not even counted as
abandoned; the annual statistics show them apart.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, bindparam, case, func, select

from icv.common.database import db
from icv.common.dates import FinancialYear, local_today
from icv.common.numbers import percent
from icv.models import REMOTE_MODES, Site, Visit
from icv.sites.periods import PERIOD_OF_KIND, Period, bucket, periods_of, utc_midnight
from icv.sites.sites import open_during


@dataclass(frozen=True)
class SiteTarget:
    site: Site
    period: str  # week | month
    required: int
    visits: int
    abandoned: int
    periods_met: int
    periods_missed: int  # required periods already over without a completed visit
    status: str  # closed | met | in_progress | missed

    @property
    def site_id(self) -> int:
        return self.site.id

    @property
    def name(self) -> str:
        return self.site.name

    @property
    def kind(self) -> str:
        return self.site.kind

    @property
    def percent(self) -> float | None:
        return percent(self.visits, self.required)


def required_periods(site: Site, year: FinancialYear) -> list[Period]:
    """The periods of the year in which the site was open on at least one day."""
    return [
        period
        for period in periods_of(site.kind, year)
        if open_during(site, period.starts_on, period.last_day)
    ]


@dataclass(frozen=True)
class Tally:
    """What one site's visits add up to over a year."""

    visits: int
    abandoned: int
    met: frozenset[date]  # starts of the periods with an in-person visit that took place


@lru_cache(maxsize=128)
def _tally_statement(year: FinancialYear, timezone: str) -> Select:
    """The tally's query for a year and time zone, sites bound at execution. Built once: its
    CASEs have a branch per week and per month, costly to build on every request."""
    weeks, months = periods_of("custody_suite", year), periods_of("dog_unit", year)
    year_starts, year_ends = year.utc_bounds(timezone)
    window_ends = max(year_ends, utc_midnight(weeks[-1].ends_on, timezone))
    in_year = case((Visit.arrived_at < year_ends, 1), else_=0)
    week = bucket(Visit.arrived_at, weeks, timezone)
    month = bucket(Visit.arrived_at, months, timezone)
    return (
        select(Visit.site_id, Visit.outcome, in_year, week, month, func.count())
        .where(
            Visit.site_id.in_(bindparam("site_ids", expanding=True)),
            Visit.status == "submitted",
            Visit.mode.not_in(REMOTE_MODES),
            Visit.arrived_at >= year_starts,
            Visit.arrived_at < window_ends,
        )
        .group_by(Visit.site_id, Visit.outcome, in_year, week, month)
    )


def tally(sites: list[Site], year: FinancialYear, timezone: str) -> dict[int, Tally]:
    """Per site: in-person visits and abandoned ones in the year, and the periods they met.

    One query: visits grouped by site, outcome, whether they fall in the year, and their week
    and month. The window runs from the year's start to the end of its last week, which may
    reach into April.
    """
    weeks, months = periods_of("custody_suite", year), periods_of("dog_unit", year)
    rows = db.session.execute(
        _tally_statement(year, timezone), {"site_ids": [site.id for site in sites]}
    )
    visits: dict[int, int] = defaultdict(int)
    abandoned: dict[int, int] = defaultdict(int)
    met: dict[int, set[date]] = defaultdict(set)
    kind_of = {site.id: site.kind for site in sites}
    for site_id, outcome, counts_in_year, week_index, month_index, number in rows:
        if outcome == "abandoned":
            abandoned[site_id] += number if counts_in_year else 0
            continue
        if counts_in_year:
            visits[site_id] += number
        if PERIOD_OF_KIND[kind_of[site_id]] == "week" and week_index is not None:
            met[site_id].add(weeks[week_index].starts_on)
        elif PERIOD_OF_KIND[kind_of[site_id]] == "month" and month_index is not None:
            met[site_id].add(months[month_index].starts_on)
    return {
        site.id: Tally(visits[site.id], abandoned[site.id], frozenset(met[site.id]))
        for site in sites
    }


def _status(required: int, met: int, year: FinancialYear, today: date) -> str:
    if required == 0:
        return "closed"
    if met >= required:
        return "met"
    return "in_progress" if today <= year.last_day else "missed"


def site_targets(
    sites: list[Site], year: FinancialYear, timezone: str, today: date | None = None
) -> list[SiteTarget]:
    """Each site's target for the year, in the order given."""
    if not sites:
        return []
    today = today or local_today(timezone)
    tallies = tally(sites, year, timezone)
    targets = []
    for site in sites:
        counted = tallies[site.id]
        required = required_periods(site, year)
        met = [period for period in required if period.starts_on in counted.met]
        missed = [
            period
            for period in required
            if period.ends_on <= today and period.starts_on not in counted.met
        ]
        targets.append(
            SiteTarget(
                site=site,
                period=PERIOD_OF_KIND[site.kind],
                required=len(required),
                visits=counted.visits,
                abandoned=counted.abandoned,
                periods_met=len(met),
                periods_missed=len(missed),
                status=_status(len(required), len(met), year, today),
            )
        )
    return targets
