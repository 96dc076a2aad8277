"""The planner's rules as pure functions: slot weights and visitor pairs."""

import math
import random

import pytest

from icv.scheduling.coverage import entropy_bits
from icv.scheduling.slot_choice import (
    Candidate,
    choose_pair,
    choose_slot,
    guess_chance,
    slot_weights,
)
from icv.sites.grids import CUSTODY_GRID, DOG_UNIT_GRID

SLOTS = CUSTODY_GRID.slots


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible draws are the point here


def counts_with(**visited) -> dict:
    """Every custody slot at 0, except slots named like `s0_1=2` (day 0, band 1: 2 visits)."""
    counts = dict.fromkeys(SLOTS, 0)
    for name, count in visited.items():
        day, band = name[1:].split("_")
        counts[(int(day), int(band))] = count
    return counts


def simulate_year(grid, weeks: int, seed: int, allowance: int = 0) -> dict:
    counts, rng = dict.fromkeys(grid.slots, 0), seeded(seed)
    for week in range(weeks):
        weights = slot_weights(counts, grid.slots, weeks - week, allowance=allowance)
        counts[choose_slot(weights, rng)] += 1
    return counts


# Slots ---------------------------------------------------------------------------------------


def test_at_the_start_of_a_year_every_slot_is_equally_likely():
    weights = slot_weights(counts_with(), SLOTS, remaining=52)

    assert set(weights) == set(SLOTS)
    assert len(set(weights.values())) == 1


def test_with_a_week_to_spare_a_slot_visited_once_is_as_likely_as_one_never_visited():
    weights = slot_weights(counts_with(s0_0=1), SLOTS, remaining=51)

    assert weights[(1, 0)] == weights[(0, 0)]


def test_a_slot_already_visited_more_than_the_year_needs_is_not_proposed():
    weights = slot_weights(counts_with(s0_0=2), SLOTS, remaining=50)

    assert (0, 0) not in weights
    assert len(weights) == 34


def test_with_no_week_to_spare_only_the_least_covered_slots_are_proposed():
    counts = {slot: 1 for slot in SLOTS}
    counts[(2, 3)] = counts[(5, 0)] = 0

    weights = slot_weights(counts, SLOTS, remaining=2)

    assert weights == {(2, 3): 1, (5, 0): 1}


def test_the_last_uncovered_slot_is_proposed_in_the_last_week():
    counts = {slot: 1 for slot in SLOTS}
    counts[(6, 4)] = 0

    assert slot_weights(counts, SLOTS, remaining=1) == {(6, 4): 1}


def test_once_every_slot_is_covered_the_least_covered_are_equally_likely():
    counts = {slot: 1 for slot in SLOTS}
    counts[(0, 0)] = 2

    weights = slot_weights(counts, SLOTS, remaining=16)

    assert (0, 0) not in weights
    assert set(weights.values()) == {1}


def test_only_available_slots_are_proposed():
    available = [(0, 1), (3, 2)]

    assert set(slot_weights(counts_with(), available, remaining=40)) == set(available)


def test_when_every_available_slot_is_over_the_ceiling_the_least_covered_is_proposed():
    weights = slot_weights(counts_with(s0_0=3, s0_1=2), [(0, 0), (0, 1)], remaining=40)

    assert weights == {(0, 1): 1}


def test_preferred_slots_are_kept_when_any_may_be_chosen():
    weights = slot_weights(counts_with(), SLOTS, remaining=52, prefer=[(0, 0), (3, 3)])

    assert set(weights) == {(0, 0), (3, 3)}


def test_a_preference_for_slots_that_may_not_be_chosen_is_ignored():
    weights = slot_weights(counts_with(s0_0=2), SLOTS, remaining=50, prefer=[(0, 0)])

    assert len(weights) == 34


def test_nothing_is_proposed_when_no_slot_is_available():
    assert slot_weights(counts_with(), [], remaining=10) == {}


