"""The planner's rules as pure functions: which slot a site's next visit goes to, and who goes.

Choosing a slot. Visits must cover every slot of the grid over the year and stay unpredictable.
Always taking a slot among the least covered, at random among equals, covers every slot but
gives the last ones away: with 35 slots and 52 weeks, someone who knows the history and the
planner guesses the slot 9.2% of weeks on average, and the 35th new slot with certainty.
So the planner draws among every slot that may still take a visit this year, with a weight
that favours the least covered:

- The year will hold `total = visits and planned slots so far + periods still to plan`. Spread
  evenly, no slot should end above `ceil(total / slots)` nor below `floor(total / slots)`.
- Each slot below that ceiling may be chosen, with weight `ceiling - count`: a slot never
  visited is twice as likely as a slot visited once (when the ceiling is 2), and a slot at the
  ceiling is not chosen.
- When the periods left are only just enough to bring every slot up to the floor, there is no
  week to spare: the planner takes a slot among the least covered only, at random among equals.

This covers every slot by the year's end whenever the year has at least one period per slot,
keeps every slot within one visit of the others, and lowers the guess chance to about 8%
(`bench/plan_year.py` measures it).

Choosing visitors. A pair of eligible visitors, never two probationers together, a probationer
with their buddy where the buddy is eligible, then the least loaded, at random among equals.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

Slot = tuple[int, int]


def slot_weights(
    counts: dict[Slot, int],
    available: Iterable[Slot],
    remaining: int,
    prefer: Iterable[Slot] = (),
) -> dict[Slot, int]:
    """The slots the next visit may go to, each with its relative chance.

    `counts` holds every slot of the grid with its visits and planned slots so far this year;
    `available` the slots that may be chosen for this period (the site open on that day, not
    yet used by this plan); `remaining` the periods of the year still to plan, this one included.
    Among the result, slots also in `prefer` are kept when there are any (a plan asking for
    handover visits prefers slots overlapping a handover window).
    """
    available = sorted(set(available))
    if not available:
        return {}
    total = sum(counts.values()) + max(remaining, 1)
    ceiling, floor = math.ceil(total / len(counts)), total // len(counts)
    shortfall = sum(max(0, floor - count) for count in counts.values())
    weights: dict[Slot, int] = {}
    if shortfall < remaining:
        weights = {slot: ceiling - counts[slot] for slot in available if counts[slot] < ceiling}
    if not weights:
        least = min(counts[slot] for slot in available)
        weights = {slot: 1 for slot in available if counts[slot] == least}
    preferred = {slot: weight for slot, weight in weights.items() if slot in set(prefer)}
    return preferred or weights


def choose_slot(weights: dict[Slot, int], rng: random.Random) -> Slot:
    slots = sorted(weights)
    return rng.choices(slots, weights=[weights[slot] for slot in slots])[0]


def guess_chance(weights: dict[Slot, int]) -> float:
    """The chance that someone who knows the weights guesses the slot: the likeliest slot's."""
    return max(weights.values()) / sum(weights.values())


@dataclass(frozen=True)
class Candidate:
    """A visitor who may be sent to the site."""

    id: int
    probationer: bool
    buddy_id: int | None = None


def allowed_pair(first: Candidate, second: Candidate) -> bool:
    """Whether two visitors may go together: never two probationers."""
    return not (first.probationer and second.probationer)


def _pair_score(
    pair: tuple[Candidate, Candidate], eligible_ids: set[int], load: dict[int, int], busy: set[int]
) -> tuple[int, int, int, int]:
    first, second = pair
    apart_from_buddy = sum(
        1
        for person, partner in ((first, second), (second, first))
        if person.probationer and person.buddy_id in eligible_ids and partner.id != person.buddy_id
    )
    loads = (load.get(first.id, 0), load.get(second.id, 0))
    return (
        (first.id in busy) + (second.id in busy),
        apart_from_buddy,
        max(loads),
        sum(loads),
    )


def choose_pair(
    candidates: list[Candidate], load: dict[int, int], busy: set[int], rng: random.Random
) -> tuple[int, int] | None:
    """Two visitors for one visit, or None when no allowed pair exists.

    In order of preference: neither already out that week, a probationer with their buddy,
    the lower load (the busier of the two, then both), then at random among equals.
    """
    candidates = sorted(candidates, key=lambda candidate: candidate.id)
    eligible_ids = {candidate.id for candidate in candidates}
    pairs = [pair for pair in combinations(candidates, 2) if allowed_pair(*pair)]
    if not pairs:
        return None
    scores = {pair: _pair_score(pair, eligible_ids, load, busy) for pair in pairs}
    best = min(scores.values())
    first, second = rng.choice([pair for pair in pairs if scores[pair] == best])
    return first.id, second.id
