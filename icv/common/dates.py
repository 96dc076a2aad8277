"""Calendar helpers in a scheme's local time."""

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_time_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_today(timezone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(timezone)).date()


def local_midnight(day: date, timezone: str) -> datetime:
    """The UTC instant at which `day` begins in `timezone`."""
    return datetime.combine(day, time(0), ZoneInfo(timezone)).astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class LocalDays:
    """Days `first_day` to `last_day` (local dates, both included) of a scheme's calendar: what a
    financial year and a quarter of it share, so that every figure reads either the same way."""

    first_day: date
    last_day: date

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def utc_bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[start, end) of the days as UTC instants, from local midnights in `timezone`."""
        return (
            local_midnight(self.first_day, timezone),
            local_midnight(self.last_day + timedelta(days=1), timezone),
        )

    def mondays(self) -> list[date]:
        """The Mondays inside the days: the weeks a weekly target counts."""
        first = self.first_day + timedelta(days=(7 - self.first_day.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range((self.last_day - first).days // 7 + 1)]


@dataclass(frozen=True)
class FinancialYear(LocalDays):
    """Financial year N: 1 April N to 31 March N+1, labelled "N/(N+1 mod 100)"."""

    year: int

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, 4, 1)

    @property
    def last_day(self) -> date:
        return date(self.year + 1, 3, 31)

    def quarter_starts(self, timezone: str) -> list[datetime]:
        """The UTC instants at which its four quarters (April, July, October, January) begin."""
        return [local_midnight(add_months(self.first_day, 3 * n), timezone) for n in range(4)]

    def quarters(self) -> list["FinancialQuarter"]:
        return [FinancialQuarter(self.year, n) for n in QUARTERS]

    @classmethod
    def of(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)


QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class FinancialQuarter(LocalDays):
    """Quarter Q of financial year N: Q1 April-June, Q2 July-September, Q3 October-December,
    Q4 January-March of N+1; labelled "N/(N+1 mod 100) QQ". A week still belongs to the quarter
    its Monday is in, so the four quarters' weeks are exactly the year's."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if self.quarter not in QUARTERS:
            raise ValueError(f"a quarter is 1 to 4, not {self.quarter}")

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)

    @property
    def label(self) -> str:
        return f"{self.financial_year.label} Q{self.quarter}"

    @property
    def first_day(self) -> date:
        return add_months(self.financial_year.first_day, 3 * (self.quarter - 1))

    @property
    def last_day(self) -> date:
        return add_months(self.first_day, 3) - timedelta(days=1)


# What a report can be made for: a financial year or one of its quarters.
ReportingPeriod = FinancialYear | FinancialQuarter


def year_or_current(year: int | None, timezone: str) -> FinancialYear:
    """The financial year asked for, or the one today falls in, in the scheme's time zone."""
    return FinancialYear(year) if year is not None else FinancialYear.of(local_today(timezone))
