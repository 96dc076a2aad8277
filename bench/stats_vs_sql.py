"""Annual statistics through the domain against one hand-written query, and as the data grows.

For one scheme-year (scheme 0, the same rows at every scale) it times
`icv.reporting.annual.annual`, as `GET /stats/annual` runs it, against `bench.annual_sql` (the
same figures in one round trip: the database's limit), checks that both give the same figures,
and prints the ratio. Then the same at each scale, printing how each time grows against the
smallest scale. Databases that do not hold their scale yet are loaded first with `make_data`
(about a minute at scale 1, ten at scale 10).

    .venv/bin/python bench/stats_vs_sql.py [--scales 0.1,1,10] [--year 2023] [--repeats 30]

Targets: the domain within 2x of the query on the national data (scale 1 and
above; smaller scales are printed for the growth); 10x more data (other schemes, other
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
from icv.common.database import db  # noqa: E402
from icv.models import DetaineeEntry, Scheme, Visit  # noqa: E402
from icv.reporting import annual  # noqa: E402

SCHEME_ID = 1  # scheme 0 of the generator: the same rows at every scale
RATIO_TARGET = 2.0
GROWTH_TARGET = 1.3


def timed_ms(app, run) -> float:
    """Wall time of `run(scheme)` in a fresh session (as a request has)."""
    with app.app_context():
        db.session.remove()
        scheme = db.session.get(Scheme, SCHEME_ID)
        started = time.perf_counter()
        run(scheme)
        elapsed = (time.perf_counter() - started) * 1000
        db.session.remove()
    return elapsed


def describe(app, year: int) -> dict:
    """The database's size, and whether the domain and the query give the same figures."""
    with app.app_context():
        scheme = db.session.get(Scheme, SCHEME_ID)
        mine = annual_sql.comparable(annual.annual(scheme, year))
        raw = annual_sql.run(db.session, SCHEME_ID, year, scheme.timezone)
        theirs = annual_sql.figures_by_sql(raw, year)
        described = {
            "visits": db.session.scalar(select(func.count()).select_from(Visit)),
            "entries": db.session.scalar(select(func.count()).select_from(DetaineeEntry)),
            "same": mine == theirs,
            "mismatches": [key for key in mine if mine[key] != theirs[key]],
        }
        db.session.remove()
    return described


def measure(urls: dict[float, str], year: int, repeats: int) -> dict[float, dict]:
    """Medians of the domain and the query at every scale, their runs interleaved (domain,
    query, next scale, ...) so that whatever else the machine does weighs on all alike."""
    apps = {
        scale: create_app({"SQLALCHEMY_DATABASE_URI": database.app_url(url)})
        for scale, url in urls.items()
    }
    results = {scale: describe(app, year) for scale, app in apps.items()}
    timings: dict[float, dict[str, list[float]]] = {s: {"domain": [], "sql": []} for s in apps}
    for _ in range(repeats):
        for scale, app in apps.items():
            timings[scale]["domain"].append(timed_ms(app, lambda s: annual.annual(s, year)))
            timings[scale]["sql"].append(
                timed_ms(app, lambda s: annual_sql.run(db.session, s.id, year, s.timezone))
            )
    for scale, app in apps.items():
        results[scale]["domain_ms"] = statistics.median(timings[scale]["domain"])
        results[scale]["sql_ms"] = statistics.median(timings[scale]["sql"])
        with app.app_context():
            db.engine.dispose()
    return results


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

    urls = {scale: ensure_loaded(arguments.url, scale, arguments.seed) for scale in scales}
    results = measure(urls, arguments.year, arguments.repeats)

    print()
    print(
        f"Annual statistics of scheme 0, {arguments.year}: domain "
        "(icv.reporting.annual.annual) against"
    )
    print(f"one hand-written query; medians of {arguments.repeats} interleaved runs, each in a")
    print("fresh session.")
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
    national = [result for scale, result in results.items() if scale >= 1] or list(results.values())
    worst = max(result["domain_ms"] / result["sql_ms"] for result in national)
    checks = {
        f"domain within {RATIO_TARGET:g}x of the query, scale >= 1 (worst {worst:.2f})": (
            worst <= RATIO_TARGET
        ),
        **checks,
        "the same figures both ways": all(result["same"] for result in results.values()),
    }
    for name, met in checks.items():
        print(f"  target: {name:<58} {'met' if met else 'NOT MET'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
