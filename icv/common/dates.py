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


@dataclass(frozen=True)
class FinancialYear:
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

    def contains(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def utc_bounds(self, timezone: str) -> tuple[datetime, datetime]:
        """[start, end) of the year as UTC instants, from local midnights in `timezone`."""
        return (
            local_midnight(self.first_day, timezone),
            local_midnight(self.last_day + timedelta(days=1), timezone),
        )

    def quarter_starts(self, timezone: str) -> list[datetime]:
        """The UTC instants at which its four quarters (April, July, October, January) begin."""
        return [local_midnight(add_months(self.first_day, 3 * n), timezone) for n in range(4)]

    def mondays(self) -> list[date]:
        """The Mondays inside the year: the weeks a weekly target counts."""
        first = self.first_day + timedelta(days=(7 - self.first_day.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range((self.last_day - first).days // 7 + 1)]

    @classmethod
    def of(cls, day: date) -> "FinancialYear":
        return cls(day.year if day.month >= 4 else day.year - 1)


def year_or_current(year: int | None, timezone: str) -> FinancialYear:
    """The financial year asked for, or the one today falls in, in the scheme's time zone."""
    return FinancialYear(year) if year is not None else FinancialYear.of(local_today(timezone))
