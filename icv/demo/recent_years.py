"""The demo's financial years after the published one, up to today.

The published year is loaded to reproduce its figures exactly (`icv.demo.synthetic_year`). The
years after it are built by the same machinery from figures *derived* from the published ones:
each suite's visits and slot shape, the dog unit's monthly visits, access delays, detainees in
cells and their outcomes, issue themes and the time a visit takes, each drawn again with seeded
variation (`derived_spec`). The current financial year has its visits up to the day before
`today` and none after; its issues are answered as an inspector would by then, so the latest
wait for an answer and some are overdue. The volunteers go on from the published cohort
(`icv.demo.recent_cohort`); the coming weeks hold a plan and claims (`icv.demo.coming_weeks`).

Everything is written through the domain (people, visits, activities, plans, claims) in date
order, so each visit is judged against the statuses its visitors had that day. The same `today`
and seed always give the same records.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months, local_midnight
from icv.demo import coming_weeks
from icv.demo.recent_cohort import CohortPlan, new_applicants, plan_cohort
from icv.demo.synthetic_year import demo_visit_id, plan_visits, write_visit
from icv.demo.visit_shapes import RESPONSES, PlannedVisit
from icv.models import (
    DETAINEE_OUTCOMES,
    Issue,
    IssueEvent,
    Notification,
    Person,
    Plan,
    Scheme,
    Site,
    Visit,
    utcnow,
)
from icv.people import activities, hours, people

VARIATION = {
    "custody_visits": (0.92, 1.03),  # of the published visits per suite, at most one a week
    "access_delays": (0.5, 1.5),
    "detainees_per_visit": (0.9, 1.1),
    "outcome_share": (0.85, 1.15),
    "visit_length": (0.93, 1.07),
}
DOG_UNIT_MONTH_MISSED = 0.25  # the chance a year misses one of its monthly dog unit visits
NEVER_ANSWERED = 0.03  # issues the force never answers
STILL_OVERDUE = 2  # the latest issues past the acknowledgement deadline that still wait
ACKNOWLEDGED_BY = "Seen by the custody inspector."


# The year's figures ------------------------------------------------------------------------


def _slot_table(rng: random.Random, shape: list[list[int]], visits: int) -> list[list[int]]:
    """`visits` dealt over the slots in proportion to the published table (plus one, so that
    an empty slot of the published year may be visited now)."""
    cells = [(day, band) for day, row in enumerate(shape) for band in range(len(row))]
    weights = [shape[day][band] + 1 for day, band in cells]
    table = [[0] * len(row) for row in shape]
    for day, band in rng.choices(cells, weights=weights, k=visits):
        table[day][band] += 1
    return table


def _shares(total: int, weights: dict[str, float]) -> dict[str, int]:
    """`total` shared in proportion to the weights, largest remainders first."""
    scale = total / sum(weights.values())
    shares = {key: int(weight * scale) for key, weight in weights.items()}
    by_remainder = sorted(weights, key=lambda key: (shares[key] - weights[key] * scale, key))
    for key in by_remainder[: total - sum(shares.values())]:
        shares[key] += 1
    return shares


def derived_spec(rng: random.Random, published: dict, year: FinancialYear) -> dict:
    """A year's figures, shaped like the published ones and drawn from them."""
    spec = copy.deepcopy(published)
    spec["financial_year"], spec["label"] = year.year, year.label
    weeks = len(year.mondays())
    low, high = VARIATION["custody_visits"]
    for key, table in published["coverage"].items():
        visits = min(weeks, round(sum(map(sum, table)) * rng.uniform(low, high)))
        spec["coverage"][key] = _slot_table(rng, table, visits)
    aws = published["aws"]["coverage"]
    dog_visits = sum(map(sum, aws)) - (1 if rng.random() < DOG_UNIT_MONTH_MISSED else 0)
    spec["aws"]["coverage"] = _slot_table(rng, aws, dog_visits)

    custody = sum(sum(map(sum, table)) for table in spec["coverage"].values())
    ratio = custody / published["visits"]["total"]
    access = published["access"]
    spec["access"] = {
        "delay_over_15": round(
            access["delay_over_15"] * ratio * rng.uniform(*VARIATION["access_delays"])
        ),
        "delay_6_15": round(
            max(access["delay_6_15"], 1) * ratio * rng.uniform(*VARIATION["access_delays"])
        ),
    }
    detainees = published["detainees"]
    in_cells = round(
        detainees["in_cells_at_visits"] * ratio * rng.uniform(*VARIATION["detainees_per_visit"])
    )
    low, high = VARIATION["outcome_share"]
    weights = {
        outcome: detainees[outcome] * rng.uniform(low, high)
        for outcome in DETAINEE_OUTCOMES
        if detainees.get(outcome)
    }
    spec["detainees"] = {"in_cells_at_visits": in_cells, **_shares(in_cells, weights)}
    return spec


