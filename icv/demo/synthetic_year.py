"""A synthetic year of records that reproduces a scheme's published annual figures.

The published figures (a JSON file shaped like ../shared/reference/fy2023-24.json) are the
*specification* the generator builds records to; the annual statistics then compute every figure
back from those records. Nothing here is read by the statistics. The generator is seeded, so the
same specification and seed always give the same year, with realistic variety: pairs drawn from
the cohort, times spread inside each slot, delay reasons, demographics, issues and responses.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months
from icv.models import (
    DETAINEE_OUTCOMES,
    IssueEvent,
    Notification,
    Person,
    Scheme,
    Site,
    Visit,
    utcnow,
)
from icv.people import activities, people
from icv.sites.grids import grid_for, in_handover, slot_of
from icv.visits import recording
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


# The cohort ----------------------------------------------------------------------------------

FIRST_NAMES = (
    "Alex",
    "Bernadette",
    "Carl",
    "Deepa",
    "Eamon",
    "Farah",
    "Glyn",
    "Hannah",
    "Imran",
    "Joan",
    "Kwame",
    "Lorna",
    "Marek",
    "Nia",
    "Owen",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tessa",
    "Umar",
    "Vera",
    "Wyn",
    "Xenia",
    "Yusuf",
    "Zara",
    "Aled",
    "Bethan",
    "Ciaran",
    "Dilys",
    "Errol",
    "Fiona",
    "Gareth",
    "Helen",
)
SURNAMES = (
    "Ahmed",
    "Bevan",
    "Clarke",
    "Davies",
    "Evans",
    "Francis",
    "Griffiths",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owen",
    "Price",
    "Rees",
    "Singh",
    "Thomas",
    "Usman",
    "Vaughan",
    "Williams",
)
HOME_AREAS = ("North", "South", "East", "West", "City")
LONG_SERVING_SHARE = 0.72  # of those who serve all year: "over 69% had over five years' service"
LEAVE_REASONS = ("Moved out of the area", "New caring responsibilities", "Took up paid work")


@dataclass
class Volunteer:
    person: Person
    joined_on: date
    left_on: date | None = None
    aws: bool = False

    def can_visit(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


def cohort_plan(rng: random.Random, spec: dict, fy: FinancialYear) -> list[dict]:
    """People records for the published cohort: those serving at the start (a share of them
    long-serving), the leavers among them with dates inside the year, and recruits still in
    pre-appointment checks at its end."""
    volunteers = spec["volunteers"]
    at_start, leavers = volunteers["at_start"], volunteers["left"]
    joiners = volunteers["at_end"] - at_start + leavers
    if joiners < 0:
        raise ValueError("the published cohort does not add up")
    names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    rng.shuffle(names)
    plan = []
    stayers = at_start - leavers
    long_serving = round(stayers * LONG_SERVING_SHARE)
    for index in range(at_start):
        if index < long_serving:
            years = rng.randint(6, 19)
        elif index < stayers:
            years = rng.randint(1, 3)  # not yet five years' service by the year's end
        else:
            years = rng.randint(1, 12)
        joined = fy.first_day - timedelta(days=365 * years + rng.randint(20, 300))
        plan.append(
            {"name": names.pop(), "joined_on": joined, "status": "active", "aws": index % 3 == 0}
        )
    for index, record in enumerate(plan[stayers:at_start]):
        record["left_on"] = fy.first_day + timedelta(days=rng.randint(90, 300))
        record["leave_reason"] = LEAVE_REASONS[index % len(LEAVE_REASONS)]
    for _ in range(joiners):
        plan.append(
            {
                "name": names.pop(),
                "joined_on": fy.first_day + timedelta(days=rng.randint(30, 200)),
                "status": "active",
                "aws": False,
            }
        )
    for _ in range(volunteers.get("recruits_in_checks", 0)):
        plan.append(
            {
                "name": names.pop(),
                "joined_on": fy.last_day - timedelta(days=rng.randint(10, 150)),
                "status": rng.choice(("applicant", "vetting")),
                "aws": False,
            }
        )
    for record in plan:
        record.update(
            home_area=rng.choice(HOME_AREAS),
            gender=rng.choice(("female", "male")),
            birth_year=rng.randint(1950, 1998),
        )
    return plan


# Loading -------------------------------------------------------------------------------------


def _pairs(rng: random.Random, volunteers: list[Volunteer], day: date, aws: bool) -> list[Person]:
    able = [v for v in volunteers if v.can_visit(day) and (v.aws or not aws)]
    return sorted((v.person for v in rng.sample(able, 2)), key=lambda person: person.id)


def plan_visits(
    rng: random.Random,
    spec: dict,
    sites_by_key: dict[str, Site],
    volunteers: list[Volunteer],
    timezone: str,
    target_person_seconds: int,
) -> list[PlannedVisit]:
    fy = FinancialYear(spec["financial_year"])
    custody: list[PlannedVisit] = []
    for key, table in spec["coverage"].items():
        site = sites_by_key[key]
        for arrival in custody_arrivals(rng, site, table, fy, timezone):
            local_day = arrival.astimezone(ZoneInfo(timezone)).date()
            custody.append(
                PlannedVisit(
                    site, arrival, arrival, arrival, _pairs(rng, volunteers, local_day, False)
                )
            )
    custody.sort(key=lambda visit: visit.arrived_at)
    delays = access_delays(rng, [v.arrived_at for v in custody], spec["access"], timezone)
    for visit, (seconds, reason) in zip(custody, delays, strict=True):
        visit.admitted_at = visit.arrived_at + timedelta(seconds=seconds)
        visit.delay_reason = reason
        visit.departed_at = visit.admitted_at + timedelta(minutes=rng.randint(70, 170))

    counts = spec["detainees"]
    in_cells = split_total(
        rng,
        counts["in_cells_at_visits"],
        [v.site.cells * rng.uniform(0.6, 1.4) for v in custody],
        [v.site.cells for v in custody],
    )
    outcome_counts = {outcome: counts[outcome] for outcome in DETAINEE_OUTCOMES}
    for visit, entries in zip(
        custody, detainee_entries(rng, outcome_counts, in_cells, "CU"), strict=True
    ):
        visit.detainees = entries

    dog_visits: list[PlannedVisit] = []
    dog_site = next(site for site in sites_by_key.values() if site.kind == "dog_unit")
    for arrival in dog_unit_arrivals(rng, dog_site, spec["aws"]["coverage"], fy, timezone):
        local_day = arrival.astimezone(ZoneInfo(timezone)).date()
        admitted = arrival + timedelta(seconds=rng.randint(0, 240))
        dog_visits.append(
            PlannedVisit(
                dog_site,
                arrival,
                admitted,
                admitted + timedelta(minutes=rng.randint(50, 110)),
                _pairs(rng, volunteers, local_day, True),
                dogs=[
                    {
                        "ref": f"PD-{rng.randint(100, 999)}-{n}",
                        "kennel_ok": rng.random() > 0.05,
                        "vehicle_ok": rng.random() > 0.05,
                        "records_ok": rng.random() > 0.1,
                        "five_freedoms": {"hunger_and_thirst": True, "fear_and_distress": True},
                    }
                    for n in range(rng.randint(4, 8))
                ],
            )
        )
    _add_issues(rng, spec, custody)
    visits = custody + dog_visits
    spread_seconds(rng, visits, target_person_seconds)
    return visits


def _add_issues(rng: random.Random, spec: dict, custody: list[PlannedVisit]) -> None:
    seen = [(v, e) for v in custody for e in v.detainees if e["outcome"] == "seen"]
    total = max(round(len(seen) * 0.15), 4 * len(spec["issues"]["top_categories"]))
    for category, count in issue_counts(rng, spec["issues"]["top_categories"], total).items():
        for _ in range(count):
            visit, entry = rng.choice(seen)
            by_detainee = rng.random() < 0.8
            visit.issues.append(
                {
                    "category": category,
                    "description": rng.choice(ISSUE_TEXTS[category]),
                    "raised_by": "detainee" if by_detainee else "visitor",
                    "detainee_ref": entry["ref"] if by_detainee else None,
                    "resolved_during_visit": rng.random() < 0.45,
                }
            )


def record_activities(
    rng: random.Random,
    scheme: Scheme,
    manager: Person,
    volunteers: list[Volunteer],
    fy: FinancialYear,
) -> Decimal:
    """Quarterly team meetings (most of the team attends) and some training; returns the
    hours given, which count towards the year's volunteer hours."""
    given = Decimal(0)
    for quarter in range(4):
        held_on = add_months(fy.first_day, 3 * quarter + 1) + timedelta(days=rng.randint(0, 20))
        held_on += timedelta(days=(1 - held_on.isoweekday()) % 7)  # a Monday evening
        present = [v.person.id for v in volunteers if v.can_visit(held_on) and rng.random() < 0.8]
        hours = Decimal("2.00")
        activities.record_meeting(
            scheme,
            manager,
            {
                "date": held_on,
                "hours": hours,
                "attendee_ids": present,
                "notes": "Quarterly team meeting with the custody inspector",
            },
        )
        given += hours * len(present)
    for volunteer in rng.sample(volunteers, min(5, len(volunteers))):
        day = fy.first_day + timedelta(days=rng.randint(30, 300))
        if not volunteer.can_visit(day):
            continue
        hours = Decimal(rng.choice(("3.00", "3.50", "6.00")))
        activities.record_activity(
            scheme,
            manager,
            {
                "person_id": volunteer.person.id,
                "kind": "training",
                "date": day,
                "hours": hours,
                "notes": "Refresher training",
            },
        )
        given += hours
    return given


