"""The demo volunteers' paths in the years after the published one, up to today.

The cohort goes on from the published year's: a few volunteers leave each year (at about the
published rate), the recruits then in pre-appointment checks are vetted, serve a six-month
probation with a buddy and are appointed (or withdraw), and new applicants come. Around `today`
the cohort holds what a manager deals with this month: a volunteer appointed days ago, a
probation about to end, a probation just begun, a recruit in vetting, and appointed volunteers
whose three-year term has just ended or ends soon.

This module only plans: it returns the people to create and the dated changes of status, which
`icv.demo.recent_years` applies through `icv.people.people` in date order among the visits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from icv.common.database import db
from icv.common.dates import FinancialYear, add_months
from icv.demo.volunteers import FIRST_NAMES, HOME_AREAS, LEAVE_REASONS, SURNAMES, Volunteer
from icv.models import Person, PersonRole, PersonStatusChange, Scheme
from icv.people.lifecycle import IN_CHECKS, PROBATION_MONTHS, TERM_MONTHS

WITHDRAWAL_REASON = "Withdrew during pre-appointment checks"
# The published year: 2 of 18 volunteers left. Each later year draws its leavers near that rate.
LEAVERS_PER_YEAR = (1, 2)
INTAKE_PER_YEAR = (3, 5)  # recruits who start probation in a full year
APPLICANTS_PER_YEAR = (4, 7)
AWS_SHARE_OF_NEW = 1 / 3  # new volunteers who join the animal welfare scheme when appointed
BUDDY_SERVICE_MONTHS = 12
VETTING_AFTER_DAYS = 14  # an application is read and the interview held before vetting starts
VETTING_VALID_MONTHS = 60  # police vetting of a custody visitor is renewed every five years
# Days from `today` to the vetting expiry of the first serving volunteers: one inside the
# 30-day reminder, one inside the 60-day one, so the manager's reminders show on the day.
VETTING_DUE_SOON = (24, 52)


@dataclass
class Change:
    """A change to a person's record on a day, as `people.update_person` takes it."""

    on: date
    person: Person
    changes: dict


@dataclass
class Recruit:
    person: Person
    status: str
    since: date  # the day of their latest change of status


@dataclass
class CohortPlan:
    volunteers: list[Volunteer]  # everyone who serves at some time in the years planned
    changes: list[Change] = field(default_factory=list)
    inductions: list[tuple[date, Person]] = field(default_factory=list)
    term_ends: dict[int, date] = field(default_factory=dict)  # person id -> term end today


def _visitors(scheme: Scheme) -> list[Person]:
    return list(
        db.session.scalars(
            select(Person)
            .where(
                Person.scheme_id == scheme.id, Person.role_rows.any(PersonRole.role == "visitor")
            )
            .order_by(Person.id)
        )
    )


def _latest_change_days(person_ids: list[int]) -> dict[int, date]:
    rows = db.session.execute(
        select(PersonStatusChange.person_id, func.max(PersonStatusChange.effective_on))
        .where(PersonStatusChange.person_id.in_(person_ids))
        .group_by(PersonStatusChange.person_id)
    )
    return dict(rows.all())


def _day_between(rng: random.Random, first: date, last: date) -> date | None:
    if last < first:
        return None
    return first + timedelta(days=rng.randint(0, (last - first).days))


def new_applicants(
    rng: random.Random, scheme: Scheme, years: list[FinancialYear], until: date
) -> list[dict]:
    """Records of the people who apply in the years (up to `until`), named as the published
    cohort is, each name new to the scheme."""
    taken = set(db.session.scalars(select(Person.name).where(Person.scheme_id == scheme.id)))
    names = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    names = [name for name in names if name not in taken]
    rng.shuffle(names)
    records = []
    for year in years:
        for _ in range(rng.randint(*APPLICANTS_PER_YEAR)):
            applied = _day_between(rng, year.first_day, min(year.last_day, until))
            if applied is None:
                continue
            records.append(
                {
                    "name": names.pop(),
                    "roles": ["visitor"],
                    "status": "applicant",
                    "joined_on": applied,
                    "aws": False,
                    "home_area": rng.choice(HOME_AREAS),
                    "gender": rng.choice(("female", "male")),
                    "birth_year": rng.randint(1955, 2003),
                }
            )
    return sorted(records, key=lambda record: record["joined_on"])


