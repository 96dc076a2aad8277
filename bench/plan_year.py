"""A year of planning ahead, simulated: does the planner cover every slot and stay unguessable?

Each simulated year runs on a throwaway SQLite database through the domain itself: every Monday
of 2023/24 the manager plans the coming `--ahead` weeks (4 by default: each plan adds the week
three weeks on) for two custody suites and the dog unit, and each week the named visitors
follow the plan, arriving at a random minute inside the planned slot (clear of the handover
window when the item says to avoid it). At the year's end it prints, per site:

- uncovered: slots of the grid with no visit in the year;
- entropy/max: the entropy of the slot distribution as a share of log2(slots);
- guess chance, two ways, averaged over the year's visits. Each observer knows the planner's
  rule and bets on the likeliest slot; their chance is its share of the odds.
  - history: the observer has seen every earlier visit, so knows what the planner knew when it
    drew the slot (`icv.scheduling.plans.slot_draw`): its odds are the planner's weights;
  - leaked plan: the observer also holds the plan items not yet visited (the weeks after this
    one): each hypothesis for this visit's slot is weighed by how likely it makes the later
    items the planner drew (Bayes' rule over the planner's own weights).
- busiest slot: the share of the year's visits in its most visited slot, what someone betting
  every week on that one slot would get right.

Beside them: the reference year's published tables (their order of visits is not published, so
their guess chance is the busiest-slot share), the planner's slot rule alone over many years,
visits at purely random slots (guess chance 1/slots), a planner that always takes a slot among
the least covered (the rule the issue started from), and the lowest guess chance any rule can
reach with the same coverage (`icv.scheduling.slot_choice.lowest_guess_chance`).
`--allowance N` runs with a scheme that accepts N uncovered slots a year at each site.

    .venv/bin/python bench/plan_year.py [--years 5] [--seed 1] [--ahead 4] [--allowance 0]
"""

import argparse
import json
import logging
import math
import random
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from api import create_app  # noqa: E402
from icv.admin import schemes  # noqa: E402
from icv.common.database import db  # noqa: E402
from icv.common.dates import FinancialYear  # noqa: E402
from icv.models import PlanItem  # noqa: E402
from icv.people import people  # noqa: E402
from icv.scheduling import plans, site_year  # noqa: E402
from icv.scheduling.coverage import coverage_of, entropy_bits  # noqa: E402
from icv.scheduling.slot_choice import (  # noqa: E402
    choose_slot,
    guess_chance,
    lowest_guess_chance,
    slot_weights,
)
from icv.sites import sites  # noqa: E402
from icv.sites.grids import CUSTODY_GRID, DOG_UNIT_GRID, Grid, grid_for  # noqa: E402
from icv.sites.periods import PERIOD_OF_KIND, Period, periods_of  # noqa: E402
from icv.visits.recording import create_visit  # noqa: E402

YEAR = FinancialYear(2023)
TIMEZONE = "Europe/London"
REFERENCE = ROOT.parent / "shared" / "reference" / "fy2023-24.json"
SITES = (("Suite A", "custody_suite"), ("Suite B", "custody_suite"), ("Dog Unit", "dog_unit"))
VISITORS = 10
TARGETS = {"uncovered": 0, "entropy_share": 0.98, "guess_chance": 0.07, "monthly_guess": 0.15}


@dataclass(frozen=True)
class Figures:
    uncovered: float
    entropy_share: float
    guess_chance: float
    leaked_guess: float
    busiest_share: float


def figures_of(
    counts: list[int], guesses: list[float] | None = None, leaked: list[float] | None = None
) -> Figures:
    """Year-end figures of one site from its slot counts (and each visit's guess chances)."""
    busiest = max(counts) / sum(counts)
    guess = statistics.mean(guesses) if guesses else busiest
    return Figures(
        uncovered=sum(1 for count in counts if count == 0),
        entropy_share=entropy_bits(counts) / math.log2(len(counts)),
        guess_chance=guess,
        leaked_guess=statistics.mean(leaked) if leaked else math.nan,
        busiest_share=busiest,
    )


