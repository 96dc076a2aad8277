"""Target periods: the weeks a custody suite and the months a dog unit must each be visited in.

The locally agreed targets are one visit a week to each open custody suite and one a month to
the dog unit. A week is Monday to Sunday and belongs to the financial year its Monday falls in,
so a year has 52 or 53 of them; a month is a calendar month, 12 a year. Periods are local dates;
`bucket` turns them into a SQL expression that puts each visit's UTC arrival in its period, so
that counting by period is one GROUP BY on either database.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case

from icv.common.dates import ReportingPeriod, add_months

PERIOD_OF_KIND = {"custody_suite": "week", "dog_unit": "month"}


@dataclass(frozen=True)
class Period:
    """Local dates [starts_on, ends_on)."""

    starts_on: date
    ends_on: date

    def days(self) -> list[date]:
        return [
            self.starts_on + timedelta(days=n) for n in range((self.ends_on - self.starts_on).days)
        ]

    @property
    def last_day(self) -> date:
        return self.ends_on - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day < self.ends_on


def weeks_of(year: ReportingPeriod) -> list[Period]:
    return [Period(monday, monday + timedelta(weeks=1)) for monday in year.mondays()]


def months_of(year: ReportingPeriod) -> list[Period]:
    """The calendar months of a year (12) or of a quarter (3)."""
    months = (year.last_day.year - year.first_day.year) * 12 + year.last_day.month
    count = months - year.first_day.month + 1
    return [
        Period(add_months(year.first_day, n), add_months(year.first_day, n + 1))
        for n in range(count)
    ]


def periods_of(site_kind: str, year: ReportingPeriod) -> list[Period]:
    return weeks_of(year) if PERIOD_OF_KIND[site_kind] == "week" else months_of(year)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def periods_in_week(site_kind: str, monday: date) -> list[Period]:
    """The target periods a week reaches, in order: the week itself at a custody suite; the
    month of its Monday and, when the week runs into the next, that month too at a dog unit."""
    if PERIOD_OF_KIND[site_kind] == "week":
        return [Period(monday, monday + timedelta(weeks=1))]
    firsts = sorted({monday.replace(day=1), (monday + timedelta(days=6)).replace(day=1)})
    return [Period(first, add_months(first, 1)) for first in firsts]


def utc_midnight(day: date, timezone: str) -> datetime:
    """The UTC instant of local midnight starting `day`."""
    return datetime.combine(day, time(0), ZoneInfo(timezone)).astimezone(UTC)


def bucket(column, periods: list[Period], timezone: str):
    """A SQL CASE giving the index of the period an instant column falls in, else NULL.

    Periods must be in order and must not overlap; gaps between them fall in no period.
    """
    whens = []
    for index, period in enumerate(periods):
        starts, ends = (
            utc_midnight(period.starts_on, timezone),
            utc_midnight(period.ends_on, timezone),
        )
        whens.append(((column >= starts) & (column < ends), index))
    return case(*whens, else_=None)