def test_the_same_seed_chooses_the_same_slot():
    weights = slot_weights(counts_with(), SLOTS, remaining=52)

    assert choose_slot(weights, seeded(7)) == choose_slot(weights, seeded(7))


def test_guess_chance_is_the_likeliest_slots_share():
    assert guess_chance({(0, 0): 2, (0, 1): 1, (0, 2): 1}) == 0.5
    assert guess_chance(dict.fromkeys(SLOTS, 1)) == pytest.approx(1 / 35)


@pytest.mark.parametrize("seed", range(20))
def test_a_year_of_weekly_visits_covers_every_suite_slot_within_one_visit_of_the_others(seed):
    counts = simulate_year(CUSTODY_GRID, weeks=52, seed=seed)

    assert set(counts.values()) == {1, 2}
    assert entropy_bits(counts.values()) / math.log2(35) >= 0.98


@pytest.mark.parametrize("seed", range(5))
def test_a_year_of_monthly_visits_covers_every_dog_unit_slot_once(seed):
    counts = simulate_year(DOG_UNIT_GRID, weeks=12, seed=seed)

    assert set(counts.values()) == {1}


def test_the_planner_is_harder_to_guess_than_always_taking_the_least_covered():
    yearly = []
    for seed in range(20):
        chances, counts, rng = [], dict.fromkeys(SLOTS, 0), seeded(seed)
        for week in range(52):
            weights = slot_weights(counts, SLOTS, 52 - week)
            chances.append(guess_chance(weights))
            counts[choose_slot(weights, rng)] += 1
        yearly.append(sum(chances) / 52)

    # Always the least covered: 35 weeks with 35, 34, ... 1 slots tied, then 35 ... 19.
    strictly_least_covered = sum(1 / n for n in range(1, 36)) + sum(1 / n for n in range(19, 36))
    assert sum(yearly) / len(yearly) < 0.09 < strictly_least_covered / 52


# Pairs ---------------------------------------------------------------------------------------


def active(person_id: int) -> Candidate:
    return Candidate(person_id, probationer=False)


def probationer(person_id: int, buddy_id: int | None = None) -> Candidate:
    return Candidate(person_id, probationer=True, buddy_id=buddy_id)


def test_two_probationers_are_never_paired():
    candidates = [probationer(1), probationer(2), active(3)]

    for seed in range(20):
        pair = choose_pair(candidates, {}, set(), seeded(seed))
        assert 3 in pair


def test_no_pair_when_only_probationers_are_eligible():
    assert choose_pair([probationer(1), probationer(2)], {}, set(), seeded(0)) is None


def test_no_pair_from_a_single_visitor():
    assert choose_pair([active(1)], {}, set(), seeded(0)) is None


def test_a_probationer_goes_with_their_buddy():
    candidates = [probationer(1, buddy_id=4), active(2), active(3), active(4)]

    for seed in range(20):
        pair = choose_pair(candidates, {1: 0, 2: 5, 3: 5, 4: 0}, set(), seeded(seed))
        assert pair == (1, 4)


def test_a_probationer_whose_buddy_cannot_go_goes_with_someone_else():
    candidates = [probationer(1, buddy_id=9), active(2)]

    assert choose_pair(candidates, {}, set(), seeded(0)) == (1, 2)


def test_the_least_loaded_visitors_are_paired():
    candidates = [active(1), active(2), active(3), active(4)]

    pair = choose_pair(candidates, {1: 3, 2: 0, 3: 1, 4: 0}, set(), seeded(0))

    assert pair == (2, 4)


def test_visitors_already_out_that_week_are_paired_only_when_nobody_else_can_go():
    candidates = [active(1), active(2), active(3)]

    assert choose_pair(candidates, {}, {1}, seeded(0)) == (2, 3)


def test_the_same_seed_chooses_the_same_pair():
    candidates = [active(n) for n in range(1, 9)]

    first = choose_pair(candidates, {}, set(), seeded(11))

    assert choose_pair(candidates, {}, set(), seeded(11)) == first
