"""A phone on poor signal: requests, bytes on the wire and time of each journey against the floor
the network allows, in Debian's Chromium with DevTools network emulation.

Serves the app with gunicorn (`make run`'s settings) on DATABASE_URL (default: the demo on a
fresh SQLite file; PostgreSQL with the demo or a national-scale scheme when set), then for each
profile - "poor signal" (400 ms round trip, 400 kbit/s each way) and "good 4G" (60 ms,
10 Mbit/s) - runs each journey in a Chromium page whose network is emulated through a CDP
session (`Network.emulateNetworkConditions`), counting requests and encoded bytes from the
DevTools Network events. For each journey it prints requests, bytes on the wire, time, the
floor (round trips x latency + bytes / bandwidth; a request is one round trip on a warm
connection) and time / floor.

Journeys through the API (fetch from a page on the app's origin, as the field app does):
- home: `GET /me` and `GET /me/home` side by side (one round trip);
- open slots of four weeks: `GET /slots/open?weeks=4`;
- sending one recorded visit with 10 detainees: one `POST /visits`;
- a day's resync: `GET /visits|issues|notifications?updated_since=<yesterday>` with the
  validators of the last sync (`If-None-Match`), so what did not change costs a 304.
Journeys of the field app itself (run only when `web/index.html` exists): the first visit,
cold, to the sign-in form (its bytes are the app shell, compressed: goal at most 100 KB); the
warm start offline (the service worker's cache); and the home after signing in through the
app's form (requests from submitting the form to the home drawn with its "Coming up").

    .venv/bin/python bench/phone.py [--base-url http://127.0.0.1:8000] [--profile poor]

Goals: home at most 2 requests and 15 KB, a visit in 1 request, app shell at most 100 KB
compressed, every journey within 1.5x its floor on "poor signal".
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import sync_playwright

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILES = {
    "poor": {"latency_ms": 400, "kbit": 400},
    "4g": {"latency_ms": 60, "kbit": 10_000},
}
SHELL_BUDGET = 100 * 1024
VISITOR = {"email": "visitor@demo.example", "password": "demo-visitor"}


def serve(database_url: str | None, port: int) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ)
    if database_url is None:
        folder = tempfile.mkdtemp(prefix="icv-phone-")
        database_url = f"sqlite:///{folder}/icv.sqlite3"
    env["DATABASE_URL"] = database_url
    icv = os.path.join(PROJECT, ".venv", "bin", "icv")
    subprocess.run([icv, "db", "upgrade", "heads"], env=env, check=True, cwd=PROJECT)
    subprocess.run([icv, "demo"], env=env, check=True, cwd=PROJECT, stdout=subprocess.DEVNULL)
    gunicorn = os.path.join(PROJECT, ".venv", "bin", "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "--bind", f"127.0.0.1:{port}", "wsgi:app"], env=env, cwd=PROJECT
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/health", timeout=1)  # noqa: S310
            return server, base
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


class Wire:
    """Requests and encoded bytes seen by DevTools on one page."""

    def __init__(self, cdp):
        self.requests, self.bytes = 0, 0
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        self.requests += 1

    def _finished(self, event):
        self.bytes += int(event.get("encodedDataLength", 0))

    def reset(self):
        self.requests, self.bytes = 0, 0


def emulate(cdp, profile: dict, offline: bool = False) -> None:
    throughput = profile["kbit"] * 1000 / 8
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": profile["latency_ms"],
            "downloadThroughput": throughput,
            "uploadThroughput": throughput,
        },
    )


FETCH = """async ([calls]) => {
  const answers = [];
  for (const group of calls) {
    const results = await Promise.all(group.map(([method, path, body, headers]) =>
      fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined})
        .then(async r => ({status: r.status, etag: r.headers.get('ETag'),
                           text: r.status === 304 ? '' : await r.text()}))));
    answers.push(...results);
  }
  return answers;
}"""


def journey(page, wire, profile, name: str, calls: list[list[tuple]]) -> dict:
    """Runs groups of calls (the calls in a group side by side: one round trip for the group)."""
    wire.reset()
    started = time.perf_counter()
    answers = page.evaluate(FETCH, [calls])
    elapsed = time.perf_counter() - started
    time.sleep(0.2)  # the last loadingFinished events
    round_trips = len(calls)
    floor = round_trips * profile["latency_ms"] / 1000 + wire.bytes * 8 / (profile["kbit"] * 1000)
    return {
        "journey": name,
        "requests": wire.requests,
        "bytes": wire.bytes,
        "seconds": elapsed,
        "floor": floor,
        "ratio": elapsed / floor if floor else 0.0,
        "statuses": [answer["status"] for answer in answers],
        "answers": answers,
    }


def visit_body(visitor_id: int, partner_id: int, site_id: int) -> dict:
    arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    return {
        "id": str(uuid.uuid4()),
        "site_id": site_id,
        "visitor_ids": [visitor_id, partner_id],
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=3)).isoformat(),
        "departed_at": (arrived + timedelta(hours=1)).isoformat(),
        "status": "draft",
        "detainees": [
            {"ref": f"C{n}", "outcome": "seen" if n % 3 else "refused"} for n in range(1, 11)
        ],
    }


def api_journeys(page, wire, profile, token: str) -> list[dict]:
    auth = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    me = json.loads(
        journey(page, wire, profile, "me", [[("GET", "/api/v1/me", None, auth)]])["answers"][0][
            "text"
        ]
    )
    results = [
        journey(
            page,
            wire,
            profile,
            "home after sign-in",
            [
                [
                    ("GET", "/api/v1/me", None, auth),
                    ("GET", "/api/v1/me/home", None, auth),
                ]
            ],
        ),
        journey(
            page,
            wire,
            profile,
            "open slots of four weeks",
            [[("GET", "/api/v1/slots/open?weeks=4&page_size=100", None, auth)]],
        ),
    ]
    sites = json.loads(
        journey(page, wire, profile, "sites", [[("GET", "/api/v1/sites", None, auth)]])["answers"][
            0
        ]["text"]
    )
    suite = next(site for site in sites if site["kind"] == "custody_suite")
    visits = json.loads(
        journey(page, wire, profile, "visits", [[("GET", "/api/v1/visits", None, auth)]])[
            "answers"
        ][0]["text"]
    )
    partner = next(
        (pid for visit in visits for pid in visit["visitor_ids"] if pid != me["id"]), me["id"]
    )
    body = visit_body(me["id"], partner, suite["id"])
    results.append(
        journey(
            page,
            wire,
            profile,
            "send a visit with 10 detainees",
            [[("POST", "/api/v1/visits", body, {**auth, "Content-Type": "application/json"})]],
        )
    )
    since = (datetime.now(UTC) - timedelta(days=1)).isoformat().replace("+", "%2B")
    lists = [
        f"/api/v1/{name}?updated_since={since}"
        for name in ("visits", "issues", "notifications", "claims")
    ]
    first = journey(page, wire, profile, "resync", [[("GET", path, None, auth) for path in lists]])
    etags = [answer["etag"] for answer in first["answers"]]
    results.append(
        journey(
            page,
            wire,
            profile,
            "a day's resync (validators of the last)",
            [
                [
                    ("GET", path, None, {**auth, "If-None-Match": etag or ""})
                    for path, etag in zip(lists, etags, strict=True)
                ]
            ],
        )
    )
    return results


def shell_journeys(browser, base, profile) -> list[dict]:
    """The field app's cold start to the sign-in form, its warm start offline, and its home
    after signing in through the form."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    emulate(cdp, profile)
    wire = Wire(cdp)
    started = time.perf_counter()
    page.goto(f"{base}/", wait_until="networkidle")
    page.wait_for_selector("input[type=password]")
    cold = time.perf_counter() - started
    results = [_shell_row("cold start to sign-in (app shell)", wire, profile, cold)]
    emulate(cdp, profile, offline=True)
    wire.reset()
    started = time.perf_counter()
    page.reload(wait_until="load")
    page.wait_for_selector("input[type=password]")
    seconds = time.perf_counter() - started
    results.append(_shell_row("warm start offline", wire, profile, seconds, offline=True))
    emulate(cdp, profile)
    page.reload(wait_until="networkidle")
    page.fill("input[type=email]", VISITOR["email"])
    page.fill("input[type=password]", VISITOR["password"])
    wire.reset()
    started = time.perf_counter()
    page.press("input[type=password]", "Enter")
    page.wait_for_selector("#next-title ~ *", timeout=60_000)
    seconds = time.perf_counter() - started
    time.sleep(0.2)
    results.append(_shell_row("home after sign-in, in the app", wire, profile, seconds))
    context.close()
    return results