def _visit_body(visit: PlannedVisit, visit_id: str) -> dict:
    body = {
        "id": visit_id,
        "site_id": visit.site.id,
        "visitor_ids": [person.id for person in visit.visitors],
        "arrived_at": visit.arrived_at,
        "admitted_at": visit.admitted_at,
        "departed_at": visit.departed_at,
        "access_delay_reason": visit.delay_reason,
        "detainees": visit.detainees,
        "dogs": visit.dogs,
        "issues": visit.issues,
        "status": "submitted",
        "mode": "in_person",
        "outcome": "completed",
    }
    if visit.site.kind == "custody_suite":
        body["checks"] = {"cells_clean": True, "cctv_working": True, "food_in_date": True}
    else:
        body["checks"] = {"kennels_ok": True, "vehicles_ok": True, "food_in_date": True}
    return body


def _answer_issues(rng: random.Random, visit: Visit, answerer: Person) -> None:
    """The force's answers, dated as they would have been: most resolved within days, some
    only acknowledged, a few still open."""
    for issue in visit.issues:
        if issue.status != "open":
            continue
        roll = rng.random()
        if roll < 0.12:
            continue
        acknowledged = visit.departed_at + timedelta(hours=rng.randint(4, 120))
        issue.events.append(
            IssueEvent(
                actor_id=answerer.id,
                action="acknowledge",
                from_status="open",
                to_status="acknowledged",
                text="Seen by the custody inspector.",
                at=acknowledged,
            )
        )
        issue.status, issue.acknowledged_at = "acknowledged", acknowledged
        issue.response = "Seen by the custody inspector."
        if roll < 0.85:
            resolved = acknowledged + timedelta(hours=rng.randint(2, 240))
            response = rng.choice(RESPONSES)
            issue.events.append(
                IssueEvent(
                    actor_id=answerer.id,
                    action="resolve",
                    from_status="acknowledged",
                    to_status="resolved",
                    text=response,
                    at=resolved,
                )
            )
            issue.status, issue.resolved_at, issue.response = "resolved", resolved, response


