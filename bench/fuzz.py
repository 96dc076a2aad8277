"""A long schemathesis run against the app's own OpenAPI document, as every role, in-process.

The same fuzzing as `tests/framework/test_api_fuzz.py` (see `tests/support/api_fuzzing.py`):
every documented operation, signed in as each role in turn, on the small world of
`tests/support/api_world.py`, with many more generated requests, half of them with odd query
strings (digits beyond ASCII, other Unicode, empty values, undeclared parameters). It prints,
per check, the operations that fail it and an example, then the answers by status; it exits 1
when any request got a server error.

    .venv/bin/python bench/fuzz.py [--examples 100] [--roles manager,visitor,inspector,viewer]
                                   [--seed N] [--database postgresql://...]

Without `--database` it runs on a throwaway SQLite file. A `--database` is emptied first and
last: give it a database of its own. Each run draws new requests unless `--seed` is given.
"""

import argparse
import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from api import create_app  # noqa: E402
from api.config import database_url  # noqa: E402
from icv.common.database import db  # noqa: E402
from tests.support.api_fuzzing import CHECKS, DOCUMENT, ROLES, FuzzReport, fuzz  # noqa: E402
from tests.support.app import app_config, drop_everything  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=100, help="requests per operation/role")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated roles")
    parser.add_argument("--seed", type=int, default=None, help="the same requests again")
    parser.add_argument("--database", default=None, help="SQLAlchemy URL (emptied!)")
    return parser.parse_args()


def make_app(url: str):
    app = create_app(app_config(database_url(url, "")))
    with app.app_context():
        drop_everything()
        upgrade(revision="heads")
        db.session.remove()
    return app


def print_summary(report: FuzzReport) -> None:
    print(
        f"\n{report.requests} requests to {report.operations} operation runs "
        f"({len(report.roles)} roles) in {report.seconds:.1f} s "
        f"({report.requests / max(report.seconds, 0.001):.0f} requests/s)"
    )
    print(
        "answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(report.statuses.items()))
    )
    for check in (*CHECKS, DOCUMENT):
        failing = report.failing(check)
        roles = Counter(finding.role for finding in report.findings if finding.check == check)
        verdict = "ok" if not failing else f"{len(failing)} operations fail"
        print(f"\n{check}: {verdict}" + (f" (findings by role: {dict(roles)})" if roles else ""))
        for operation, finding in sorted(failing.items()):
            print(f"  {operation} -> {finding.status}: {finding.title}")
            lines = [line.strip() for line in finding.message.splitlines() if line.strip()]
            where = [line.rstrip(":") for line in lines if line.startswith("Schema at ")]
            detail = "; ".join(lines[:1] + where[:1])
            if detail and detail != finding.title:
                print(f"      {detail[:160]}")
            if finding.request:
                print(f"      e.g. {finding.request[:160]}")


def main() -> int:
    args = arguments()
    logging.disable(logging.ERROR)  # the app logs each 500 it answers; the summary lists them
    roles = tuple(role.strip() for role in args.roles.split(",") if role.strip())
    unknown = set(roles) - set(ROLES)
    if unknown:
        sys.exit(f"unknown roles: {sorted(unknown)}")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'fuzz.sqlite3'}"
        app = make_app(url)
        started = time.perf_counter()

        def progress(role: str, so_far: FuzzReport) -> None:
            print(
                f"{role}: done, {so_far.requests} requests so far "
                f"({time.perf_counter() - started:.0f} s)",
                flush=True,
            )

        report = fuzz(
            app,
            roles,
            args.examples,
            derandomize=False,
            seed=args.seed,
            progress=progress,
        )
        with app.app_context():
            db.engine.dispose()
    print_summary(report)
    return 1 if report.failing("not_a_server_error") else 0


if __name__ == "__main__":
    sys.exit(main())