def _shell_row(name, wire, profile, seconds, offline: bool = False) -> dict:
    """Each request counted as a round trip (an upper bound of the floor: the shell's modules
    load side by side); offline, nothing crosses the network and the floor is 0."""
    round_trips = 0 if offline else max(1, wire.requests)
    floor = round_trips * profile["latency_ms"] / 1000 + wire.bytes * 8 / (profile["kbit"] * 1000)
    return {
        "journey": name,
        "requests": wire.requests,
        "bytes": wire.bytes,
        "seconds": seconds,
        "floor": floor,
        "ratio": seconds / floor if floor else 0.0,
        "statuses": [],
    }


def print_table(profile_name: str, rows: list[dict]) -> None:
    print(f"\n{profile_name}")
    print("| journey | requests | bytes | time s | floor s | time/floor |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        ratio = f"{row['ratio']:.2f}" if row["floor"] else "-"
        print(
            f"| {row['journey']} | {row['requests']} | {row['bytes']} | {row['seconds']:.2f} "
            f"| {row['floor']:.2f} | {ratio} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", help="an app already serving (else one is started)")
    parser.add_argument("--profile", choices=[*PROFILES, "all"], default="all")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = None
    base = args.base_url
    if base is None:
        server, base = serve(os.environ.get("DATABASE_URL"), args.port)
    try:
        login = urllib.request.Request(  # noqa: S310
            f"{base}/api/v1/auth/login",
            data=json.dumps(VISITOR).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.load(urllib.request.urlopen(login))["access_token"]  # noqa: S310
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            names = list(PROFILES) if args.profile == "all" else [args.profile]
            for name in names:
                profile = PROFILES[name]
                context = browser.new_context()
                page = context.new_page()
                # A blank page on the app's origin (the API's own answers forbid scripts).
                page.route(
                    f"{base}/phone-bench",
                    lambda route: route.fulfill(body="<html></html>", content_type="text/html"),
                )
                page.goto(f"{base}/phone-bench")
                cdp = context.new_cdp_session(page)
                emulate(cdp, profile)
                rows = api_journeys(page, Wire(cdp), profile, token)
                context.close()
                if os.path.exists(os.path.join(PROJECT, "web", "index.html")):
                    rows = shell_journeys(browser, base, profile) + rows
                else:
                    print("(web/index.html not there: the app-shell journeys are skipped)")
                print_table(f"{name}: {profile['latency_ms']} ms, {profile['kbit']} kbit/s", rows)
                if rows[0]["journey"].startswith("cold start"):
                    shell = rows[0]["bytes"]
                    verdict = "within" if shell <= SHELL_BUDGET else "over"
                    print(f"app shell: {shell} bytes on the wire, {verdict} {SHELL_BUDGET}")
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
