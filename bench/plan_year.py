"""A year of weekly planning, simulated: does the planner cover every slot and stay unguessable?

Each simulated year runs on a throwaway SQLite database through the domain itself: every Monday
of 2023/24 the manager asks for a one-week plan for two custody suites and the dog unit, and
the named visitors follow it, arriving at a random minute inside the planned slot (clear of
the handover window when the item says to avoid it). At the year's end it prints, per site:

- uncovered: slots of the grid with no visit in the year;
- entropy/max: the entropy of the slot distribution as a share of log2(slots);
- guess chance: how often someone who knows the history and the planner guesses the slot of
  each visit, averaged over the year. Before each plan they work out the planner's weights
  (`icv.scheduling.plans.slot_odds`) and bet on the likeliest slot; their chance is its weight's
  share.
- busiest slot: the share of the year's visits in its most visited slot, what someone betting
  every week on that one slot would get right.

Beside them: the reference year's published tables (their order of visits is not published, so
their guess chance is the busiest-slot share), visits at purely random slots (guess chance
1/slots), and a planner that always takes a slot among the least covered, at random among
equals (the rule the issue starts from; its last uncovered slots give it away).

    .venv/bin/python bench/plan_year.py [--years 5] [--seed 1]
"""

import argparse
import json
import logging
import math
import random
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
from icv.scheduling.slot_choice import choose_slot, guess_chance, slot_weights  # noqa: E402
from icv.sites import sites  # noqa: E402
from icv.sites.grids import CUSTODY_GRID, DOG_UNIT_GRID, Grid, grid_for  # noqa: E402
from icv.sites.periods import PERIOD_OF_KIND, Period, periods_of  # noqa: E402
from icv.visits.recording import create_visit  # noqa: E402

YEAR = FinancialYear(2023)
TIMEZONE = "Europe/London"
REFERENCE = ROOT.parent / "shared" / "reference" / "fy2023-24.json"
SITES = (("Suite A", "custody_suite"), ("Suite B", "custody_suite"), ("Dog Unit", "dog_unit"))
VISITORS = 10
TARGETS = {"uncovered": 0, "entropy_share": 0.98, "guess_chance": 0.09}


@dataclass(frozen=True)
class Figures:
    uncovered: float
    entropy_share: float
    guess_chance: float
    busiest_share: float


def figures_of(counts: list[int], guesses: list[float] | None = None) -> Figures:
    """Year-end figures of one site from its slot counts (and the weekly guess chances)."""
    busiest = max(counts) / sum(counts)
    return Figures(
        uncovered=sum(1 for count in counts if count == 0),
        entropy_share=entropy_bits(counts) / math.log2(len(counts)),
        guess_chance=statistics.mean(guesses) if guesses else busiest,
        busiest_share=busiest,
    )


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


def periods_in_week(site, monday: date) -> list[Period]:
    """The target periods a plan from this Monday may serve at the site."""
    if PERIOD_OF_KIND[site.kind] == "week":
        return [Period(monday, monday + timedelta(weeks=1))]
    return [
        p
        for p in periods_of("dog_unit", YEAR)
        if p.starts_on <= monday + timedelta(6) and monday < p.ends_on
    ]


@dataclass(frozen=True)
class PlannerYear:
    figures: dict[str, Figures]
    planned: int  # plan items
    linked: int  # plan items linked to the visit that followed them


def simulate_planner_year(seed: int) -> PlannerYear:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as directory:
        app = bench_app(directory)
        with app.app_context():
            scheme, manager, site_list = set_up_scheme()
            guesses: dict[int, list[float]] = {site.id: [] for site in site_list}
            for monday in YEAR.mondays():
                odds = {
                    (site.id, period.starts_on): plans.slot_odds(site, monday, period)
                    for site in site_list
                    for period in periods_in_week(site, monday)
                }
                plan = plans.create_plan(
                    scheme,
                    manager,
                    {
                        "site_ids": [site.id for site in site_list],
                        "starts_on": monday,
                        "weeks": 1,
                        "seed": rng.randrange(2**62),
                    },
                )
                for item in plan.items:
                    guesses[item.site_id].append(
                        guess_chance(odds[(item.site_id, item.period_start)])
                    )
                    arrived = arrival_in(item, rng)
                    create_visit(
                        scheme,
                        manager,
                        {
                            "site_id": item.site_id,
                            "visitor_ids": item.visitor_ids,
                            "arrived_at": arrived,
                            "admitted_at": arrived + timedelta(minutes=2),
                            "departed_at": arrived + timedelta(minutes=90),
                            "status": "submitted",
                        },
                    )
            figures = {}
            for site in site_list:
                table = coverage_of(site, YEAR)
                counts = [count for row in table.counts for count in row]
                figures[site.name] = figures_of(counts, guesses[site.id])
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


