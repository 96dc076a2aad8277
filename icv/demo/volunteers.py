"""The synthetic year's volunteers: a cohort that starts, joins and leaves as published."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from icv.common.dates import FinancialYear
from icv.models import (
    Person,
)

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
    """A volunteer's service as the generator sees it: serving from `joined_on` (in probation
    until `appointed_on`, when one is given) until `left_on`."""

    person: Person
    joined_on: date
    left_on: date | None = None
    aws: bool = False
    appointed_on: date | None = None

    def can_visit(self, day: date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day < self.left_on)

    def in_probation(self, day: date) -> bool:
        return self.appointed_on is not None and day < self.appointed_on

    def can_visit_dog_unit(self, day: date) -> bool:
        """The animal welfare scheme is for appointed volunteers only (after probation)."""
        return self.aws and self.can_visit(day) and not self.in_probation(day)


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
