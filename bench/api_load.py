"""HTTP load on the national data: each endpoint's throughput as a share of the app's ceiling.

Starts gunicorn (2 sync workers, as `make run` does) on the PostgreSQL database of a scale
(loaded first by `make_data` if it does not hold it), then drives each endpoint in turn with wrk
on 127.0.0.1 (installed from Debian's packages when missing): 32 connections for `--seconds`
each, and at most `--max-requests` answers per wrk thread. Signed in as scheme 0's manager:

- ceiling: `GET /health` (the app's cheapest endpoint: the framework, one `SELECT 1`);
- signed-in floor: `GET /me` (the cheapest endpoint behind a token: the token checked, the
  sign-in and the person read in one statement, the person's record as JSON), what every
  other endpoint below pays before its own work;
- login: `POST /auth/login` as the scheme's people in turn (argon2 at production cost; the
  sign-in limits are raised for the run, failures only count towards them anyway);
- `POST /visits`: a submitted custody visit with 10 detainees and 2 issues, a new UUID each;
- `GET /visits`: a page of 20 of the scheme's visits (pages 1 to 50 at random);
- `GET /coverage`: a suite's timeslot table for 2023/24;
- `GET /stats/annual`: the 2023/24 statistics with the year before.

It prints requests per second, p50 and p99 latency, throughput and p99 as ratios of the
ceiling's, and the workers' peak resident memory while serving statistics. Visits it posted
are deleted afterwards, so the database stays as `make_data` made it.

    .venv/bin/python bench/api_load.py [--scale 1] [--seconds 10] [--connections 32]

Targets: POST /visits >= 0.30 of the ceiling's throughput, GET /visits and
/coverage >= 0.50, every p99 under 10x the ceiling's, workers under 150 MB resident.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench import database, load_scripts  # noqa: E402
from bench.make_data import BENCH_PASSWORD, ensure_loaded  # noqa: E402

HOST = "127.0.0.1"
SCHEME_ID = 1
YEAR = 2023
THROUGHPUT_TARGETS = {"POST /visits": 0.30, "GET /visits": 0.50, "GET /coverage": 0.50}
P99_TARGET = 10.0
MEMORY_TARGET_MB = 150


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        print("installing wrk from Debian's packages ...", flush=True)
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk")


# The server -----------------------------------------------------------------------------------


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database.app_url(url),
        "ICV_LOGIN_LIMIT": "1000000 per minute",
        "ICV_LOGIN_IP_LIMIT": "1000000 per minute",
        "ICV_ACCESS_TOKEN_MINUTES": "120",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--bind", f"{HOST}:{port}", "--workers", "2",
         "--log-level", "warning", "wsgi:app"],
        cwd=ROOT,
        env=environment,
    )  # fmt: skip
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /health")


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class MemoryWatch:
    """Samples the workers' resident memory every 0.1 s; keeps each worker's peak."""

    def __init__(self, master: int) -> None:
        self.master, self.peaks, self._stop = master, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for pid in worker_pids(self.master):
                try:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), resident_mb(pid))
                except OSError:
                    continue
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


# The scheme the load acts for -----------------------------------------------------------------


def post_json(port: int, path: str, body: dict, token: str | None = None) -> dict:
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def scheme_facts(url: str) -> dict:
    """Scheme 0's suites, two active volunteers, and the emails of its people."""
    with psycopg.connect(url) as connection:
        suites = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM site WHERE scheme_id = %s AND kind = 'custody_suite' ORDER BY id",
                (SCHEME_ID,),
            )
        ]
        visitors = [
            row[0]
            for row in connection.execute(
                "SELECT p.id FROM person p JOIN person_role r ON r.person_id = p.id"
                " WHERE p.scheme_id = %s AND r.role = 'visitor' AND p.status = 'active'"
                " ORDER BY p.id LIMIT 2",
                (SCHEME_ID,),
            )
        ]
        emails = [
            row[0]
            for row in connection.execute(
                "SELECT email FROM person WHERE scheme_id = %s"
                " AND status IN ('active', 'probation') ORDER BY id",
                (SCHEME_ID,),
            )
        ]
    return {"suites": suites, "visitors": visitors, "emails": emails}