def seconds_per_visitor(scheme: Scheme, published: FinancialYear) -> Decimal:
    """How long a visitor spent at a visit in the published year, on average."""
    by_person = hours.hours_by_person(scheme, published)
    visits = sum(row["visits"] for row in by_person)
    return hours.scheme_hours(scheme, published)["visit_hours"] * 3600 / visits


def _person_seconds(rng: random.Random, spec: dict, per_visitor: Decimal) -> int:
    """The time the year's pairs give at visits, to the even second (spread over pairs)."""
    visits = sum(sum(map(sum, table)) for table in spec["coverage"].values())
    visits += sum(map(sum, spec["aws"]["coverage"]))
    seconds = int(2 * visits * per_visitor * Decimal(rng.uniform(*VARIATION["visit_length"])))
    return seconds - seconds % 2


# Issues answered by a day ------------------------------------------------------------------


def _kept_waiting(planned: list[PlannedVisit], deadline: datetime) -> datetime | None:
    """From when issues still wait although past the acknowledgement deadline: the raise time
    of the STILL_OVERDUE-th latest issue raised before it (None: too few issues)."""
    raised = sorted(
        (
            visit.departed_at
            for visit in planned
            for issue in visit.issues
            if not issue["resolved_during_visit"] and visit.departed_at < deadline
        ),
        reverse=True,
    )
    return raised[STILL_OVERDUE - 1] if len(raised) >= STILL_OVERDUE else None


def answer_by(
    rng: random.Random,
    visit: Visit,
    answerer: Person,
    now: datetime,
    acknowledge_days: int,
    waiting_since: datetime | None,
) -> None:
    """The force's answers to the visit's issues as they stand at `now`: acknowledged within
    hours to a few days past the scheme's deadline, most then resolved; an answer due after
    `now` has not come yet, and the latest issues past the deadline still wait."""
    deadline = now - timedelta(days=acknowledge_days)
    for issue in visit.issues:
        if issue.status != "open":
            continue
        late = waiting_since is not None and waiting_since <= issue.raised_at < deadline
        if late or rng.random() < NEVER_ANSWERED:
            continue
        acknowledged = issue.raised_at + timedelta(
            hours=rng.randint(4, 24 * (acknowledge_days + 3))
        )
        if acknowledged >= now:
            continue
        _answer(issue, answerer, "acknowledge", "acknowledged", ACKNOWLEDGED_BY, acknowledged)
        issue.acknowledged_at = acknowledged
        resolved = acknowledged + timedelta(hours=rng.randint(2, 240))
        if rng.random() < 0.85 and resolved < now:
            _answer(issue, answerer, "resolve", "resolved", rng.choice(RESPONSES), resolved)
            issue.resolved_at = resolved


def _answer(issue: Issue, answerer: Person, action: str, to: str, text: str, at: datetime):
    issue.events.append(
        IssueEvent(
            actor_id=answerer.id,
            action=action,
            from_status=issue.status,
            to_status=to,
            text=text,
            at=at,
        )
    )
    issue.status, issue.response = to, text


# Writing in date order ---------------------------------------------------------------------


