"""Coverage grids: the day groups and time bands a site's visits are counted in.

A grid is data. Custody suites have 7 days x 5 bands (35 slots a week); a police dog unit has
Monday to Friday plus Saturday/Sunday together, each with a morning and an afternoon band.
A grid also names the staff handover windows that matter at that kind of site: custody staff
hand over at 06:30-07:15 and 18:30-19:15, when access is usually delayed; the dog unit has no
custody handover, so its grid names none.

These are the reference scheme's grids and every scheme's defaults. A visit stores the indices
of its slot when it is written (see `icv.visits.recording`), so a grid must not change under stored
visits.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Band:
    start: time
    end: time  # inclusive, to the minute

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def overlaps(self, other: "Band") -> bool:
        return self.start <= other.end and other.start <= self.end

    def window_on(self, day: date, timezone: str) -> tuple[datetime, datetime]:
        """[start, end) of the band on a local date, as UTC instants. The end is the minute
        after the band's last one: 07:59 ends at 08:00, 23:59 at the next midnight."""
        zone = ZoneInfo(timezone)
        starts = datetime.combine(day, self.start, zone)
        ends = datetime.combine(day, self.end, zone) + timedelta(minutes=1)
        return starts.astimezone(UTC), ends.astimezone(UTC)


@dataclass(frozen=True)
class Grid:
    days: tuple[tuple[str, tuple[int, ...]], ...]  # label, ISO weekdays (1 = Monday)
    bands: tuple[Band, ...]
    handover_windows: tuple[Band, ...] = ()

    @property
    def day_labels(self) -> list[str]:
        return [label for label, _ in self.days]

    @property
    def band_labels(self) -> list[str]:
        return [band.label for band in self.bands]

    @property
    def slots(self) -> list[tuple[int, int]]:
        """Every (day index, band index) of the grid, day by day."""
        return [(day, band) for day in range(len(self.days)) for band in range(len(self.bands))]

    def weekdays_of(self, day_index: int) -> tuple[int, ...]:
        return self.days[day_index][1]

    def handover_window_in(self, band_index: int) -> Band | None:
        """The handover window a band overlaps, if any (in the default grids, at most one)."""
        band = self.bands[band_index]
        return next((window for window in self.handover_windows if window.overlaps(band)), None)

    def as_dict(self) -> dict:
        return {"days": self.day_labels, "bands": self.band_labels}


def _band(start: str, end: str) -> Band:
    return Band(time.fromisoformat(start), time.fromisoformat(end))


HANDOVER_WINDOWS = (_band("06:30", "07:15"), _band("18:30", "19:15"))

CUSTODY_GRID = Grid(
    days=tuple(
        (label, (weekday,))
        for weekday, label in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], 1)
    ),
    bands=(
        _band("00:00", "07:59"),
        _band("08:00", "11:59"),
        _band("12:00", "15:59"),
        _band("16:00", "19:59"),
        _band("20:00", "23:59"),
    ),
    handover_windows=HANDOVER_WINDOWS,
)

DOG_UNIT_GRID = Grid(
    days=(
        ("Mon", (1,)),
        ("Tue", (2,)),
        ("Wed", (3,)),
        ("Thu", (4,)),
        ("Fri", (5,)),
        ("Sat/Sun", (6, 7)),
    ),
    bands=(_band("07:00", "13:00"), _band("15:00", "20:00")),
)

GRIDS = {"custody_suite": CUSTODY_GRID, "dog_unit": DOG_UNIT_GRID}


def grid_for(site_kind: str) -> Grid:
    return GRIDS[site_kind]


def _local_minute(instant: datetime, timezone: str) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("a slot needs a time with its offset")
    return instant.astimezone(ZoneInfo(timezone)).replace(second=0, microsecond=0)


def slot_of(site_kind: str, arrived_at: datetime, timezone: str) -> tuple[int, int] | None:
    """(day index, band index) of the grid cell the arrival falls in, in local time.

    None when the local time is in no band (e.g. 13:30 at a dog unit): such a visit is kept and
    counted as outside the grid, never dropped.
    """
    local = _local_minute(arrived_at, timezone)
    grid = grid_for(site_kind)
    day_index = next(
        i for i, (_, weekdays) in enumerate(grid.days) if local.isoweekday() in weekdays
    )
    clock = local.time()
    for band_index, band in enumerate(grid.bands):
        if band.start <= clock <= band.end:
            return day_index, band_index
    return None


def slot_labels(site_kind: str, slot: tuple[int, int] | None) -> dict | None:
    if slot is None:
        return None
    grid = grid_for(site_kind)
    return {"day": grid.day_labels[slot[0]], "band": grid.band_labels[slot[1]]}


def in_handover(arrived_at: datetime, timezone: str) -> bool:
    """Whether the arrival falls in a staff handover window, when access is usually delayed."""
    clock = _local_minute(arrived_at, timezone).time()
    return any(window.start <= clock <= window.end for window in HANDOVER_WINDOWS)
