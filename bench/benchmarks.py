"""Cross-scheme benchmarks of every scheme against one scheme's annual statistics, as schemes grow.

On the national data (`make_data`: 40 schemes at scale 1, 400 at scale 10), every scheme is
opted in and `icv.reporting.benchmarks.scheme_values` (as `GET /benchmarks` and
`GET /national/benchmarks` run it) is timed against a baseline measured in the same run: the
hand-written query of `bench.annual_sql` for one scheme (scheme 0), as `stats_vs_sql.py` does.
It prints the ratio at each scale and how each time grows with 10x the schemes, and counts the
statements the benchmarks take (the same at every scale).

    .venv/bin/python bench/benchmarks.py [--scales 1,10] [--year 2023] [--repeats 10]

Target: 10x the schemes costs the benchmarks at most about 10x (they read every scheme's
year; the statement count stays fixed), while one scheme's query stays flat.
"""

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, select, update  # noqa: E402

from api import create_app  # noqa: E402
from bench import annual_sql, database  # noqa: E402
from bench.make_data import ensure_loaded  # noqa: E402
from icv.common.database import db  # noqa: E402
from icv.models import Scheme  # noqa: E402
from icv.reporting import benchmarks  # noqa: E402

SCHEME_ID = 1  # scheme 0 of the generator: the same rows at every scale


def opt_everyone_in(app) -> int:
    with app.app_context():
        db.session.execute(update(Scheme).values(benchmarking=True))
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(Scheme))
        db.session.remove()
    return count


def timed_ms(app, run) -> float:
    with app.app_context():
        db.session.remove()
        started = time.perf_counter()
        run()
        elapsed = (time.perf_counter() - started) * 1000
        db.session.remove()
    return elapsed


def statements(app, year: int) -> int:
    count = 0

    def counted(*args):
        nonlocal count
        count += 1

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", counted)
        benchmarks.scheme_values(year)
        event.remove(db.engine, "before_cursor_execute", counted)
        db.session.remove()
    return count


def baseline(year: int):
    def run():
        scheme = db.session.get(Scheme, SCHEME_ID)
        annual_sql.run(db.session, SCHEME_ID, year, scheme.timezone)

    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=database.base_url(), help="PostgreSQL URL (scale 1)")
    parser.add_argument("--scales", default="1,10", help="comma-separated, smallest first")
    parser.add_argument("--year", type=int, default=2023, help="financial year (2023 = 2023/24)")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    logging.disable(logging.WARNING)
    scales = sorted(float(scale) for scale in arguments.scales.split(","))
    urls = {scale: ensure_loaded(arguments.url, scale, arguments.seed) for scale in scales}
    for url in urls.values():
        database.migrate(url)
    apps = {
        scale: create_app({"SQLALCHEMY_DATABASE_URI": database.app_url(url)})
        for scale, url in urls.items()
    }
    schemes = {scale: opt_everyone_in(app) for scale, app in apps.items()}
    timings = {scale: {"benchmarks": [], "one_scheme": []} for scale in apps}
    for _ in range(arguments.repeats):  # interleaved, so the machine's load weighs on all alike
        for scale, app in apps.items():
            timings[scale]["benchmarks"].append(
                timed_ms(app, lambda: benchmarks.scheme_values(arguments.year))
            )
            timings[scale]["one_scheme"].append(timed_ms(app, baseline(arguments.year)))
    medians = {
        scale: {name: statistics.median(values) for name, values in runs.items()}
        for scale, runs in timings.items()
    }
    print()
    print(f"Benchmarks of every scheme, {arguments.year}, against one scheme's hand-written query")
    print(f"(bench.annual_sql); medians of {arguments.repeats} interleaved runs.")
    print()
    print("  scale  schemes  statements  benchmarks ms  one scheme ms   ratio")
    for scale in scales:
        result = medians[scale]
        print(
            f"  {scale:>5g} {schemes[scale]:>8} {statements(apps[scale], arguments.year):>11}"
            f" {result['benchmarks']:>14.1f} {result['one_scheme']:>14.1f}"
            f" {result['benchmarks'] / result['one_scheme']:>7.1f}"
        )
    for smaller, larger in zip(scales, scales[1:], strict=False):
        a, b = medians[smaller], medians[larger]
        print(
            f"  {schemes[smaller]} -> {schemes[larger]} schemes:"
            f" benchmarks x{b['benchmarks'] / a['benchmarks']:.2f},"
            f" one scheme x{b['one_scheme'] / a['one_scheme']:.2f}"
        )
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
