"""Annual statistics through the domain against one hand-written query, and as the data grows.

For one scheme-year (scheme 0, the same rows at every scale) it times `icv.stats.annual`, as
`GET /stats/annual` runs it, against `bench.annual_sql` (the same figures in one round trip:
the database's limit), checks that both give the same figures, and prints the ratio. Then the
same at each scale, printing how each time grows against the smallest scale. Databases that
do not hold their scale yet are loaded first with `make_data` (about a minute at scale 1, ten
at scale 10).

    .venv/bin/python bench/stats_vs_sql.py [--scales 0.1,1,10] [--year 2023] [--repeats 30]

Targets (issue 8): the domain within 2x of the query; 10x more data (other schemes, other
years) costs at most 1.3x the time for the same scheme-year.
"""

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from api import create_app  # noqa: E402
from bench import annual_sql, database  # noqa: E402
from bench.make_data import ensure_loaded  # noqa: E402
from icv import stats  # noqa: E402
from icv.database import db  # noqa: E402
from icv.models import DetaineeEntry, Scheme, Visit  # noqa: E402

SCHEME_ID = 1  # scheme 0 of the generator: the same rows at every scale
RATIO_TARGET = 2.0
GROWTH_TARGET = 1.3


def median_ms(run, repeats: int) -> float:
    """The median wall time of `run`, in a fresh session each time (as a request has)."""
    timings = []
    for _ in range(repeats):
        db.session.remove()
        scheme = db.session.get(Scheme, SCHEME_ID)
        started = time.perf_counter()
        run(scheme)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure(url: str, year: int, repeats: int) -> dict:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database.app_url(url)})
    with app.app_context():
        scheme = db.session.get(Scheme, SCHEME_ID)
        domain = stats.annual(scheme, year)
        raw = annual_sql.run(db.session, SCHEME_ID, year, scheme.timezone)
        same = annual_sql.comparable(domain) == annual_sql.figures_by_sql(raw, year)
        visits = db.session.scalar(select(func.count()).select_from(Visit))
        entries = db.session.scalar(select(func.count()).select_from(DetaineeEntry))
        domain_ms = median_ms(lambda s: stats.annual(s, year), repeats)
        sql_ms = median_ms(lambda s: annual_sql.run(db.session, s.id, year, s.timezone), repeats)
        mismatches = []
        if not same:
            mine, theirs = annual_sql.comparable(domain), annual_sql.figures_by_sql(raw, year)
            mismatches = [key for key in mine if mine[key] != theirs[key]]
        db.session.remove()
        db.engine.dispose()
    return {
        "visits": visits,
        "entries": entries,
        "domain_ms": domain_ms,
        "sql_ms": sql_ms,
        "same": same,
        "mismatches": mismatches,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=database.base_url(), help="PostgreSQL URL (scale 1)")
    parser.add_argument("--scales", default="0.1,1,10", help="comma-separated, smallest first")
    parser.add_argument("--year", type=int, default=2023, help="financial year (2023 = 2023/24)")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)
    scales = sorted(float(scale) for scale in arguments.scales.split(","))

    results = {}
    for scale in scales:
        url = ensure_loaded(arguments.url, scale, arguments.seed)
        results[scale] = measure(url, arguments.year, arguments.repeats)

    print()
    print(f"Annual statistics of scheme 0, {arguments.year}: domain (icv.stats.annual) against")
    print(f"one hand-written query; medians of {arguments.repeats} runs, fresh session each.")
    print()
    headings = ("scale", "visits", "detainees", "domain ms", "sql ms", "domain/sql", "same figures")
    widths = (5, 10, 11, 10, 8, 10, 13)
    print(" " + "".join(f" {text:>{width}}" for text, width in zip(headings, widths, strict=True)))
    for scale, result in results.items():
        ratio = result["domain_ms"] / result["sql_ms"]
        same = "yes" if result["same"] else "NO: " + ", ".join(result["mismatches"])
        print(
            f"  {scale:>5g} {result['visits']:>10,} {result['entries']:>11,}"
            f" {result['domain_ms']:>10.1f} {result['sql_ms']:>8.1f} {ratio:>10.2f} {same:>13}"
        )
    print()
    print("  How the time for the same scheme-year grows with the data:")
    checks = {}
    for smaller, larger in zip(scales, scales[1:], strict=False):
        a, b = results[smaller], results[larger]
        domain_growth = b["domain_ms"] / a["domain_ms"]
        sql_growth = b["sql_ms"] / a["sql_ms"]
        data_growth = b["visits"] / a["visits"]
        print(
            f"    scale {smaller:g} -> {larger:g} ({data_growth:.0f}x the visits):"
            f" domain x{domain_growth:.2f}, sql x{sql_growth:.2f}"
        )
        checks[f"10x data costs <= {GROWTH_TARGET}x ({smaller:g} -> {larger:g})"] = (
            domain_growth <= GROWTH_TARGET
        )
    print()
    worst = max(result["domain_ms"] / result["sql_ms"] for result in results.values())
    checks = {
        f"domain within {RATIO_TARGET:g}x of the query (worst {worst:.2f})": worst <= RATIO_TARGET,
        **checks,
        "the same figures both ways": all(result["same"] for result in results.values()),
    }
    for name, met in checks.items():
        print(f"  target: {name:<52} {'met' if met else 'NOT MET'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
