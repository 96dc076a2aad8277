"""The planner's rules as pure functions: which slot a site's next visit goes to, and who goes.

Choosing a slot. Visits must cover the slots of the grid over the year and stay unpredictable
to someone who has watched every visit so far and knows this rule: before each visit they work
out the chances below and bet on the likeliest slot (`guess_chance`). The planner draws:

- The year will hold `total = visits and planned slots so far + periods still to plan`. The
  scheme's `allowance` is how many slots it accepts uncovered a year (0 by default). No slot
  should end above `ceiling = ceil(total / (slots - allowance))` nor, apart from `allowance`
  slots, below `floor = total // slots`.
- While there is a period to spare (the periods left are more than the visits still needed to
  bring every slot but `allowance` up to the floor), every available slot below the ceiling is
  equally likely: the year's spare visits (52 - 35 = 17 at a suite) go anywhere, so a slot not
  yet covered is no better a bet than one covered once.
- With no period to spare, only the least covered slots are drawn, at random among equals.

Why this rule. Someone who has seen every earlier visit knows how many periods are left and
which slots are uncovered; once the two are equal, the next visits must go to those slots. No
rule that covers the slots can avoid that end. The lowest mean guess chance any rule keeping
every slot at or below the ceiling can reach is found by dynamic programming over how many
slots have each count (`lowest_guess_chance`), and this rule reaches it exactly
(`tests/scheduling/test_planner_allowance.py`): 0.0797 at a suite with 52 weeks and no slot
uncovered (pure chance would be 1/35 = 0.029); 0.259 at a
monthly site with 12 slots and none uncovered, 0.175 with one, 0.134 with two (pure chance
1/12 = 0.083). Weighting never-visited slots twice, as the planner did before, makes them the
better bet (0.0798); covering the slots first and keeping the spare visits for the end makes the
end longer. An allowance of one at a suite takes it to 0.061, but its entropy to 0.976 of the
maximum. `bench/plan_year.py` measures all of this through the domain.

This covers every slot but `allowance` by the year's end whenever the year has at least one
period per slot, and keeps every slot within one visit of the others (with an allowance, the
uncovered slots apart).

Choosing visitors. A pair of eligible visitors, never two probationers together, a probationer
with their buddy where the buddy is eligible, then the least loaded, at random among equals.
"""

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import combinations

Slot = tuple[int, int]


def slot_weights(
    counts: dict[Slot, int],
    available: Iterable[Slot],
    remaining: int,
    prefer: Iterable[Slot] = (),
    allowance: int = 0,
) -> dict[Slot, int]:
    """The slots the next visit may go to, each with its relative chance.

    `counts` holds every slot of the grid with its visits and planned slots so far this year;
    `available` the slots that may be chosen for this period (the site open on that day, not
    yet used by this plan); `remaining` the periods of the year still to plan, this one included;
    `allowance` how many slots the year may leave uncovered (at most all slots but one).
    Among the result, slots also in `prefer` are kept when there are any (a plan asking for
    handover visits prefers slots overlapping a handover window).
    """
    available = sorted(set(available))
    if not available:
        return {}
    remaining = max(remaining, 1)
    spread_over = len(counts) - min(max(allowance, 0), len(counts) - 1)
    total = sum(counts.values()) + remaining
    ceiling, floor = math.ceil(total / spread_over), total // len(counts)
    shortfalls = sorted((max(0, floor - count) for count in counts.values()), reverse=True)
    still_needed = sum(shortfalls[len(counts) - spread_over :])
    weights: dict[Slot, int] = {}
    if still_needed < remaining:
        weights = {slot: 1 for slot in available if counts[slot] < ceiling}
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


def lowest_guess_chance(slots: int, periods: int, allowance: int = 0) -> float:
    """The lowest mean guess chance over a year of `periods` draws that any rule can reach while
    it leaves at most `allowance` of `slots` uncovered and no slot above the ceiling.

    Dynamic programming over the number of slots at each count, which is all that matters to
    the guesser: at each draw the best rule spreads its chance evenly over the slots of its best
    few counts (those whose future costs least), since a guess takes the likeliest slot.
    """
    spread_over = slots - min(max(allowance, 0), slots - 1)
    ceiling = math.ceil(periods / spread_over)

    @cache
    def lowest(histogram: tuple[int, ...], remaining: int) -> float:
        if histogram[0] > remaining + allowance:
            return math.inf
        if remaining == 0:
            return 0.0
        futures = []
        for count, slots_at in enumerate(histogram):
            if slots_at and count < ceiling:
                after = [*histogram, 0]
                after[count] -= 1
                after[count + 1] += 1
                while after[-1] == 0:
                    after.pop()
                futures.append((lowest(tuple(after), remaining - 1), slots_at))
        value, drawn, future = math.inf, 0, 0.0
        for cost, slots_at in sorted(futures):
            drawn, future = drawn + slots_at, future + cost * slots_at
            value = min(value, (1 + future) / drawn)
        return value

    return lowest((slots,), periods) / periods


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
