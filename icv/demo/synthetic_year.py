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
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months
from icv.demo.visit_shapes import (
    ISSUE_TEXTS,
    RESPONSES,
    PlannedVisit,
    access_delays,
    custody_arrivals,
    detainee_entries,
    dog_entries,
    dog_unit_arrivals,
    hours_and_rate,
    issue_counts,
    split_total,
    spread_seconds,
    suite_checks,
)
from icv.demo.volunteers import Volunteer, cohort_plan
from icv.models import (
    CHECKLIST_OF_SITE_KIND,
    DEFAULT_CHECKLISTS,
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
from icv.visits import recording

# Loading -------------------------------------------------------------------------------------


def _pairs(rng: random.Random, volunteers: list[Volunteer], day: date, aws: bool) -> list[Person]:
    """Two volunteers serving that day (at the dog unit, appointed members of the animal welfare
    scheme), never two probationers together."""
    able = [v for v in volunteers if (v.can_visit_dog_unit(day) if aws else v.can_visit(day))]
    pair = rng.sample(able, 2)
    if all(v.in_probation(day) for v in pair):
        pair[1] = rng.choice([v for v in able if not v.in_probation(day)])
    return sorted((v.person for v in pair), key=lambda person: person.id)


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
    outcome_counts = {outcome: counts.get(outcome, 0) for outcome in DETAINEE_OUTCOMES}
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
                dogs=dog_entries(rng),
            )
        )
    _add_issues(rng, spec, custody)
    visits = custody + dog_visits
    spread_seconds(rng, visits, target_person_seconds)
    for visit in visits:
        kind = CHECKLIST_OF_SITE_KIND[visit.site.kind]
        visit.checks = suite_checks(rng, tuple(key for key, _ in DEFAULT_CHECKLISTS[kind]))
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
    body["checks"] = visit.checks
    if visit.site.kind == "custody_suite":
        body["feedback"] = {
            "to_name": "The custody sergeant",
            "to_rank": "sergeant",
            "at": visit.departed_at - timedelta(minutes=5),
            "summary": "Told the custody sergeant what we found, and the issues raised.",
        }
    return body


def demo_visit_id(fy: FinancialYear, seed: int | str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"icv-demo/{fy.year}/{seed}/{number}"))


def write_visit(scheme: Scheme, manager: Person, plan: PlannedVisit, visit_id: str) -> Visit:
    """Records a planned visit as submitted when the visitors left, its issues raised then."""
    visit, _ = recording.create_visit(scheme, manager, _visit_body(plan, visit_id))
    visit.created_at = visit.updated_at = visit.submitted_at = visit.departed_at
    for issue in visit.issues:
        issue.raised_at = issue.created_at = visit.departed_at
        if issue.notified_at is not None:  # an urgent concern, told during the visit
            issue.notified_at = visit.departed_at
        if issue.resolved_during_visit:
            issue.resolved_at = visit.departed_at
    return visit


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
                send_invitation=False,
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
        visit = write_visit(scheme, manager, plan, demo_visit_id(fy, seed, number))
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