def load_year(
    scheme: Scheme,
    spec: dict,
    manager: Person,
    answerer: Person,
    first_volunteer: Person,
    seed: int = 2023,
) -> int:
    """Loads the year into `scheme` (its sites named as in `spec`); returns the visits made."""
    rng = random.Random(seed)  # noqa: S311 - seeded on purpose: the same year every time
    fy = FinancialYear(spec["financial_year"])
    timezone = scheme.timezone
    names = {site["key"]: site["name"] for site in spec["sites"]}
    sites_by_key = {
        key: db.session.scalar(select(Site).where(Site.scheme_id == scheme.id, Site.name == name))
        for key, name in names.items()
    }

    volunteers: list[Volunteer] = []
    leavers: list[tuple[Person, dict]] = []
    for index, record in enumerate(cohort_plan(rng, spec, fy)):
        email = f"volunteer{index:02d}@demo.example"
        if index == 0:
            person = first_volunteer
        elif existing := db.session.scalar(select(Person).where(Person.email == email)):
            person = existing  # a load that stopped part-way is resumed, not doubled
        else:
            person = people.create_person(
                scheme,
                manager,
                {
                    "name": record["name"],
                    "email": email,
                    "roles": ["visitor"],
                    "status": record["status"],
                    "joined_on": record["joined_on"],
                    "aws": record["aws"],
                    "home_area": record["home_area"],
                    "gender": record["gender"],
                    "birth_year": record["birth_year"],
                },
            )
        if record["status"] == "active":
            volunteers.append(
                Volunteer(person, person.joined_on, record.get("left_on"), person.aws)
            )
        if record.get("left_on"):
            leavers.append((person, record))

    total_seconds, rate = hours_and_rate(
        Decimal(str(spec["hours"]["volunteer_hours"])),
        Decimal(str(spec["hours"]["economic_value_gbp"])),
    )
    scheme.hourly_rate = rate
    activity_hours = record_activities(rng, scheme, manager, volunteers, fy)
    visit_seconds = total_seconds - int(activity_hours * 3600)
    planned = plan_visits(rng, spec, sites_by_key, volunteers, timezone, visit_seconds)
    for number, plan in enumerate(planned):
        visit_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"icv-demo/{fy.year}/{seed}/{number}"))
        visit, _ = recording.create_visit(scheme, manager, _visit_body(plan, visit_id))
        visit.created_at = visit.updated_at = visit.submitted_at = visit.departed_at
        for issue in visit.issues:
            issue.raised_at = issue.created_at = visit.departed_at
            if issue.resolved_during_visit:
                issue.resolved_at = visit.departed_at
        _answer_issues(rng, visit, answerer)
    db.session.execute(
        update(Notification)
        .where(Notification.scheme_id == scheme.id, Notification.read_at.is_(None))
        .values(read_at=utcnow(), email_status="sent")
    )
    db.session.commit()
    for person, record in leavers:
        people.update_person(
            person,
            manager,
            {
                "status": "left",
                "left_on": record["left_on"],
                "leave_reason": record["leave_reason"],
            },
        )
    return len(planned)