# The observer holding a leaked plan ----------------------------------------------------------


@dataclass(frozen=True)
class Draw:
    """One slot the planner drew: what it drew from (`slot_weights`' arguments), what it took,
    and the week whose start the observer guesses at."""

    inputs: dict
    slot: tuple[int, int]
    week: int
    rule: Callable[..., dict] = slot_weights


def odds_of(draw: Draw, slot, instead=None) -> float:
    """The chance the planner gave `slot`, had the earlier draw `instead` = (taken, supposed)
    gone to `supposed`."""
    counts = dict(draw.inputs["counts"])
    if instead is not None:
        taken, supposed = instead
        counts[taken] -= 1
        counts[supposed] += 1
    weights = draw.rule(**{**draw.inputs, "counts": counts})
    return weights.get(slot, 0) / sum(weights.values())


def leaked_guesses(draws: list[Draw], ahead: int) -> list[float]:
    """Each draw's guess chance for someone who, at the start of its week, also holds the
    items drawn after it and not yet visited (a site's draws in the order the planner made
    them, within one year). Plans reach `ahead` weeks: at the start of a week, the items of the
    next `ahead - 1` weeks are drawn and not yet visited."""
    chances = []
    for number, draw in enumerate(draws):
        later = [
            after for after in draws[number + 1 :] if draw.week < after.week < draw.week + ahead
        ]
        posterior = {}
        for supposed in draw.rule(**draw.inputs):
            chance = odds_of(draw, supposed)
            for after in later:
                chance *= odds_of(after, after.slot, (draw.slot, supposed))
            posterior[supposed] = chance
        chances.append(max(posterior.values()) / sum(posterior.values()))
    return chances


def mean_figures(runs: list[Figures]) -> Figures:
    return Figures(
        *(statistics.mean(getattr(run, name) for run in runs) for name in Figures.__annotations__)
    )


# The planner, through the domain, on a throwaway database -----------------------------------


def bench_app(directory: str):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory}/bench.sqlite3",
            "ICV_ARGON2": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    with app.app_context():
        logging.disable(logging.WARNING)
        upgrade(revision="heads")
        logging.disable(logging.NOTSET)
    return app


def set_up_scheme():
    scheme = schemes.create_scheme("Bench scheme", TIMEZONE)
    since = date(2020, 4, 1)
    site_list = [
        sites.create_site(scheme, None, {"name": name, "kind": kind, "status_on": since})
        for name, kind in SITES
    ]

    def person(email: str, roles: list[str], **fields):
        data = {"name": email, "email": email, "roles": roles, "status": "active"}
        return people.create_person(scheme, None, {"joined_on": since, **data, **fields})

    manager = person("manager@bench.example", ["manager"])
    for number in range(VISITORS):
        person(f"visitor{number}@bench.example", ["visitor"], aws=number % 2 == 0)
    return scheme, manager, site_list