def _plan_vetting_of_serving(
    rng: random.Random,
    plan: CohortPlan,
    serving: list[Volunteer],
    first_day: date,
    today: date,
    keep: Person,
) -> None:
    """Vetting of the volunteers serving at the start, recorded then: most renewed well ahead
    of `today`, the first others than the demo visitor due within the reminder windows."""
    others = [volunteer for volunteer in serving if volunteer.person.id != keep.id]
    for index, volunteer in enumerate(others):
        if index < len(VETTING_DUE_SOON):
            expires = today + timedelta(days=VETTING_DUE_SOON[index])
        else:
            expires = today + timedelta(days=rng.randint(90, 30 * VETTING_VALID_MONTHS))
        plan.changes.append(Change(first_day, volunteer.person, {"vetting_expires_on": expires}))
    plan.changes.append(
        Change(first_day, keep, {"vetting_expires_on": today + timedelta(days=30 * 40)})
    )


def plan_cohort(
    rng: random.Random,
    scheme: Scheme,
    years: list[FinancialYear],
    today: date,
    keep: Person,
) -> CohortPlan:
    """The volunteers' changes from the first of `years` to the day before `today`. `keep` (the
    demo visitor) serves throughout."""
    first_day, last_day = years[0].first_day, today - timedelta(days=1)
    people = _visitors(scheme)
    since = _latest_change_days([person.id for person in people])
    serving = [
        Volunteer(person, person.joined_on, None, person.aws)
        for person in people
        if person.status == "active"
    ]
    long_serving = list(serving)
    pool = [
        Recruit(person, person.status, since[person.id])
        for person in people
        if person.status in IN_CHECKS
    ]
    plan = CohortPlan(serving)
    _plan_vetting_of_serving(rng, plan, serving, first_day, today, keep)

    _plan_leavers(rng, plan, long_serving, years, last_day, keep)
    for probation_starts in _intake_days(rng, years, today, first_day):
        recruit = next((r for r in pool if r.since <= probation_starts - timedelta(days=45)), None)
        if recruit is None:
            continue
        pool.remove(recruit)
        _plan_recruit(rng, plan, recruit, probation_starts, first_day, last_day)
    _plan_withdrawals(rng, plan, pool, first_day, last_day)
    _plan_terms(rng, plan, long_serving, today, keep)
    return plan


def _plan_leavers(
    rng: random.Random,
    plan: CohortPlan,
    long_serving: list[Volunteer],
    years: list[FinancialYear],
    last_day: date,
    keep: Person,
) -> None:
    for year in years:
        for _ in range(rng.randint(*LEAVERS_PER_YEAR)):
            left_on = _day_between(rng, year.first_day, min(year.last_day, last_day))
            if left_on is None:
                continue
            staying = [
                v
                for v in long_serving
                if v.left_on is None and v.person.id != keep.id and v.can_visit(left_on)
            ]
            if not staying:
                continue
            leaver = rng.choice(staying)
            leaver.left_on = left_on
            plan.changes.append(
                Change(
                    left_on,
                    leaver.person,
                    {
                        "status": "left",
                        "left_on": left_on,
                        "leave_reason": rng.choice(LEAVE_REASONS),
                        "exit_interview_notes": "Exit interview held; would recommend the scheme.",
                    },
                )
            )


def _intake_days(
    rng: random.Random, years: list[FinancialYear], today: date, first_day: date
) -> list[date]:
    """The days recruits start probation: a few in each full year, and around today one whose
    probation has just ended, one whose probation ends in the coming weeks and one just begun."""
    days = []
    for year in years[:-1]:
        for _ in range(rng.randint(*INTAKE_PER_YEAR)):
            days.append(year.first_day + timedelta(days=rng.randint(14, 350)))
    six_months_ago = add_months(today, -PROBATION_MONTHS)
    days += [
        six_months_ago - timedelta(days=rng.randint(3, 20)),
        six_months_ago + timedelta(days=rng.randint(7, 28)),
        today - timedelta(days=rng.randint(10, 40)),
    ]
    return sorted(day for day in days if first_day + timedelta(days=30) <= day < today)


