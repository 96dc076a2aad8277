"""Coverage grids: the day groups and time bands a site's visits are counted in.

A grid is data. Custody suites have 7 days x 5 bands (35 slots a week); a police dog unit has
Monday to Friday plus Saturday/Sunday together, each with a morning and an afternoon band.
"""

from dataclasses import dataclass
from datetime import time


@dataclass(frozen=True)
class Band:
    start: time
    end: time  # inclusive, to the minute

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True)
class Grid:
    days: tuple[tuple[str, tuple[int, ...]], ...]  # label, ISO weekdays (1 = Monday)
    bands: tuple[Band, ...]

    @property
    def day_labels(self) -> list[str]:
        return [label for label, _ in self.days]

    @property
    def band_labels(self) -> list[str]:
        return [band.label for band in self.bands]

    def as_dict(self) -> dict:
        return {"days": self.day_labels, "bands": self.band_labels}


def _band(start: str, end: str) -> Band:
    return Band(time.fromisoformat(start), time.fromisoformat(end))


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