@dataclass
class Step:
    """Something to write on a day: changes of status first, then activities, then visits in
    the order they began."""

    on: date
    rank: int
    write: Callable[[], None]
    at: float = 0.0  # a visit's arrival (POSIX seconds)

    def key(self) -> tuple:
        return (self.on, self.rank, self.at)


@dataclass
class Context:
    scheme: Scheme
    manager: Person
    answerer: Person
    today: date
    now: datetime  # the start of today, local time: nothing is recorded from then on
    rng: random.Random


def _change_step(context: Context, on: date, person: Person, changes: dict) -> Step:
    changes = dict(changes)
    if changes.get("status") not in (None, "left"):
        changes["status_on"] = on

    def write():
        people.update_person(person, context.manager, changes)

    return Step(on, 0, write)


def _meeting_steps(context: Context, cohort: CohortPlan, year: FinancialYear) -> list[Step]:
    """Quarterly team meetings held by yesterday (most of the team attends), induction
    training for each new probationer and some refresher training."""
    rng, steps = context.rng, []
    for quarter in range(4):
        held_on = add_months(year.first_day, 3 * quarter + 1) + timedelta(days=rng.randint(0, 20))
        held_on += timedelta(days=(1 - held_on.isoweekday()) % 7)  # a Monday evening
        present = [
            v.person.id for v in cohort.volunteers if v.can_visit(held_on) and rng.random() < 0.8
        ]
        if held_on >= context.today or len(present) < 2:
            continue
        data = {
            "date": held_on,
            "hours": Decimal("2.00"),
            "attendee_ids": sorted(present),
            "notes": "Quarterly team meeting with the custody inspector",
        }
        steps.append(Step(held_on, 1, _recorder(activities.record_meeting, context, data)))
    for volunteer in rng.sample(cohort.volunteers, min(5, len(cohort.volunteers))):
        day = year.first_day + timedelta(days=rng.randint(30, 300))
        if day >= context.today or not volunteer.can_visit(day):
            continue
        data = {
            "person_id": volunteer.person.id,
            "kind": "training",
            "date": day,
            "hours": Decimal(rng.choice(("3.00", "3.50", "6.00"))),
            "notes": "Refresher training",
        }
        steps.append(Step(day, 1, _recorder(activities.record_activity, context, data)))
    for day, person in cohort.inductions:
        if year.contains(day):
            data = {
                "person_id": person.id,
                "kind": "training",
                "date": day,
                "hours": Decimal("6.00"),
                "notes": "Induction training",
            }
            steps.append(Step(day, 1, _recorder(activities.record_activity, context, data)))
    return steps


def _recorder(record, context: Context, data: dict):
    def write():
        record(context.scheme, context.manager, data)

    return write


def _visit_steps(
    context: Context,
    planned: list[PlannedVisit],
    year: FinancialYear,
    seed: str,
    waiting_since: datetime | None,
) -> list[Step]:
    scheme, tz = context.scheme, ZoneInfo(context.scheme.timezone)
    steps = []
    for number, plan in enumerate(planned):

        def write(plan=plan, number=number):
            visit = write_visit(scheme, context.manager, plan, demo_visit_id(year, seed, number))
            answer_by(
                context.rng,
                visit,
                context.answerer,
                context.now,
                scheme.acknowledge_days,
                waiting_since,
            )

        local_day = plan.arrived_at.astimezone(tz).date()
        steps.append(Step(local_day, 2, write, plan.arrived_at.timestamp()))
    return steps


# Loading -----------------------------------------------------------------------------------


def has_recent_years(scheme: Scheme, published: FinancialYear) -> bool:
    """Whether the years since the published one are loaded: they hold visits after it, or at
    least (on a `today` that early) the coming weeks' plan."""
    start = local_midnight(published.last_day + timedelta(days=1), scheme.timezone)
    later_visit = select(Visit.id).where(Visit.scheme_id == scheme.id, Visit.arrived_at >= start)
    plan = select(Plan.id).where(Plan.scheme_id == scheme.id)
    return db.session.scalar(select(exists(later_visit) | exists(plan)))