def visit_body(site_id: int, visitor_ids: list[int]) -> dict:
    arrived = (datetime.now(UTC) - timedelta(days=2)).replace(microsecond=0)
    detainees = [
        {"ref": f"C{n:02d}", "outcome": outcome}
        for n, outcome in enumerate(
            ["seen"] * 4 + ["refused", "not_offered", "unavailable"] + ["asleep_observed"] * 3, 1
        )
    ]
    for entry in detainees[:4]:
        entry.update(gender="male", age_group="25_34", ethnicity="white")
    detainees[5]["reason"] = "intoxicated"
    detainees[6]["reason"] = "in interview"
    departed = arrived + timedelta(minutes=95)
    return {
        "id": "VISIT_ID",
        "site_id": site_id,
        "visitor_ids": visitor_ids,
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=3)).isoformat(),
        "departed_at": departed.isoformat(),
        "status": "submitted",
        "detainees": detainees,
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered since arrival",
                "raised_by": "detainee",
                "detainee_ref": "C01",
                "resolved_during_visit": False,
            },
            {
                "category": "cell_and_contents",
                "description": "No blanket",
                "raised_by": "detainee",
                "detainee_ref": "C02",
                "resolved_during_visit": True,
            },
        ],
        "checks": {
            "cells_clean": {"result": "ok"},
            "cctv_working": {"result": "ok"},
            "food_in_date": {"result": "ok"},
        },
        "feedback": {
            "to_name": "PS Sam Reid",
            "to_rank": "sergeant",
            "at": (departed - timedelta(minutes=5)).isoformat(),
            "summary": "Told the custody sergeant what we found.",
        },
    }


def remove_posted_visits(url: str, since: datetime) -> int:
    """Deletes what the load wrote, so the database stays as generated."""
    with psycopg.connect(url) as connection:
        ids = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM visit WHERE scheme_id = %s AND created_at >= %s",
                (SCHEME_ID, since),
            )
        ]
        connection.execute("DELETE FROM notification WHERE visit_id = ANY(%s)", (ids,))
        connection.execute(
            "DELETE FROM audit_event WHERE entity = 'visit' AND entity_id = ANY(%s)", (ids,)
        )
        connection.execute("DELETE FROM visit WHERE id = ANY(%s)", (ids,))
        connection.execute("DELETE FROM auth_session WHERE created_at >= %s", (since,))
    return len(ids)


# wrk -------------------------------------------------------------------------------------------