def _buddy(rng: random.Random, plan: CohortPlan, starts: date) -> Volunteer | None:
    """An appointed volunteer with a year's service who serves through the whole probation."""
    ends = add_months(starts, PROBATION_MONTHS)
    able = [
        v
        for v in plan.volunteers
        if v.can_visit(starts)
        and not v.in_probation(starts - timedelta(days=1))
        and add_months(v.joined_on, BUDDY_SERVICE_MONTHS) <= starts
        and (v.left_on is None or v.left_on > ends)
    ]
    return rng.choice(able) if able else None


def _plan_recruit(
    rng: random.Random,
    plan: CohortPlan,
    recruit: Recruit,
    starts: date,
    first_day: date,
    last_day: date,
) -> None:
    """Vetting (unless already under way), probation with a buddy from `starts`, and
    appointment six months on when that day has come."""
    person = recruit.person
    if recruit.status == "applicant":
        vetted_from = max(starts - timedelta(days=rng.randint(21, 60)), recruit.since, first_day)
        plan.changes.append(Change(vetted_from, person, {"status": "vetting"}))
    probation = {  # vetting clears on the day probation starts, and runs from then
        "status": "probation",
        "vetting_expires_on": add_months(starts, VETTING_VALID_MONTHS) - timedelta(days=1),
    }
    buddy = _buddy(rng, plan, starts)
    if buddy is not None:
        probation["buddy_id"] = buddy.person.id
    plan.changes.append(Change(starts, person, probation))
    appointed = add_months(starts, PROBATION_MONTHS)
    aws = rng.random() < AWS_SHARE_OF_NEW
    plan.volunteers.append(Volunteer(person, starts, None, aws, appointed))
    if appointed <= last_day:
        plan.changes.append(Change(appointed, person, {"status": "active", "aws": aws}))
    induction = starts + timedelta(days=rng.randint(3, 21))
    if induction <= last_day:
        plan.inductions.append((induction, person))


def _plan_withdrawals(
    rng: random.Random, plan: CohortPlan, pool: list[Recruit], first_day: date, last_day: date
) -> None:
    """Recruits not taken on withdraw about a year after applying; the latest are still in
    their checks today, and the one who applied last (whoever they are) is being vetted."""
    waiting = []
    for recruit in pool:
        withdrawn = recruit.person.joined_on + timedelta(days=rng.randint(240, 420))
        if max(first_day, recruit.since) <= withdrawn <= last_day:
            plan.changes.append(
                Change(
                    withdrawn,
                    recruit.person,
                    {"status": "left", "left_on": withdrawn, "leave_reason": WITHDRAWAL_REASON},
                )
            )
        else:
            waiting.append(recruit)
    settled = [r for r in waiting if r.since <= last_day - timedelta(days=VETTING_AFTER_DAYS)]
    if settled and not any(recruit.status == "vetting" for recruit in waiting):
        latest = max(settled, key=lambda recruit: (recruit.since, recruit.person.id))
        vetted_from = max(
            latest.since + timedelta(days=VETTING_AFTER_DAYS),
            first_day,
            last_day - timedelta(days=rng.randint(5, 30)),
        )
        plan.changes.append(Change(vetted_from, latest.person, {"status": "vetting"}))


def _plan_terms(
    rng: random.Random, plan: CohortPlan, long_serving: list[Volunteer], today: date, keep: Person
) -> None:
    """Terms renewed on time run to their next three-yearly end after today; one term ended
    days ago awaiting renewal and one ends in the coming weeks."""
    staying = [v for v in long_serving if v.left_on is None]
    for volunteer in staying:
        appointed = volunteer.person.appointed_on or volunteer.joined_on
        terms = 1
        while add_months(appointed, TERM_MONTHS * terms) <= today:
            terms += 1
        plan.term_ends[volunteer.person.id] = add_months(appointed, TERM_MONTHS * terms)
    others = [v for v in staying if v.person.id != keep.id]
    if len(others) >= 2:
        ended, ending = rng.sample(others, 2)
        plan.term_ends[ended.person.id] = today - timedelta(days=rng.randint(3, 25))
        plan.term_ends[ending.person.id] = today + timedelta(days=rng.randint(7, 45))
