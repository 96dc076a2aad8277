"""The planner's slot rule with an allowance of uncovered slots, and why it is the rule: no
rule that covers the slots it must is harder to guess for someone who knows it and the history.
"""

from functools import cache

import pytest

from icv.scheduling.slot_choice import guess_chance, lowest_guess_chance, slot_weights
from icv.sites.grids import CUSTODY_GRID, DOG_UNIT_GRID
from tests.scheduling.test_planner import simulate_year

MONTHLY = DOG_UNIT_GRID.slots


def test_by_default_no_slot_is_left_uncovered_at_the_last_draw():
    counts = {slot: 1 for slot in MONTHLY[:-1]} | {MONTHLY[-1]: 0}

    assert slot_weights(counts, MONTHLY, remaining=1) == {MONTHLY[-1]: 1}


def test_with_an_allowance_of_one_the_last_uncovered_slot_is_not_forced():
    counts = {slot: 1 for slot in MONTHLY[:-1]} | {MONTHLY[-1]: 0}

    weights = slot_weights(counts, MONTHLY, remaining=1, allowance=1)

    assert set(weights) == set(MONTHLY)
    assert set(weights.values()) == {1}


def test_with_an_allowance_of_one_two_uncovered_slots_force_the_last_draw():
    counts = {slot: 1 for slot in MONTHLY[:-2]} | {MONTHLY[-2]: 0, MONTHLY[-1]: 0}
    counts[MONTHLY[0]] = 0
    counts[MONTHLY[1]] = 2

    weights = slot_weights(counts, MONTHLY, remaining=2, allowance=1)

    assert weights == {MONTHLY[0]: 1, MONTHLY[-2]: 1, MONTHLY[-1]: 1}


def test_with_an_allowance_a_slot_may_take_one_visit_more_than_the_others():
    counts = {slot: 1 for slot in MONTHLY[:6]} | {slot: 0 for slot in MONTHLY[6:]}

    weights = slot_weights(counts, MONTHLY, remaining=6, allowance=1)

    assert set(weights) == set(MONTHLY)


def test_a_slot_already_visited_twice_takes_no_third_visit_at_a_monthly_site():
    counts = {slot: 1 for slot in MONTHLY[:6]} | {slot: 0 for slot in MONTHLY[6:]}
    counts[MONTHLY[0]] = 2

    weights = slot_weights(counts, MONTHLY, remaining=5, allowance=1)

    assert MONTHLY[0] not in weights


def test_an_allowance_of_every_slot_still_spreads_the_visits():
    weights = slot_weights(dict.fromkeys(MONTHLY, 0), MONTHLY, remaining=12, allowance=99)

    assert set(weights) == set(MONTHLY)


@pytest.mark.parametrize("seed", range(20))
def test_with_an_allowance_of_one_a_monthly_site_leaves_at_most_one_slot_uncovered(seed):
    counts = simulate_year(DOG_UNIT_GRID, weeks=12, seed=seed, allowance=1)

    assert sum(1 for count in counts.values() if count == 0) <= 1
    assert max(counts.values()) <= 2


@pytest.mark.parametrize("seed", range(10))
def test_with_an_allowance_of_one_a_suite_leaves_at_most_one_slot_uncovered(seed):
    counts = simulate_year(CUSTODY_GRID, weeks=52, seed=seed, allowance=1)

    assert sum(1 for count in counts.values() if count == 0) <= 1
    assert max(counts.values()) <= 2


# The rule's guess chance, worked out exactly --------------------------------------------------


def rule_guess_chance(slots: int, periods: int, allowance: int) -> float:
    """The mean guess chance of a year under the rule, over every way the year can go."""
    grid = [(0, band) for band in range(slots)]

    @cache
    def expected(counts: tuple[int, ...], remaining: int) -> float:
        if remaining == 0:
            return 0.0
        by_slot = dict(zip(grid, counts, strict=True))
        weights = slot_weights(by_slot, grid, remaining, allowance=allowance)
        total = sum(weights.values())
        future = 0.0
        for slot, weight in weights.items():
            after = dict(by_slot) | {slot: by_slot[slot] + 1}
            future += weight / total * expected(tuple(sorted(after.values())), remaining - 1)
        return guess_chance(weights) + future

    return expected((0,) * slots, periods) / periods


@pytest.mark.parametrize(
    ("slots", "periods", "allowance"), [(4, 6, 0), (5, 8, 0), (5, 8, 1), (6, 6, 1), (6, 6, 2)]
)
def test_no_rule_is_harder_to_guess_than_the_planners(slots, periods, allowance):
    assert rule_guess_chance(slots, periods, allowance) == pytest.approx(
        lowest_guess_chance(slots, periods, allowance)
    )


def test_the_lowest_guess_chance_of_two_slots_in_two_periods_is_half_then_certain():
    assert lowest_guess_chance(2, 2) == 0.75


def test_the_lowest_guess_chance_with_one_slot_to_spare_is_a_coin_toss():
    assert lowest_guess_chance(2, 2, allowance=1) == 0.5


def test_an_allowance_of_one_makes_a_monthly_site_harder_to_guess():
    without, with_one = rule_guess_chance(12, 12, 0), rule_guess_chance(12, 12, 1)

    assert without == pytest.approx(sum(1 / n for n in range(1, 13)) / 12)
    assert with_one < 0.18 < without
