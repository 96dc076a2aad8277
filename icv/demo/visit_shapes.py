"""The shapes of a synthetic year's visits, drawn to match published figures: arrivals inside
each slot of the published timeslot tables, access delays, detainees and their outcomes,
issues, and visit lengths that add up to the published hours.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from icv.common.dates import FinancialYear
from icv.models import (
    DETAINEE_OUTCOMES,
    WELFARE_NEEDS,
    Person,
    Site,
)
from icv.sites.grids import grid_for, in_handover, slot_of
from icv.visits.access_delay import IMMEDIATE_MAX_MINUTES, SHORT_DELAY_MAX_MINUTES

DELAY_REASONS = ("suite very busy", "staff shortage", "staff handover")
NOT_OFFERED_REASONS = ("aggressive", "intoxicated", "health and safety")
UNAVAILABLE_REASONS = ("in interview", "at hospital", "out of cell", "with solicitor")
GENDER_WEIGHTS = (("male", 84), ("female", 15), ("non_binary", 1))
AGE_GROUP_WEIGHTS = (
    ("under_18", 4),
    ("18_24", 20),
    ("25_34", 30),
    ("35_44", 24),
    ("45_54", 13),
    ("55_64", 6),
    ("65_plus", 3),
)
ETHNICITY_WEIGHTS = (
    ("white", 78),
    ("black", 7),
    ("asian", 8),
    ("mixed", 4),
    ("other", 2),
    ("not_stated", 1),
)
ISSUE_TEXTS = {
    "food_and_drink": (
        "No hot drink offered since arrival",
        "Meal not offered at the usual time",
        "Vegetarian meal not available",
        "Water not refilled",
    ),
    "cell_and_contents": (
        "No toilet paper in the cell",
        "No blanket",
        "Toilet not flushing",
        "Cell call bell not working",
    ),
    "healthcare": ("Asked to see the nurse about medication", "Needs prescribed inhaler"),
    "legal_rights": (
        "Solicitor not yet arrived",
        "Wants someone informed of arrest",
        "Asked to read the codes of practice",
    ),
    "hygiene": ("Asked for a shower", "No hand soap in the cell area"),
    "clothing_and_bedding": ("Clothing wet, asked for replacement", "Mattress damaged"),
    "exercise": ("Asked for fresh air", "Exercise yard not offered"),
    "reading_and_religious": ("Asked for reading material", "Asked for a prayer mat"),
    "contact_and_calls": ("Wants to call family",),
    "custody_record": ("Custody record incomplete",),
    "staff_conduct": ("Felt spoken to rudely",),
}
RESPONSES = (
    "Raised with the custody sergeant; put right the same day.",
    "Reminder issued to all custody staff at shift briefing.",
    "Maintenance request raised and completed.",
    "Stock reordered; supplies checked at each handover.",
    "Reviewed by the custody inspector; practice changed.",
)


@dataclass
class PlannedVisit:
    site: Site
    arrived_at: datetime
    admitted_at: datetime
    departed_at: datetime
    visitors: list[Person]
    delay_reason: str | None = None
    detainees: list[dict] = field(default_factory=list)
    dogs: list[dict] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)
    checks: dict[str, dict] = field(default_factory=dict)


def weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def hours_and_rate(hours: Decimal, value: Decimal) -> tuple[int, Decimal]:
    """Total volunteer seconds and an hourly rate (4 places) that give exactly the published
    hours and value when the statistics round them to the penny: the searched smallest
    adjustments, never a fixed answer."""
    centre = hours * 3600
    for rate_step in range(0, 200):
        for sign in (1, -1):
            rate = ((value / hours) + sign * Decimal(rate_step) / 10000).quantize(Decimal("0.0001"))
            for offset in range(0, 18):
                for seconds in {int(centre) - offset, int(centre) + offset}:
                    exact_hours = Decimal(seconds) / 3600
                    if exact_hours.quantize(Decimal("0.01"), ROUND_HALF_UP) != hours:
                        continue
                    worth = (exact_hours * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
                    if worth == value and seconds % 2 == 0:
                        return seconds, rate
    raise ValueError("no rate reproduces the published hours and value")


def _local(day: date, minute_of_day: int, second: int, timezone: str) -> datetime:
    # Built from the wall-clock fields, so a clock change that day does not shift the slot.
    local = datetime(
        day.year,
        day.month,
        day.day,
        minute_of_day // 60,
        minute_of_day % 60,
        second,
        tzinfo=ZoneInfo(timezone),
    )
    return local.astimezone(UTC)


def arrival_in_slot(
    rng: random.Random, site_kind: str, day: date, band_index: int, timezone: str
) -> datetime:
    """A random arrival on `day` inside the band, in local time, that lands in that slot."""
    band = grid_for(site_kind).bands[band_index]
    first = band.start.hour * 60 + band.start.minute
    last = band.end.hour * 60 + band.end.minute
    for _ in range(100):
        arrival = _local(day, rng.randint(first, last), rng.randint(0, 59), timezone)
        slot = slot_of(site_kind, arrival, timezone)
        if (
            slot is not None
            and slot[1] == band_index
            and arrival.astimezone(ZoneInfo(timezone)).date() == day
        ):
            return arrival
    raise ValueError(f"no time in band {band_index} on {day}")


def cells_with_counts(table: list[list[int]]) -> list[tuple[int, int]]:
    return [
        (day, band)
        for day, row in enumerate(table)
        for band, count in enumerate(row)
        for _ in range(count)
    ]


def custody_arrivals(
    rng: random.Random, site: Site, table: list[list[int]], fy: FinancialYear, timezone: str
) -> list[datetime]:
    """One arrival per counted visit in the published slot table, a different week each where
    the year has weeks enough, on the slot's weekday and inside its band."""
    cells = cells_with_counts(table)
    rng.shuffle(cells)
    mondays = fy.mondays()
    weeks = (
        rng.sample(mondays, len(cells))
        if len(cells) <= len(mondays)
        else [mondays[i % len(mondays)] for i in range(len(cells))]
    )
    return sorted(
        arrival_in_slot(rng, site.kind, monday + timedelta(days=day), band, timezone)
        for (day, band), monday in zip(cells, weeks, strict=True)
    )