def wait_until_idle(port: int, limit_seconds: float = 120) -> None:
    """Waits until the workers have worked off what the last run queued (gunicorn's sync
    workers still answer requests whose client has gone): /health answers at once again."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=limit_seconds):
            pass
        if time.monotonic() - started < 0.05:
            return


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def run_wrk(wrk: str, port: int, script: str, arguments) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        output = subprocess.run(
            [wrk, "-t", str(arguments.threads), "-c", str(arguments.connections),
             "-d", f"{arguments.seconds}s", "--timeout", "30s", "--latency", "-s", file.name,
             f"http://{HOST}:{port}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(file.name)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if "50" not in latency:
        raise RuntimeError(f"wrk printed no latency distribution:\n{output}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "unexpected": int(re.search(r"UNEXPECTED (\d+)", output).group(1)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=database.base_url(), help="PostgreSQL URL (scale 1)")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10, help="per endpoint")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--max-requests", type=int, default=20000, help="per wrk thread")
    parser.add_argument("--port", type=int, default=8765)
    arguments = parser.parse_args()

    wrk = ensure_wrk()
    url = ensure_loaded(arguments.url, arguments.scale, arguments.seed)
    facts = scheme_facts(url)
    started_at = datetime.now(UTC)
    server = start_gunicorn(url, arguments.port)
    results, memory = {}, {}
    try:
        token = post_json(
            arguments.port,
            "/api/v1/auth/login",
            {"email": "manager@scheme000.bench.example", "password": BENCH_PASSWORD},
        )["access_token"]
        limit = arguments.max_requests
        suite = facts["suites"][0]
        scripts = {
            "GET /health (ceiling)": load_scripts.get_script(token, ["/health"], limit),
            "GET /me (signed-in floor)": load_scripts.get_script(token, ["/api/v1/me"], limit),
            "POST /visits": load_scripts.post_visit_script(
                token, visit_body(suite, facts["visitors"]), limit
            ),
            "GET /visits": load_scripts.get_script(
                token, [f"/api/v1/visits?page={n}&page_size=20" for n in range(1, 51)], limit
            ),
            "GET /coverage": load_scripts.get_script(
                token,
                [f"/api/v1/coverage?site_id={site}&year={YEAR}" for site in facts["suites"]],
                limit,
            ),
            "GET /stats/annual": load_scripts.get_script(
                token, [f"/api/v1/stats/annual?year={YEAR}"], limit
            ),
            # Last: argon2 at production cost keeps the workers busy after wrk stops.
            "POST /auth/login": load_scripts.login_script(facts["emails"], BENCH_PASSWORD, limit),
        }
        run_wrk(wrk, arguments.port, scripts["GET /health (ceiling)"], argparse.Namespace(
            threads=1, connections=4, seconds=2))  # fmt: skip
        for name, script in scripts.items():
            wait_until_idle(arguments.port)
            print(f"  {name} ...", flush=True)
            if name == "GET /stats/annual":
                memory["before"] = max(resident_mb(pid) for pid in worker_pids(server.pid))
                with MemoryWatch(server.pid) as watch:
                    results[name] = run_wrk(wrk, arguments.port, script, arguments)
                memory["peak"] = max(watch.peaks.values())
            else:
                results[name] = run_wrk(wrk, arguments.port, script, arguments)
    finally:
        server.terminate()
        server.wait(timeout=30)
        removed = remove_posted_visits(url, started_at)
    return report(results, memory, arguments, removed)


def report(results: dict, memory: dict, arguments, removed: int) -> int:
    ceiling = results["GET /health (ceiling)"]
    print()
    name = database.database_name(database.url_for_scale(arguments.url, arguments.scale))
    print(
        f"HTTP load on {name}"
        f" (scale {arguments.scale:g}): gunicorn, 2 sync workers; wrk, {arguments.connections}"
        f" connections, {arguments.seconds} s per endpoint, on 127.0.0.1."
    )
    print()
    headings = ("endpoint", "req/s", "p50 ms", "p99 ms", "x ceiling", "p99 / ceiling", "non-2xx")
    print(f"  {headings[0]:<24}" + "".join(f" {h:>13}" for h in headings[1:]))
    for name, result in results.items():
        print(
            f"  {name:<24} {result['rps']:>13.1f} {result['p50']:>13.1f} {result['p99']:>13.1f}"
            f" {result['rps'] / ceiling['rps']:>13.2f} {result['p99'] / ceiling['p99']:>13.1f}"
            f" {result['unexpected']:>13}"
        )
    print()
    print(
        f"  Worker memory while serving statistics: {memory['before']:.0f} MB before,"
        f" {memory['peak']:.0f} MB at the peak (largest worker)."
    )
    print(f"  {removed} visits posted by the run were deleted afterwards.")
    print()
    checks = {}
    for name, share in THROUGHPUT_TARGETS.items():
        checks[f"{name} >= {share:.2f} of the ceiling"] = (
            results[name]["rps"] / ceiling["rps"] >= share
        )
    for name in ("POST /visits", "GET /visits", "GET /coverage"):
        checks[f"{name} p99 < {P99_TARGET:g}x the ceiling's"] = (
            results[name]["p99"] < P99_TARGET * ceiling["p99"]
        )
    checks[f"workers under {MEMORY_TARGET_MB} MB serving statistics"] = (
        memory["peak"] < MEMORY_TARGET_MB
    )
    checks["every answer 2xx"] = all(result["unexpected"] == 0 for result in results.values())
    for name, met in checks.items():
        print(f"  target: {name:<48} {'met' if met else 'NOT MET'}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