def last_visit_day(scheme: Scheme) -> date | None:
    """The local day of the scheme's latest visit."""
    last = db.session.scalar(select(func.max(Visit.arrived_at)).where(Visit.scheme_id == scheme.id))
    return last.astimezone(ZoneInfo(scheme.timezone)).date() if last else None


def load_recent_years(
    scheme: Scheme,
    spec: dict,
    manager: Person,
    answerer: Person,
    first_volunteer: Person,
    today: date,
    seed: int,
) -> int:
    """Loads the financial years after the published one up to `today` (visits until the day
    before) and the coming weeks' plan and claims; returns the visits made."""
    published = FinancialYear(spec["financial_year"])
    current = FinancialYear.of(today)
    if current.year <= published.year:
        return 0
    years = [FinancialYear(year) for year in range(published.year + 1, current.year + 1)]
    run_seed = f"{seed}/{today.isoformat()}"
    rng = random.Random(run_seed)  # noqa: S311 - seeded on purpose: the same records for a day
    now = local_midnight(today, scheme.timezone)
    context = Context(scheme, manager, answerer, today, now, rng)
    sites_by_key = {
        item["key"]: db.session.scalar(
            select(Site).where(Site.scheme_id == scheme.id, Site.name == item["name"])
        )
        for item in spec["sites"]
    }
    per_visitor = seconds_per_visitor(scheme, published)

    for record in new_applicants(rng, scheme, years, today - timedelta(days=1)):
        people.create_person(
            scheme, manager, {**record, "email": _next_email(scheme)}, send_invitation=False
        )
    cohort = plan_cohort(rng, scheme, years, today, first_volunteer)

    steps = [_change_step(context, c.on, c.person, c.changes) for c in cohort.changes]
    planned_by_year = {}
    for year in years:
        year_spec = derived_spec(rng, spec, year)
        target = _person_seconds(rng, year_spec, per_visitor)
        planned = plan_visits(
            rng, year_spec, sites_by_key, cohort.volunteers, scheme.timezone, target
        )
        planned_by_year[year] = [visit for visit in planned if visit.departed_at < now]
        steps += _meeting_steps(context, cohort, year)
    every_visit = [visit for planned in planned_by_year.values() for visit in planned]
    deadline = now - timedelta(days=scheme.acknowledge_days)
    waiting_since = _kept_waiting(every_visit, deadline)
    for year, planned in planned_by_year.items():
        steps += _visit_steps(context, planned, year, run_seed, waiting_since)
    for step in sorted(steps, key=Step.key):
        step.write()

    for person_id, ends_on in sorted(cohort.term_ends.items()):
        person = db.session.get(Person, person_id)
        if person.status == "active" and person.term_ends_on != ends_on:
            people.update_person(person, manager, {"term_ends_on": ends_on})
    _settle_notifications(scheme)
    coming_weeks.load(scheme, manager, first_volunteer, sites_by_key, today, rng)
    return len(every_visit)


def _next_email(scheme: Scheme) -> str:
    taken = db.session.scalar(
        select(func.count(Person.id)).where(
            Person.scheme_id == scheme.id, Person.email.like("recruit%@demo.example")
        )
    )
    return f"recruit{taken:02d}@demo.example"


def _settle_notifications(scheme: Scheme) -> None:
    """The messages of the years past were sent and read; those about issues still waiting
    stay unread in the inspectors' inboxes."""
    waiting = select(Issue.id).where(Issue.scheme_id == scheme.id, Issue.status == "open")
    db.session.execute(
        update(Notification)
        .where(Notification.scheme_id == scheme.id, Notification.email_status == "pending")
        .values(email_status="sent")
    )
    db.session.execute(
        update(Notification)
        .where(
            Notification.scheme_id == scheme.id,
            Notification.read_at.is_(None),
            (Notification.issue_id.is_(None)) | Notification.issue_id.not_in(waiting),
        )
        .values(read_at=utcnow())
    )
    db.session.commit()