def dog_unit_arrivals(
    rng: random.Random, site: Site, table: list[list[int]], fy: FinancialYear, timezone: str
) -> list[datetime]:
    """The dog unit's visits, one a month where the table allows, each on a day of its day
    group and inside its band."""
    grid = grid_for(site.kind)
    cells = cells_with_counts(table)
    rng.shuffle(cells)
    months = [
        date(fy.year + (fy.first_day.month + n - 1) // 12, (fy.first_day.month + n - 1) % 12 + 1, 1)
        for n in range(12)
    ]
    arrivals = []
    for index, (day_group, band) in enumerate(cells):
        month = months[index % 12]
        weekdays = grid.days[day_group][1]
        days = [
            month + timedelta(days=n)
            for n in range(31)
            if (month + timedelta(days=n)).month == month.month
            and (month + timedelta(days=n)).isoweekday() in weekdays
        ]
        arrivals.append(arrival_in_slot(rng, site.kind, rng.choice(days), band, timezone))
    return sorted(arrivals)


def access_delays(
    rng: random.Random, arrivals: list[datetime], access: dict, timezone: str
) -> list[tuple[int, str | None]]:
    """Seconds waited for each arrival and the reason: the published counts per band, the
    delayed ones drawn first from visits that fell in a staff handover."""
    order = sorted(
        range(len(arrivals)),
        key=lambda i: (not in_handover(arrivals[i], timezone), rng.random()),
    )
    delays: list[tuple[int, str | None]] = [(0, None)] * len(arrivals)
    over, short = access["delay_over_15"], access["delay_6_15"]
    for position, index in enumerate(order):
        if position < over:
            minutes = rng.randint(SHORT_DELAY_MAX_MINUTES + 1, 45)
        elif position < over + short:
            minutes = rng.randint(IMMEDIATE_MAX_MINUTES + 1, SHORT_DELAY_MAX_MINUTES)
        else:
            delays[index] = (rng.randint(0, IMMEDIATE_MAX_MINUTES * 60 + 59), None)
            continue
        reason = (
            "staff handover"
            if in_handover(arrivals[index], timezone)
            else rng.choice(DELAY_REASONS[:2])
        )
        delays[index] = (minutes * 60 + rng.randint(0, 59), reason)
    return delays


def split_total(rng: random.Random, total: int, weights: list[float], caps: list[int]) -> list[int]:
    """`total` shared out in proportion to `weights` (largest remainders), none above its cap."""
    if total > sum(caps):
        raise ValueError("more detainees than cells")
    scale = total / sum(weights)
    shares = [min(int(w * scale), cap) for w, cap in zip(weights, caps, strict=True)]
    while sum(shares) < total:
        open_ = [i for i, share in enumerate(shares) if share < caps[i]]
        shares[rng.choice(open_)] += 1
    return shares


APPROPRIATE_ADULT_WEIGHTS = (("present", 70), ("requested", 25), ("not_arranged", 5))
# How often each observation of a detainee seen is answered "yes"; the rest "no" or "unsure".
# Women are asked about a female officer and menstrual products; nobody else is.
OBSERVATION_YES = {
    "rights_and_entitlements_given": 0.97,
    "legal_advice_offered": 0.96,
    "someone_informed": 0.85,
    "food_and_drink_offered": 0.9,
    "health_needs_met": 0.93,
    "cell_clean": 0.94,
    "bedding_adequate": 0.9,
}
WOMEN_ONLY = {"female_officer_offered": 0.8, "menstrual_products_offered": 0.75}
SUITE_CHECK_OK = 0.93


def observations(rng: random.Random, gender: str | None) -> dict[str, str]:
    asked = OBSERVATION_YES | (WOMEN_ONLY if gender == "female" else {})
    return {
        key: "yes" if rng.random() < share else rng.choice(("no", "unsure"))
        for key, share in asked.items()
    }


def suite_checks(rng: random.Random, keys: tuple[str, ...]) -> dict[str, dict]:
    """A check of each item; a concern says what the visitors saw."""
    checks = {}
    for key in keys:
        if rng.random() < SUITE_CHECK_OK:
            checks[key] = {"result": "ok"}
        else:
            checks[key] = {
                "result": "concern",
                "note": f"{key.replace('_', ' ').capitalize()}: raised with the sergeant",
            }
    return checks


def detainee_entries(rng: random.Random, counts: dict, in_cells: list[int], prefix: str):
    """The published outcome counts dealt out over the visits' cells, with demographics."""
    outcomes = [outcome for outcome in DETAINEE_OUTCOMES for _ in range(counts[outcome])]
    rng.shuffle(outcomes)
    entries, cursor = [], 0
    for visit_index, number in enumerate(in_cells):
        visit_entries = []
        for n in range(number):
            outcome = outcomes[cursor]
            cursor += 1
            entry = {"ref": f"{prefix}{visit_index:03d}-{n + 1:02d}", "outcome": outcome}
            if outcome in ("seen", "refused"):
                age_group = weighted(rng, AGE_GROUP_WEIGHTS)
                entry.update(
                    gender=weighted(rng, GENDER_WEIGHTS),
                    age_group=age_group,
                    ethnicity=weighted(rng, ETHNICITY_WEIGHTS),
                    juvenile=age_group == "under_18",
                    vulnerable=rng.random() < 0.08,
                )
                if entry["juvenile"] or entry["vulnerable"]:
                    entry["appropriate_adult"] = weighted(rng, APPROPRIATE_ADULT_WEIGHTS)
                if outcome == "seen":
                    entry["observations"] = observations(rng, entry["gender"])
            elif outcome == "not_offered":
                entry["reason"] = rng.choice(NOT_OFFERED_REASONS)
            elif outcome == "unavailable":
                entry["reason"] = rng.choice(UNAVAILABLE_REASONS)
            visit_entries.append(entry)
        entries.append(visit_entries)
    return entries


def issue_counts(rng: random.Random, top: list[str], total: int) -> dict[str, int]:
    """How many issues of each category: the published top categories first, in order and
    strictly ahead of the next, the rest sharing what is left, each fewer than the last top."""
    counts: dict[str, int] = {}
    share, previous = 0.3, None
    for key in top:
        wanted = round(total * share)
        counts[key] = min(wanted, previous - 1) if previous else max(wanted, len(top) + 2)
        previous, share = counts[key], share * 0.72
    ceiling = min(counts.values()) - 1
    others = [key for key in ISSUE_TEXTS if key not in counts]
    remaining = max(total - sum(counts.values()), 0)
    while remaining > 0 and ceiling > 0:
        key = rng.choice(others)
        if counts.get(key, 0) < ceiling:
            counts[key] = counts.get(key, 0) + 1
            remaining -= 1
        elif all(counts.get(other, 0) >= ceiling for other in others):
            break
    return counts


def spread_seconds(
    rng: random.Random, visits: list[PlannedVisit], target_person_seconds: int
) -> None:
    """Adjusts departures so that the visitors' time adds up to the target to the second."""

    def person_seconds() -> int:
        return sum(
            int((v.departed_at - v.arrived_at).total_seconds()) * len(v.visitors) for v in visits
        )

    for _ in range(10):
        gap = target_person_seconds - person_seconds()
        if gap == 0:
            return
        pairs = [v for v in visits if len(v.visitors) == 2]
        per_visit, rest = divmod(gap // 2, len(pairs))
        for index, visit in enumerate(pairs):
            visit.departed_at += timedelta(seconds=per_visit + (1 if index < rest else 0))
        if gap % 2:
            raise ValueError("the target time cannot be split between pairs")
    if person_seconds() != target_person_seconds:
        raise ValueError("could not reach the target volunteer time")


# The dog unit's dogs, and what animal welfare visitors find: most needs met; where one is not,
# what they saw. About one visit in three also calls at a handler's home kennel.
POLICE_DOGS = tuple(
    f"PD-{name}"
    for name in (
        "ACE",
        "BRAMBLE",
        "CODY",
        "DIESEL",
        "EMBER",
        "FINN",
        "GUNNER",
        "HAZEL",
        "IVY",
        "JET",
        "KODA",
        "LUNA",
        "MAX",
        "NELL",
    )
)
DOG_NEED_OK = 0.97
HOUSING_NOT_CHECKED = 0.2
HOME_KENNEL_VISIT = 0.35
IN_VEHICLE = 0.1
DOG_NEED_CONCERNS = {
    "environment": "Kennel run wet underfoot",
    "diet": "Feeding record not kept up to date",
    "normal_behaviour": "Little time out of the kennel this week",
    "housed_with_or_apart": "Kennelled next to a dog it reacts to",
    "protection_from_pain_injury_disease": "Sore paw: vet not yet booked",
}


def dog_entries(rng: random.Random) -> list[dict]:
    """The dogs one visit checks against the five welfare needs, and where each was seen."""
    at_home = rng.random() < HOME_KENNEL_VISIT
    entries = []
    for position, ref in enumerate(rng.sample(POLICE_DOGS, rng.randint(4, 8))):
        if at_home and position == 0:
            location = "home_kennel"
        else:
            location = "vehicle" if rng.random() < IN_VEHICLE else "force_kennels"
        needs = {}
        for need in WELFARE_NEEDS:
            if need == "housed_with_or_apart" and rng.random() < HOUSING_NOT_CHECKED:
                needs[need] = {"result": "not_checked"}
            elif rng.random() < DOG_NEED_OK:
                needs[need] = {"result": "ok"}
            else:
                needs[need] = {"result": "concern", "note": DOG_NEED_CONCERNS[need]}
        entries.append({"ref": ref, "needs": needs, "location": location})
    return entries