def arrival_in(item, rng: random.Random) -> datetime:
    """A random local minute inside the item's slot, clear of a handover window to avoid."""
    band = grid_for(item.site.kind).bands[item.slot_band]
    day = rng.choice(site_year.item_dates(item))
    minutes = [
        minute
        for minute in range(
            band.start.hour * 60 + band.start.minute, band.end.hour * 60 + band.end.minute + 1
        )
        if not (item.handover_action == "avoid" and _in_window(minute, item.handover_window))
    ]
    minute = rng.choice(minutes)
    local = datetime.combine(day, datetime.min.time(), ZoneInfo(TIMEZONE))
    return local.replace(hour=minute // 60, minute=minute % 60)


def _in_window(minute: int, window: str) -> bool:
    start, end = ((int(text[:2]) * 60 + int(text[3:])) for text in window.split("-"))
    return start <= minute <= end


def periods_in_weeks(site, mondays: list[date]) -> list[Period]:
    """The target periods a plan over these weeks may serve at the site."""
    if PERIOD_OF_KIND[site.kind] == "week":
        return [Period(monday, monday + timedelta(weeks=1)) for monday in mondays]
    return [
        p
        for p in periods_of("dog_unit", YEAR)
        if p.starts_on <= mondays[-1] + timedelta(6) and mondays[0] < p.ends_on
    ]


@dataclass(frozen=True)
class PlannerYear:
    figures: dict[str, Figures]
    planned: int  # plan items
    linked: int  # plan items linked to the visit that followed them


def plan_ahead(scheme, manager, site_list, monday: date, weeks: int, rng) -> dict:
    """A plan of `weeks` weeks from `monday`: each new item with what its slot was drawn from."""
    mondays = [monday + timedelta(weeks=n) for n in range(weeks)]
    inputs = {
        (site.id, period.starts_on): plans.slot_draw(site, monday, period)
        for site in site_list
        for period in periods_in_weeks(site, mondays)
    }
    plan = plans.create_plan(
        scheme,
        manager,
        {
            "site_ids": [site.id for site in site_list],
            "starts_on": monday,
            "weeks": weeks,
            "seed": rng.randrange(2**62),
        },
    )
    return {item: inputs[(item.site_id, item.period_start)] for item in plan.items}


def visit(scheme, manager, item, rng: random.Random) -> None:
    """The named visitors' visit in the item's slot, completed and submitted."""
    arrived = arrival_in(item, rng)
    departed = arrived + timedelta(minutes=90)
    data = {
        "site_id": item.site_id,
        "visitor_ids": item.visitor_ids,
        "arrived_at": arrived,
        "admitted_at": arrived + timedelta(minutes=2),
        "departed_at": departed,
        "status": "submitted",
    }
    if item.site.kind == "custody_suite":
        data["feedback"] = {
            "to_name": "PS Sam Reid",
            "to_rank": "sergeant",
            "at": (departed - timedelta(minutes=5)).isoformat(),
            "summary": "Told the custody sergeant what we found.",
        }
    create_visit(scheme, manager, data)


def simulate_planner_year(seed: int, ahead: int, allowance: int) -> PlannerYear:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as directory:
        app = bench_app(directory)
        with app.app_context():
            scheme, manager, site_list = set_up_scheme()
            scheme.planner_uncovered_allowance = allowance
            db.session.commit()
            mondays = YEAR.mondays()
            draws: dict[int, list[Draw]] = {site.id: [] for site in site_list}

            def record(monday: date, weeks: int) -> None:
                for item, inputs in plan_ahead(
                    scheme, manager, site_list, monday, weeks, rng
                ).items():
                    slot, week = (item.slot_day, item.slot_band), mondays.index(item.week_start)
                    draws[item.site_id].append(Draw(inputs, slot, week))

            for weeks in range(1, ahead):  # the first Monday plans its weeks one at a time
                record(mondays[0], weeks)
            for number, monday in enumerate(mondays):
                record(monday, min(ahead, len(mondays) - number))
                for item in db.session.scalars(
                    select(PlanItem).where(PlanItem.week_start == monday).order_by(PlanItem.id)
                ):
                    visit(scheme, manager, item, rng)
            figures = {}
            for site in site_list:
                table = coverage_of(site, YEAR)
                counts = [count for row in table.counts for count in row]
                history = [guess_chance(slot_weights(**draw.inputs)) for draw in draws[site.id]]
                leaked = leaked_guesses(draws[site.id], ahead)
                figures[site.name] = figures_of(counts, history, leaked)
            planned = db.session.scalar(select(func.count()).select_from(PlanItem))
            linked = db.session.scalar(
                select(func.count()).select_from(PlanItem).where(PlanItem.visit_id.is_not(None))
            )
            db.session.remove()
            db.engine.dispose()
    return PlannerYear(figures, planned, linked)


# The comparisons, as pure functions ----------------------------------------------------------


def periods_in_year(grid: Grid) -> int:
    return len(YEAR.mondays()) if grid is CUSTODY_GRID else 12


def least_covered(counts: dict, available, **_) -> dict:
    least = min(counts[slot] for slot in available)
    return {slot: 1 for slot in available if counts[slot] == least}


def simulate_rule_year(rule, grid: Grid, rng: random.Random, ahead: int, allowance: int) -> Figures:
    """A year of draws by `rule` alone, without a database: for many years at little cost. Draws
    are numbered by the week their period starts in, so that a leaked plan reaches as far."""
    counts, draws, periods = dict.fromkeys(grid.slots, 0), [], periods_in_year(grid)
    for period in range(periods):
        inputs = {
            "counts": dict(counts),
            "available": grid.slots,
            "remaining": periods - period,
            "allowance": allowance,
        }
        slot = choose_slot(rule(**inputs), rng)
        draws.append(Draw(inputs, slot, period * len(YEAR.mondays()) // periods, rule))
        counts[slot] += 1
    history = [guess_chance(rule(**draw.inputs)) for draw in draws]
    return figures_of(list(counts.values()), history, leaked_guesses(draws, ahead))


def simulate_random_year(grid: Grid, rng: random.Random) -> Figures:
    counts = dict.fromkeys(grid.slots, 0)
    for _ in range(periods_in_year(grid)):
        counts[rng.choice(grid.slots)] += 1
    return figures_of(list(counts.values()), [1 / len(grid.slots)], [1 / len(grid.slots)])


def reference_figures(path: Path) -> dict[str, Figures]:
    published = json.loads(path.read_text())
    tables = {
        "Suite A": published["coverage"]["suite-a"],
        "Suite B": published["coverage"]["suite-b"],
        "Dog Unit": published["aws"]["coverage"],
    }
    return {name: figures_of([c for row in table for c in row]) for name, table in tables.items()}


# Report --------------------------------------------------------------------------------------


def row(label: str, site: str, figures: Figures) -> str:
    leaked = "-" if math.isnan(figures.leaked_guess) else f"{figures.leaked_guess:.3f}"
    return (
        f"  {label:<34} {site:<9} {figures.uncovered:>9.1f} {figures.entropy_share:>11.3f}"
        f" {figures.guess_chance:>9.3f} {leaked:>8} {figures.busiest_share:>9.3f}"
    )


def bound_row(label: str, site: str, chance: float) -> str:
    return f"  {label:<34} {site:<9} {'':>9} {'':>11} {chance:>9.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5, help="simulated years through the domain")
    parser.add_argument(
        "--seed", type=int, default=1, help="first seed (years use seed, seed+1, ...)"
    )
    parser.add_argument("--ahead", type=int, default=4, help="weeks each Monday's plan covers")
    parser.add_argument(
        "--allowance", type=int, default=0, help="uncovered slots a year the scheme accepts"
    )
    parser.add_argument("--many", type=int, default=300, help="years for the rules alone")
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    arguments = parser.parse_args()
    ahead, allowance, many = max(arguments.ahead, 1), arguments.allowance, arguments.many

    runs = [
        simulate_planner_year(arguments.seed + n, ahead, allowance) for n in range(arguments.years)
    ]
    planner = {name: mean_figures([run.figures[name] for run in runs]) for name, _ in SITES}
    planned, linked = sum(run.planned for run in runs), sum(run.linked for run in runs)
    reference = reference_figures(arguments.reference)
    rng = random.Random(arguments.seed)
    grids = (("suites", CUSTODY_GRID), ("dog unit", DOG_UNIT_GRID))
    pure = {}
    for label, simulate in (
        (f"planner rule alone, {many} years", partial(simulate_rule_year, slot_weights)),
        (f"purely random slots, {many} years", simulate_random_year),
        (f"always least covered, {many} years", partial(simulate_rule_year, least_covered)),
    ):
        if simulate is simulate_random_year:
            pure[label] = {
                kind: mean_figures([simulate(grid, rng) for _ in range(many)])
                for kind, grid in grids
            }
            continue
        pure[label] = {
            kind: mean_figures([simulate(grid, rng, ahead, allowance) for _ in range(many)])
            for kind, grid in grids
        }
    lowest = {
        kind: lowest_guess_chance(len(grid.slots), periods_in_year(grid), allowance)
        for kind, grid in grids
    }

    weeks, last_seed = len(YEAR.mondays()), arguments.seed + arguments.years - 1
    print(f"A year of planning {ahead} weeks ahead, {YEAR.label}: {weeks} weeks, one visit a week")
    print(
        f"to each suite, one a month to the dog unit; uncovered slots accepted a year: {allowance}."
    )
    print(f"{arguments.years} simulated years through the domain", end=" ")
    print(f"(seeds {arguments.seed}..{last_seed});")
    print("figures are means over the years.")
    print(f"Planned visits logged and linked to their plan items: {linked} of {planned}.")
    print()
    print(f"  {'':<34} {'':<9} {'':>9} {'':>11} {'guess chance':>18}")
    headings = ("site", "uncovered", "entropy/max", "history", "leaked", "busiest")
    print(f"  {'':<34} {headings[0]:<9} {headings[1]:>9} {headings[2]:>11}", end="")
    print(f" {headings[3]:>9} {headings[4]:>8} {headings[5]:>9}")
    for name, _ in SITES:
        print(row("planner (domain, SQLite)", name, planner[name]))
    for name, _ in SITES:
        print(row("reference year, published*", name, reference[name]))
    for label, by_kind in pure.items():
        for kind, figures in by_kind.items():
            print(row(label, kind, figures))
    for kind, chance in lowest.items():
        print(bound_row("lowest any even rule can reach**", kind, chance))
    print()
    print("  history: the observer knows every earlier visit and the rule; leaked: also the plan")
    print(
        f"  items of the next {ahead - 1} weeks. busiest: the busiest slot's share of the visits."
    )
    print("  * the published tables give no order of visits: their guess chance is the share of")
    print("    the busiest slot.")
    print("  ** with the same coverage (at most the allowance uncovered, no slot above the")
    print("    ceiling), against the history observer (slot_choice.lowest_guess_chance).")
    print(
        f"  Pure chance for a suite is 1/35 = {1 / 35:.3f}; for the dog unit 1/12 = {1 / 12:.3f}."
    )
    print()

    suite_names = [name for name, kind in SITES if kind == "custody_suite"]
    yearly = [run.figures[name] for run in runs for name in suite_names]
    print(
        f"  Worst simulated suite-year: {max(f.uncovered for f in yearly):.0f} uncovered, "
        f"entropy/max {min(f.entropy_share for f in yearly):.3f}, "
        f"guess chance {max(f.guess_chance for f in yearly):.3f} "
        f"(leaked plan {max(f.leaked_guess for f in yearly):.3f})."
    )
    print()

    suites = [planner[name] for name in suite_names]
    dog_units = [planner[name] for name, kind in SITES if kind == "dog_unit"]
    checks = {
        "suites: 0 uncovered slots": all(f.uncovered == TARGETS["uncovered"] for f in suites),
        f"suites: entropy >= {TARGETS['entropy_share']} of max": all(
            f.entropy_share >= TARGETS["entropy_share"] for f in suites
        ),
        f"suites: guess chance <= {TARGETS['guess_chance']}": all(
            f.guess_chance <= TARGETS["guess_chance"] for f in suites
        ),
    }
    if allowance >= 1:
        checks[f"dog unit: guess chance <= {TARGETS['monthly_guess']}"] = all(
            f.guess_chance <= TARGETS["monthly_guess"] for f in dog_units
        )
    for name, met in checks.items():
        print(f"  target, {name:<40} {'met' if met else 'NOT MET'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