def simulate_random_year(grid: Grid, rng: random.Random) -> Figures:
    counts = dict.fromkeys(grid.slots, 0)
    for _ in range(periods_in_year(grid)):
        counts[rng.choice(grid.slots)] += 1
    return figures_of(list(counts.values()), [1 / len(grid.slots)])


def simulate_least_covered_year(grid: Grid, rng: random.Random) -> Figures:
    counts, guesses = dict.fromkeys(grid.slots, 0), []
    for _ in range(periods_in_year(grid)):
        least = min(counts.values())
        tied = {slot: 1 for slot, count in counts.items() if count == least}
        guesses.append(guess_chance(tied))
        counts[choose_slot(tied, rng)] += 1
    return figures_of(list(counts.values()), guesses)


def simulate_pure_planner_year(grid: Grid, rng: random.Random) -> Figures:
    """The planner's slot rule alone, without a database: for many years at little cost."""
    counts, guesses, weeks = dict.fromkeys(grid.slots, 0), [], periods_in_year(grid)
    for week in range(weeks):
        weights = slot_weights(counts, grid.slots, weeks - week)
        guesses.append(guess_chance(weights))
        counts[choose_slot(weights, rng)] += 1
    return figures_of(list(counts.values()), guesses)


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
    return (
        f"  {label:<32} {site:<9} {figures.uncovered:>9.1f} {figures.entropy_share:>12.3f}"
        f" {figures.guess_chance:>13.3f} {figures.busiest_share:>13.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=5, help="simulated years through the domain")
    parser.add_argument(
        "--seed", type=int, default=1, help="first seed (years use seed, seed+1, ...)"
    )
    parser.add_argument("--reference", type=Path, default=REFERENCE)
    arguments = parser.parse_args()

    runs = [simulate_planner_year(arguments.seed + n) for n in range(arguments.years)]
    planner = {name: mean_figures([run.figures[name] for run in runs]) for name, _ in SITES}
    planned, linked = sum(run.planned for run in runs), sum(run.linked for run in runs)
    reference = reference_figures(arguments.reference)
    rng = random.Random(arguments.seed)
    many = 2000
    pure = {}
    for label, simulate in (
        ("planner rule alone, 2000 years", simulate_pure_planner_year),
        ("purely random slots, 2000 years", simulate_random_year),
        ("always least covered, 2000 years", simulate_least_covered_year),
    ):
        pure[label] = {
            kind: mean_figures([simulate(grid, rng) for _ in range(many)])
            for kind, grid in (("suites", CUSTODY_GRID), ("dog unit", DOG_UNIT_GRID))
        }

    weeks, last_seed = len(YEAR.mondays()), arguments.seed + arguments.years - 1
    print(f"A year of weekly planning, {YEAR.label}: {weeks} weeks, one visit a week to each")
    print(f"suite, one a month to the dog unit; {arguments.years} simulated years through the")
    print(f"domain (seeds {arguments.seed}..{last_seed}); figures are means over the years.")
    print(f"Planned visits logged and linked to their plan items: {linked} of {planned}.")
    print()
    headings = ("site", "uncovered", "entropy/max", "guess chance", "busiest slot")
    print(f"  {'':<32} {headings[0]:<9} {headings[1]:>9} {headings[2]:>12}", end="")
    print(f" {headings[3]:>13} {headings[4]:>13}")
    for name, _ in SITES:
        print(row("planner (domain, SQLite)", name, planner[name]))
    for name, _ in SITES:
        print(row("reference year, published*", name, reference[name]))
    for label, by_kind in pure.items():
        for kind, figures in by_kind.items():
            print(row(label, kind, figures))
    print()
    print("  * the published tables give no order of visits: their guess chance is the share of")
    print("    the busiest slot.")
    print(
        f"  Pure chance for a suite is 1/35 = {1 / 35:.3f}; for the dog unit 1/12 = {1 / 12:.3f}."
    )
    print()

    suite_names = [name for name, kind in SITES if kind == "custody_suite"]
    yearly = [run.figures[name] for run in runs for name in suite_names]
    print(
        f"  Worst simulated suite-year: {max(f.uncovered for f in yearly):.0f} uncovered, "
        f"entropy/max {min(f.entropy_share for f in yearly):.3f}, "
        f"guess chance {max(f.guess_chance for f in yearly):.3f}."
    )
    print()

    suites = [planner[name] for name in suite_names]
    checks = {
        "0 uncovered slots per suite": all(f.uncovered == TARGETS["uncovered"] for f in suites),
        f"entropy >= {TARGETS['entropy_share']} of max": all(
            f.entropy_share >= TARGETS["entropy_share"] for f in suites
        ),
        f"guess chance <= {TARGETS['guess_chance']}": all(
            f.guess_chance <= TARGETS["guess_chance"] for f in suites
        ),
    }
    for name, met in checks.items():
        print(f"  target, suites: {name:<32} {'met' if met else 'NOT MET'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
