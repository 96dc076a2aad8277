"""Plans follow the scheme's allowance of uncovered slots a year (`planner_uncovered_allowance`)."""

from datetime import date, timedelta

import pytest

from icv.common.database import db
from tests.support.visits import local_time, log_visit

PLANS = "/api/v1/plans"
LAST_MONTH = "2024-03-04"  # the first Monday of March 2024, the last month of 2023/24
UNCOVERED = ("Sat/Sun", "15:00-20:00")
MONTHS = [date(2023, 4 + n, 1) if n < 9 else date(2024, n - 8, 1) for n in range(11)]


@pytest.fixture
def every_dog_unit_slot_but_one_visited(dog_unit, manager, team):
    """A visit in each of the dog unit's slots but Sat/Sun 15:00-20:00, one a month to February."""
    for number, first in enumerate(MONTHS):
        weekday, clock = number // 2, ("09:00", "17:00")[number % 2]
        day = first + timedelta(days=(weekday - first.weekday()) % 7)
        log_visit(dog_unit, manager, team[:2], local_time(day, clock))


def last_months_slot(client, headers, dog_unit, seed: int) -> tuple[str, str]:
    body = {"site_ids": [dog_unit.id], "from": LAST_MONTH, "weeks": 4, "seed": seed}
    response = client.post(PLANS, json=body, headers=headers)
    assert response.status_code == 201, response.get_json()
    plan = response.get_json()
    assert client.delete(f"{PLANS}/{plan['id']}", headers=headers).status_code == 204
    (item,) = plan["items"]
    return item["day"], item["band"]


@pytest.mark.usefixtures("every_dog_unit_slot_but_one_visited")
def test_by_default_the_last_month_goes_to_the_only_slot_never_visited(
    client, as_manager, dog_unit
):
    slots = {last_months_slot(client, as_manager, dog_unit, seed) for seed in range(1, 6)}

    assert slots == {UNCOVERED}


@pytest.mark.usefixtures("every_dog_unit_slot_but_one_visited")
def test_with_an_allowance_of_one_the_last_month_may_go_to_any_slot(
    client, as_manager, scheme, dog_unit
):
    scheme.planner_uncovered_allowance = 1
    db.session.commit()

    slots = {last_months_slot(client, as_manager, dog_unit, seed) for seed in range(1, 9)}

    assert len(slots) > 1
