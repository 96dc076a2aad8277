"""National-scale records, generated as table rows for bulk loading (see `make_data.py`).

Each scheme is drawn from its own seeded generator (`seed` and the scheme's number), and its
integer ids are handed out in scheme order, so scheme 0 is the same rows at every scale: a
bigger database only adds schemes. A scheme has three to six custody suites and a dog unit, a
manager, a viewer, an inspector, and volunteers who apply, are vetted, serve a probation, are
appointed and leave over ten financial years; about 250 submitted visits a year with about 11
people in cells at each custody visit, issues with their answers, quarterly meetings and the
monthly plans the visits followed.

What a visit derives from its times (access band, slot, handover, duration) is computed with the
domain's own functions (`icv.visits.access_delay`, `icv.sites.grids`), as `icv.visits.recording`
does when a visit is written,
so the statistics read the rows as they would read recorded visits. The demographic weights,
reasons and issue texts are those of `icv.demo.visit_shapes`, drawn from the published reference
year.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from icv.common.dates import FinancialYear, add_months
from icv.demo.visit_shapes import (
    AGE_GROUP_WEIGHTS,
    DELAY_REASONS,
    ETHNICITY_WEIGHTS,
    GENDER_WEIGHTS,
    ISSUE_TEXTS,
    NOT_OFFERED_REASONS,
    RESPONSES,
    UNAVAILABLE_REASONS,
    observations,
    weighted,
)
from icv.demo.volunteers import FIRST_NAMES, HOME_AREAS, LEAVE_REASONS, SURNAMES
from icv.models import WELFARE_NEEDS
from icv.sites.grids import in_handover, slot_of
from icv.sites.periods import monday_of
from icv.visits.access_delay import access_band, access_delay_minutes

TIMEZONE = "Europe/London"
ZONE = ZoneInfo(TIMEZONE)
FIRST_YEAR = 2015  # financial years 2015/16 to 2024/25: ten complete years
YEARS = 10
SCHEMES_AT_SCALE_1 = 40
VISITS_PER_SCHEME_YEAR = 250
DOG_VISITS_PER_YEAR = 12
DETAINEES_PER_VISIT = 11
SCHEME_STARTED = date(2010, 4, 1)
CELL_SIZES = (14, 18, 24, 30, 36)
OUTCOME_SHARES = (  # the reference year: 37% offered (90% of them seen), 7%, 20%, 36%
    ("seen", 333),
    ("refused", 37),
    ("not_offered", 70),
    ("unavailable", 200),
    ("asleep_observed", 360),
)
CATEGORY_WEIGHTS = (  # food and drink first, then the cell and its contents, as published
    ("food_and_drink", 30),
    ("cell_and_contents", 22),
    ("healthcare", 10),
    ("legal_rights", 9),
    ("hygiene", 8),
    ("clothing_and_bedding", 7),
    ("exercise", 5),
    ("reading_and_religious", 4),
    ("contact_and_calls", 3),
    ("custody_record", 1),
    ("staff_conduct", 1),
)
ABANDON_REASONS = ("entry_refused", "suite_closed", "wait_too_long")
OK = {"result": "ok"}
CUSTODY_CHECKS = {"cells_clean": OK, "cctv_working": OK, "food_in_date": OK}
DOG_CHECKS = {"water_available": OK, "kennel_clean_and_dry": OK, "food_in_date_and_stored": OK}

# The columns each table is loaded with, in load order (parents before children).
COLUMNS: dict[str, tuple[str, ...]] = {
    "scheme": ("id", "name", "timezone", "hourly_rate", "acknowledge_days", "created_at"),
    "site": (
        "id", "scheme_id", "name", "kind", "cells", "status", "created_at", "updated_at", "version",
    ),
    "person": (
        "id", "scheme_id", "name", "email", "password_hash", "aws", "status", "joined_on",
        "probation_ends_on", "appointed_on", "term_ends_on", "left_on", "leave_reason",
        "home_area", "gender", "birth_year", "created_at", "updated_at", "version",
    ),
    "site_status_change": ("id", "site_id", "status", "effective_on", "recorded_at"),
    "person_role": ("person_id", "role"),
    "person_site": ("person_id", "site_id"),
    "person_status_change": (
        "id", "person_id", "from_status", "to_status", "effective_on", "leave_reason",
        "recorded_at", "recorded_by_id",
    ),
    "meeting": ("id", "scheme_id", "held_on", "hours", "notes", "recorded_at", "recorded_by_id"),
    "activity": (
        "id", "scheme_id", "person_id", "kind", "done_on", "hours", "notes", "meeting_id",
        "recorded_at", "recorded_by_id",
    ),
    "visit": (
        "id", "scheme_id", "site_id", "arrived_at", "admitted_at", "departed_at",
        "access_delay_reason", "mode", "outcome", "abandon_reason", "status", "checks",
        "access_delay_minutes", "access", "slot_day", "slot_band", "in_handover",
        "duration_minutes", "tact_report_required", "create_digest", "created_by_id",
        "created_at", "updated_at", "submitted_at", "submitted_by_id", "version",
    ),
    "visit_visitor": ("visit_id", "person_id"),
    "detainee_entry": (
        "id", "visit_id", "position", "ref", "outcome", "reason", "gender", "age_group",
        "ethnicity", "juvenile", "vulnerable", "tact", "appropriate_adult", "observations",
    ),
    "dog_entry": (
        "id", "visit_id", "position", "ref", "needs", "location",
    ),
    "issue": (
        "id", "scheme_id", "site_id", "visit_id", "category", "description", "raised_by",
        "detainee_ref", "resolved_during_visit", "urgent", "status", "response", "raised_at",
        "acknowledged_at", "resolved_at", "notified_at", "created_at", "updated_at", "version",
    ),
    "issue_event": (
        "id", "issue_id", "actor_id", "action", "from_status", "to_status", "text", "at",
    ),
    "plan": (
        "id", "scheme_id", "created_by_id", "starts_on", "weeks", "include_handover", "seed",
        "site_ids", "created_at",
    ),
    "plan_item": (
        "id", "plan_id", "site_id", "period_start", "week_start", "slot_day", "slot_band",
        "status", "visit_id", "updated_at",
    ),
    "plan_item_visitor": ("plan_item_id", "person_id", "response", "responded_at"),
}  # fmt: skip


def schemes_at(scale: float) -> int:
    """How many schemes a scale holds: 40 at 1, 4 at 0.1, 400 at 10."""
    return max(1, round(SCHEMES_AT_SCALE_1 * scale))


def years() -> list[FinancialYear]:
    return [FinancialYear(FIRST_YEAR + n) for n in range(YEARS)]


class Ids:
    """Integer ids per table, handed out in generation order."""

    def __init__(self) -> None:
        self._next: dict[str, itertools.count] = defaultdict(lambda: itertools.count(1))

    def __call__(self, table: str) -> int:
        return next(self._next[table])


@dataclass
class Volunteer:
    id: int
    joined_on: date  # start of service (probation)
    active_from: date  # end of probation
    left_on: date | None
    aws: bool

    def serves_on(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)


@dataclass
class SchemeRows:
    """The rows of one scheme, by table."""

    rows: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))
    visits: int = 0

    def add(self, table: str, *values) -> None:
        self.rows[table].append(values)


def local_instant(day: date, minute: int, second: int = 0) -> datetime:
    return datetime.combine(day, time(minute // 60, minute % 60, second), ZONE).astimezone(UTC)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


class SchemeGenerator:
    """Generates one scheme's rows; see the module's docstring."""

    def __init__(self, number: int, seed: int, ids: Ids, password_hash: str) -> None:
        self.number = number
        self.rng = random.Random(f"icv-bench/{seed}/{number}")
        self.ids = ids
        self.password_hash = password_hash
        self.out = SchemeRows()
        self.created = datetime.combine(SCHEME_STARTED, time(9), UTC)

    # People and sites --------------------------------------------------------------------------

    def generate(self) -> SchemeRows:
        rng = self.rng
        self.scheme_id = self.ids("scheme")
        self.out.add(
            "scheme",
            self.scheme_id,
            f"Bench scheme {self.number:03d}",
            TIMEZONE,
            Decimal("18.35"),
            7,
            self.created,
        )
        suites = [
            self._site(f"Suite {chr(65 + n)}", "custody_suite", rng.choice(CELL_SIZES))
            for n in range(rng.randint(3, 6))
        ]
        self.suites = suites
        self.dog_unit = self._site("Dog Unit", "dog_unit", None)
        self.manager = self._staff("manager", ["manager"])
        self._staff("viewer", ["viewer"])
        inspector = self._staff("inspector", ["inspector"])
        for site_id, _ in suites:
            self.out.add("person_site", inspector, site_id)
        self.volunteers = self._volunteers()
        for year in years():
            self._year(year)
        return self.out

    def _site(self, name: str, kind: str, cells: int | None) -> tuple[int, int | None]:
        site_id = self.ids("site")
        self.out.add(
            "site", site_id, self.scheme_id, name, kind, cells, "open", self.created,
            self.created, 1,
        )  # fmt: skip
        self.out.add(
            "site_status_change", self.ids("site_status_change"), site_id, "open",
            SCHEME_STARTED, self.created,
        )  # fmt: skip
        return site_id, cells

    def _email(self, local_part: str) -> str:
        return f"{local_part}@scheme{self.number:03d}.bench.example"

    def _person(self, name: str, email: str, roles: list[str], **fields) -> int:
        person_id = self.ids("person")
        values = {
            "aws": False,
            "status": "active",
            "joined_on": SCHEME_STARTED,
            "probation_ends_on": None,
            "appointed_on": None,
            "term_ends_on": None,
            "left_on": None,
            "leave_reason": None,
            "home_area": None,
            "gender": None,
            "birth_year": None,
            **fields,
        }
        self.out.add(
            "person",
            person_id,
            self.scheme_id,
            name,
            email,
            self.password_hash,
            *(values[column] for column in COLUMNS["person"][5:16]),
            self.created,
            self.created,
            1,
        )
        for role in roles:
            self.out.add("person_role", person_id, role)
        return person_id

    def _staff(self, role: str, roles: list[str]) -> int:
        person_id = self._person(f"{role.title()} {self.number:03d}", self._email(role), roles)
        self._status_change(person_id, None, "active", SCHEME_STARTED)
        return person_id

    def _status_change(
        self, person_id: int, from_status, to_status: str, on: date, reason=None
    ) -> None:
        recorded = datetime.combine(on, time(12), UTC)
        self.out.add(
            "person_status_change", self.ids("person_status_change"), person_id, from_status,
            to_status, on, reason, recorded, getattr(self, "manager", None),
        )  # fmt: skip

    def _volunteers(self) -> list[Volunteer]:
        """About 20 serving when the first year begins; each year two or three leave and about
        as many join (applied, vetted, six months' probation, appointed); a few recruits are
        still in checks at the end."""
        rng = self.rng
        plans: list[dict] = []
        first = years()[0].first_day
        for _ in range(rng.randint(16, 24)):
            joined = first - timedelta(days=rng.randint(200, 15 * 365))
            plans.append({"applied": None, "joined": joined})
        for year in years():
            for _ in range(rng.choice((2, 3, 3, 4))):
                applied = year.first_day + timedelta(days=rng.randint(0, 300))
                plans.append({"applied": applied, "joined": applied + timedelta(days=90)})
        last_day = years()[-1].last_day
        volunteers = []
        for index, plan in enumerate(plans):
            joined, applied = plan["joined"], plan["applied"]
            email = self._email(f"volunteer{index:03d}")
            if joined > last_day:  # still being vetted when the last year ends
                person_id = self._person(
                    f"Recruit {index}", email, ["visitor"], status="vetting", joined_on=applied
                )
                self._status_change(person_id, None, "applicant", applied)
                self._status_change(person_id, "applicant", "vetting", applied + timedelta(30))
                continue
            active_from = add_months(joined, 6)
            left_on = joined + timedelta(days=rng.randint(400, 6000))
            if rng.random() >= 0.45 or left_on > last_day or left_on <= active_from:
                left_on = None
            status = "left" if left_on else ("active" if active_from <= last_day else "probation")
            first_name = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
            name = f"{first_name} {SURNAMES[rng.randrange(len(SURNAMES))]}"
            aws = rng.random() < 0.35
            leave_reason = rng.choice(LEAVE_REASONS) if left_on else None
            person_id = self._person(
                name,
                email,
                ["visitor"],
                aws=aws,
                status=status,
                joined_on=joined,
                probation_ends_on=active_from,
                appointed_on=active_from if status != "probation" else None,
                term_ends_on=add_months(active_from, 36) if status == "active" else None,
                left_on=left_on,
                leave_reason=leave_reason,
                home_area=rng.choice(HOME_AREAS),
                gender=rng.choice(("female", "male")),
                birth_year=rng.randint(1945, 2000),
            )
            if applied is None:
                self._status_change(person_id, None, "active", joined)
            else:
                self._status_change(person_id, None, "applicant", applied)
                self._status_change(person_id, "applicant", "vetting", applied + timedelta(30))
                self._status_change(person_id, "vetting", "probation", joined)
                if active_from <= last_day:
                    self._status_change(person_id, "probation", "active", active_from)
            if left_on:
                self._status_change(person_id, "active", "left", left_on, leave_reason)
            volunteers.append(Volunteer(person_id, joined, active_from, left_on, aws))
        for index in range(rng.randint(1, 4)):
            applied = last_day - timedelta(days=rng.randint(10, 120))
            person_id = self._person(
                f"Recruit {index}",
                self._email(f"recruit{index}"),
                ["visitor"],
                status="applicant",
                joined_on=applied,
            )
            self._status_change(person_id, None, "applicant", applied)
        return volunteers

    # A year ------------------------------------------------------------------------------------

    def _year(self, year: FinancialYear) -> None:
        rng = self.rng
        self._meetings(year)
        custody_visits = VISITS_PER_SCHEME_YEAR - DOG_VISITS_PER_YEAR + rng.randint(-15, 15)
        mondays = year.mondays()
        planned: list[tuple[str, int, date, tuple[int, int] | None, list[int]]] = []
        for number in range(custody_visits):
            site_id, cells = self.suites[number % len(self.suites)]
            day = rng.choice(mondays) + timedelta(days=rng.randrange(7))
            arrived = local_instant(day, rng.randrange(24 * 60), rng.randrange(60))
            planned.append(self._visit(site_id, "custody_suite", cells, arrived))
        for month in range(12):
            first = add_months(year.first_day, month)
            day = first + timedelta(days=rng.randrange(28))
            arrived = local_instant(day, rng.randint(7 * 60, 20 * 60), rng.randrange(60))
            planned.append(self._visit(self.dog_unit[0], "dog_unit", None, arrived))
        self._plans(year, planned)

    def _pair(self, day: date, aws: bool) -> list[int]:
        serving = [v for v in self.volunteers if v.serves_on(day)]
        able = [v for v in serving if v.aws and v.active_from <= day] if aws else serving
        chosen = self.rng.sample(able if len(able) >= 2 else serving, 2)
        return sorted(v.id for v in chosen)

    def _visit(self, site_id: int, kind: str, cells, arrived: datetime):
        rng = self.rng
        visit_id = _uuid(rng)
        local_day = arrived.astimezone(ZONE).date()
        visitors = self._pair(local_day, aws=kind == "dog_unit")
        abandoned = kind == "custody_suite" and rng.random() < 0.02
        roll = rng.random()
        if roll < 0.90:
            wait = rng.randint(0, 5 * 60 + 59)
        elif roll < 0.91:
            wait = rng.randint(6 * 60, 15 * 60 + 59)
        else:
            wait = rng.randint(16 * 60, 45 * 60)
        admitted = None if abandoned else arrived + timedelta(seconds=wait)
        stayed = rng.randint(20 if abandoned else 70, 170)
        departed = (admitted or arrived) + timedelta(minutes=stayed)
        delay = access_delay_minutes(arrived, admitted) if admitted else None
        band = access_band(delay) if delay is not None else None
        reason = None
        if band not in (None, "immediate"):
            handover = in_handover(arrived, TIMEZONE)
            reason = "staff handover" if handover else rng.choice(DELAY_REASONS[:2])
        slot = slot_of(kind, arrived, TIMEZONE)
        entries = [] if abandoned or kind != "custody_suite" else self._detainees(visit_id, cells)
        tact = any(entry[11] and entry[4] == "seen" for entry in entries)
        for entry in entries:
            self.out.add("detainee_entry", *entry)
        if kind == "dog_unit":
            self._dogs(visit_id)
        digest = hashlib.sha256(visit_id.encode()).hexdigest()
        self.out.add(
            "visit", visit_id, self.scheme_id, site_id, arrived, admitted, departed, reason,
            "in_person", "abandoned" if abandoned else "completed",
            rng.choice(ABANDON_REASONS) if abandoned else None, "submitted",
            json.dumps(CUSTODY_CHECKS if kind == "custody_suite" else DOG_CHECKS), delay, band,
            slot[0] if slot else None, slot[1] if slot else None, in_handover(arrived, TIMEZONE),
            int((departed - arrived).total_seconds() // 60), tact, digest, self.manager,
            departed, departed, departed, self.manager, 1,
        )  # fmt: skip
        for person_id in visitors:
            self.out.add("visit_visitor", visit_id, person_id)
        self._issues(visit_id, site_id, entries, departed)
        self.out.visits += 1
        return visit_id, site_id, local_day, slot, visitors, kind

    def _detainees(self, visit_id: str, cells: int) -> list[tuple]:
        rng = self.rng
        count = min(cells, max(0, round(rng.gauss(DETAINEES_PER_VISIT, 3.5))))
        entries = []
        for position in range(count):
            outcome = weighted(rng, OUTCOME_SHARES)
            gender = age_group = ethnicity = reason = None
            juvenile = vulnerable = False
            if outcome in ("seen", "refused"):
                gender, age_group = weighted(rng, GENDER_WEIGHTS), weighted(rng, AGE_GROUP_WEIGHTS)
                ethnicity = weighted(rng, ETHNICITY_WEIGHTS)
                juvenile, vulnerable = age_group == "under_18", rng.random() < 0.08
            elif outcome == "not_offered":
                reason = rng.choice(NOT_OFFERED_REASONS)
            elif outcome == "unavailable":
                reason = rng.choice(UNAVAILABLE_REASONS)
            entries.append(
                (
                    self.ids("detainee_entry"), visit_id, position, f"C{position + 1:02d}",
                    outcome, reason, gender, age_group, ethnicity, juvenile, vulnerable,
                    rng.random() < 0.001, "present" if juvenile or vulnerable else None,
                    json.dumps(observations(rng, gender) if outcome == "seen" else {}),
                )
            )  # fmt: skip
        return entries

    def _dogs(self, visit_id: str) -> None:
        rng = self.rng
        for position in range(rng.randint(4, 8)):
            needs = {
                need: OK if rng.random() > 0.05 else {"result": "concern", "note": "Seen to"}
                for need in WELFARE_NEEDS
            }
            location = "home_kennel" if rng.random() < 0.1 else "force_kennels"
            self.out.add(
                "dog_entry", self.ids("dog_entry"), visit_id, position, f"PD-{position + 1}",
                json.dumps(needs), location,
            )  # fmt: skip

    def _issues(self, visit_id: str, site_id: int, entries: list[tuple], departed) -> None:
        rng = self.rng
        raised = [(e[3], "detainee") for e in entries if e[4] == "seen" and rng.random() < 0.15]
        if rng.random() < 0.1:
            raised.append((None, "visitor"))
        for ref, raised_by in raised:
            issue_id = self.ids("issue")
            category = weighted(rng, CATEGORY_WEIGHTS)
            during = rng.random() < 0.45
            status, response, acknowledged, resolved = self._answer(issue_id, during, departed)
            self.out.add(
                "issue", issue_id, self.scheme_id, site_id, visit_id, category,
                rng.choice(ISSUE_TEXTS[category]), raised_by, ref, during, False, status,
                response, departed, acknowledged, resolved or (departed if during else None),
                None if during else departed, departed, departed, 1,
            )  # fmt: skip

    def _answer(self, issue_id: int, during: bool, departed: datetime):
        """The force's answer: most resolved within days, some acknowledged, a few open."""
        if during:
            return "resolved_during_visit", None, None, None
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            return "open", None, None, None
        acknowledged = departed + timedelta(hours=rng.randint(4, 120))
        response = "Seen by the custody inspector."
        self._issue_event(issue_id, "acknowledge", "open", "acknowledged", response, acknowledged)
        if roll < 0.15:
            return "acknowledged", response, acknowledged, None
        resolved = acknowledged + timedelta(hours=rng.randint(2, 240))
        response = rng.choice(RESPONSES)
        self._issue_event(issue_id, "resolve", "acknowledged", "resolved", response, resolved)
        return "resolved", response, acknowledged, resolved

    def _issue_event(self, issue_id, action, from_status, to_status, text, at) -> None:
        self.out.add(
            "issue_event", self.ids("issue_event"), issue_id, self.manager, action, from_status,
            to_status, text, at,
        )  # fmt: skip

    # Meetings and plans ------------------------------------------------------------------------

    def _meetings(self, year: FinancialYear) -> None:
        rng = self.rng
        for quarter in range(4):
            held_on = add_months(year.first_day, 3 * quarter + 1) + timedelta(rng.randint(0, 20))
            meeting_id = self.ids("meeting")
            recorded = datetime.combine(held_on, time(21), UTC)
            hours = Decimal("2.00")
            self.out.add(
                "meeting", meeting_id, self.scheme_id, held_on, hours, "Quarterly team meeting",
                recorded, self.manager,
            )  # fmt: skip
            for volunteer in self.volunteers:
                if volunteer.serves_on(held_on) and rng.random() < 0.8:
                    self.out.add(
                        "activity", self.ids("activity"), self.scheme_id, volunteer.id,
                        "meeting", held_on, hours, None, meeting_id, recorded, self.manager,
                    )  # fmt: skip
        for volunteer in rng.sample(self.volunteers, min(5, len(self.volunteers))):
            day = year.first_day + timedelta(days=rng.randint(30, 300))
            if volunteer.serves_on(day):
                self.out.add(
                    "activity", self.ids("activity"), self.scheme_id, volunteer.id, "training",
                    day, Decimal(rng.choice(("3.00", "3.50", "6.00"))), "Refresher training",
                    None, datetime.combine(day, time(18), UTC), self.manager,
                )  # fmt: skip

    def _plans(self, year: FinancialYear, visits: list[tuple]) -> None:
        """A plan a month, each naming the slot and pair of the visits that followed it; a
        visit that doubled up a period is outside the plan."""
        rng = self.rng
        site_ids = json.dumps([site_id for site_id, _ in self.suites] + [self.dog_unit[0]])
        by_month: dict[date, list[tuple]] = defaultdict(list)
        for visit in visits:
            by_month[visit[2].replace(day=1)].append(visit)
        for month, in_month in sorted(by_month.items()):
            starts_on = monday_of(month)
            plan_id = self.ids("plan")
            created = datetime.combine(month - timedelta(days=5), time(10), UTC)
            self.out.add(
                "plan", plan_id, self.scheme_id, self.manager, starts_on, 5, False,
                rng.randrange(2**62), site_ids, created,
            )  # fmt: skip
            used: set[tuple[int, date]] = set()
            for visit_id, site_id, local_day, slot, visitors, kind in in_month:
                period = monday_of(local_day) if kind == "custody_suite" else month
                if slot is None or (site_id, period) in used:
                    continue
                used.add((site_id, period))
                item_id = self.ids("plan_item")
                self.out.add(
                    "plan_item", item_id, plan_id, site_id, period, monday_of(local_day),
                    slot[0], slot[1], "accepted", visit_id, created,
                )  # fmt: skip
                for person_id in visitors:
                    self.out.add("plan_item_visitor", item_id, person_id, "accepted", created)
