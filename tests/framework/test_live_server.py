"""The real server loses nothing under concurrency and faults: gunicorn workers over real HTTP.

Run on PostgreSQL only (ICV_TEST_DATABASE_URL): SQLite has one writer, and the faults are
PostgreSQL's. The server reads what a test committed to the test database; the database outage
is played on a private cluster (initdb, pg_ctl) so the shared server is never stopped. The rate
limit needs Redis on 127.0.0.1:6379, and uses database 9 of it.

Each test prints its figures (requests, answers by status, latencies, the outage's length).
"""

import itertools
import random
import socket
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from argon2 import PasswordHasher
from flask_migrate import upgrade
from sqlalchemy import select

from api import create_app
from icv.admin import schemes
from icv.common.database import db
from icv.models import DetaineeEntry, Issue, Notification, Visit
from tests.support.app import PASSWORD, app_config
from tests.support.live_server import (
    Answer,
    LiveServer,
    PrivatePostgres,
    free_port,
    postgres_bindir,
    spawn,
    stop_group,
)
from tests.support.mail_server import MailServer, parsed
from tests.support.records import count_rows, make_person, make_site
from tests.support.visits import feedback_before

VISITS = "/api/v1/visits"
LOGIN = "/api/v1/auth/login"
PROBLEM = "application/problem+json"
REDIS_URL = "redis://127.0.0.1:6379/9"
FIRST_VISIT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
OUTCOMES = ("seen", "refused", "not_offered", "unavailable", "asleep_observed")
REASONS = {"not_offered": "With the nurse", "unavailable": "In interview"}  # needed for these

pytestmark = pytest.mark.usefixtures("require_postgres")


@pytest.fixture
def require_postgres(is_postgres):
    if not is_postgres:
        pytest.skip("the live server is tested on PostgreSQL; SQLite allows one writer at a time")


@pytest.fixture
def report(request, capsys):
    """`report(**figures)` prints the test's figures and keeps them in its user properties."""

    def write(**figures) -> None:
        request.node.user_properties.extend(figures.items())
        with capsys.disabled():
            listed = ", ".join(f"{name}={value}" for name, value in figures.items())
            print(f"\n[{request.node.name}] {listed}")

    return write


@pytest.fixture
def serve(ctx, database_url_for_tests, tmp_path):
    """`serve(workers, database_url, **env)` -> gunicorn started on the test database (or
    `database_url`); stopped after the test, before its tables are emptied."""
    servers = []

    def start(
        workers: int = 2, database_url: str | None = None, wait_for_health: bool = True, **env
    ) -> LiveServer:
        server = LiveServer(
            {"DATABASE_URL": database_url or database_url_for_tests, **env}, tmp_path, workers
        )
        servers.append(server)
        return server.start(wait_for_health=wait_for_health)

    yield start
    for server in servers:
        server.stop()


def entry(n: int) -> dict:
    """The nth detainee entry: outcomes in turn, with a reason where the outcome needs one."""
    outcome = OUTCOMES[n % len(OUTCOMES)]
    reason = {"reason": REASONS[outcome]} if outcome in REASONS else {}
    return {"ref": f"CU{n:02}", "outcome": outcome, **reason}


def visit_body(site_id: int, visitor_ids: list[int], detainees: int, number: int = 0) -> dict:
    """A draft custody visit under a phone-made id, with `detainees` entries, one issue and the
    feedback given before leaving (so that it may be submitted as it is)."""
    arrived = FIRST_VISIT + timedelta(hours=3 * number)
    return {
        "id": str(uuid.uuid4()),
        "site_id": site_id,
        "visitor_ids": visitor_ids,
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=2)).isoformat(),
        "departed_at": (arrived + timedelta(minutes=80)).isoformat(),
        "detainees": [entry(n) for n in range(detainees)],
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered",
                "raised_by": "detainee",
                "detainee_ref": "CU00",
                "resolved_during_visit": False,
            }
        ],
        "feedback": feedback_before(arrived + timedelta(minutes=80)),
    }


def sent_entries(body: dict) -> list[tuple[str, str]]:
    return sorted((entry["ref"], entry["outcome"]) for entry in body["detainees"])


def stored_entries() -> dict[str, list[tuple[str, str]]]:
    """Each stored visit's detainee entries (ref, outcome), as the database holds them now:
    a visit's totals are counted from these, never stored."""
    db.session.rollback()
    entries = {visit_id: [] for visit_id in db.session.scalars(select(Visit.id))}
    query = select(DetaineeEntry.visit_id, DetaineeEntry.ref, DetaineeEntry.outcome)
    for visit_id, ref, outcome in db.session.execute(query):
        entries[visit_id].append((ref, outcome))
    return {visit_id: sorted(found) for visit_id, found in entries.items()}


def stored_issue_counts() -> Counter:
    return Counter(db.session.scalars(select(Issue.visit_id)))


def run_at_once(calls: list) -> list:
    """Runs each call in its own thread, all released together."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def wait_until(condition, timeout_seconds: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


# Concurrency ---------------------------------------------------------------------------------


def test_five_hundred_retried_submissions_of_a_hundred_visits_store_each_visit_once(
    serve, suite, visitor, partner, report
):
    server = serve(workers=4)
    headers = server.sign_in(visitor.email, PASSWORD)
    bodies = [
        visit_body(suite.id, [visitor.id, partner.id], detainees=1 + number % 12, number=number)
        for number in range(100)
    ]
    submissions = [body for body in bodies for _ in range(5)]
    random.Random(9).shuffle(submissions)  # noqa: S311 - a reproducible order
    started = time.monotonic()

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = list(
            pool.map(lambda body: server.request("POST", VISITS, body, headers), submissions)
        )

    seconds = time.monotonic() - started
    statuses = Counter(answer.status for answer in answers)
    report(
        requests=len(answers),
        statuses=dict(statuses),
        seconds=round(seconds, 1),
        slowest=round(max(answer.seconds for answer in answers), 2),
    )
    assert set(statuses) <= {200, 201}, [a.body for a in answers if a.status not in (200, 201)]
    by_visit = defaultdict(list)
    for body, answer in zip(submissions, answers, strict=True):
        assert answer.body["id"] == body["id"]
        by_visit[body["id"]].append(answer.status)
    assert {visit_id: sorted(found) for visit_id, found in by_visit.items()} == {
        body["id"]: [200, 200, 200, 200, 201] for body in bodies
    }
    assert count_rows("visit") == 100
    assert stored_entries() == {body["id"]: sent_entries(body) for body in bodies}
    assert stored_issue_counts() == dict.fromkeys(by_visit, 1)


def test_twenty_simultaneous_edits_under_one_etag_have_one_winner(
    serve, suite, visitor, partner, report
):
    server = serve(workers=4)
    headers = server.sign_in(visitor.email, PASSWORD)
    created = server.request(
        "POST", VISITS, visit_body(suite.id, [visitor.id, partner.id], detainees=3), headers
    )
    url = f"{VISITS}/{created.body['id']}"
    stale = {**headers, "If-Match": created.headers["etag"]}

    answers = run_at_once(
        [
            lambda phone=phone: server.request("PATCH", url, {"notes": f"phone {phone}"}, stale)
            for phone in range(20)
        ]
    )

    report(requests=len(answers), statuses=dict(Counter(answer.status for answer in answers)))
    assert sorted(answer.status for answer in answers) == [200] + [412] * 19
    losers = [answer for answer in answers if answer.status == 412]
    assert {(answer.content_type, answer.body["status"]) for answer in losers} == {(PROBLEM, 412)}
    (winner,) = (answer for answer in answers if answer.status == 200)
    stored = server.request("GET", url, headers=headers).body
    assert stored["version"] == created.body["version"] + 1
    assert stored["notes"] == winner.body["notes"]


# Rate limits ---------------------------------------------------------------------------------


@pytest.fixture
def redis_storage():
    """Database 9 of the local Redis, empty before and after the test."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


def test_failed_sign_ins_are_limited_in_total_across_workers(serve, visitor, redis_storage, report):
    server = serve(
        workers=2,
        RATELIMIT_STORAGE_URI=redis_storage,
        ICV_LOGIN_LIMIT="5 per minute",
        ICV_LOGIN_IP_LIMIT="1000 per minute",
    )
    wrong = {"email": visitor.email, "password": "not the password at all"}

    answers = []
    for _ in range(10):
        held = server.hold("POST", LOGIN, wrong)
        answers.append(server.request("POST", LOGIN, wrong))
        answers.append(held.finish())

    workers = server.answering_workers(LOGIN)
    report(
        requests=len(answers),
        statuses=dict(Counter(answer.status for answer in answers)),
        workers=len(workers),
    )
    assert len(workers) == 2
    assert [answer.status for answer in answers] == [401] * 5 + [429] * 15
    assert all(answer.headers.get("retry-after") for answer in answers[5:])


def test_failed_sign_ins_sent_at_once_get_no_more_tries_than_the_limit(
    serve, visitor, redis_storage, report
):
    server = serve(
        workers=4,
        RATELIMIT_STORAGE_URI=redis_storage,
        ICV_LOGIN_LIMIT="5 per minute",
        ICV_LOGIN_IP_LIMIT="1000 per minute",
    )
    # A production-cost hash (about a quarter of a second to check), so the guesses overlap.
    visitor.password_hash = PasswordHasher(time_cost=3, memory_cost=65536).hash(PASSWORD)
    db.session.commit()
    wrong = {"email": visitor.email, "password": "not the password at all"}

    answers = run_at_once([lambda: server.request("POST", LOGIN, wrong) for _ in range(20)])

    statuses = Counter(answer.status for answer in answers)
    report(requests=len(answers), statuses=dict(statuses))
    assert statuses == {401: 5, 429: 15}


# A database outage ---------------------------------------------------------------------------


@pytest.fixture
def private_postgres():
    """A PostgreSQL cluster of the test's own on a free port, removed afterwards."""
    bindir = postgres_bindir()
    if bindir is None:
        pytest.skip("initdb and pg_ctl are not installed: the outage needs a private cluster")
    cluster = PrivatePostgres(bindir)
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def private_app(private_postgres):
    """An app on the private cluster, its schema migrated."""
    app = create_app(app_config(private_postgres.url))
    with app.app_context():
        upgrade(revision="heads")
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def seed(app) -> dict:
    """A scheme with a suite and a pair of visitors; their ids and the first one's email."""
    with app.app_context():
        scheme = schemes.create_scheme("Northshire")
        suite = make_site(scheme, "Central Suite", cells=36)
        visitor = make_person(scheme, "visitor")
        partner = make_person(scheme, "visitor", email="partner@northshire.example")
        seeded = {
            "site_id": suite.id,
            "visitor_ids": [visitor.id, partner.id],
            "email": visitor.email,
        }
        db.session.remove()
        return seeded


class Phones:
    """Phones recording visits without pause: each sends a visit until it hears 200 or 201,
    sending the same body again after any other answer, then starts the next visit."""

    def __init__(self, server: LiveServer, headers: dict, site_id: int, visitor_ids: list[int]):
        self.server, self.headers = server, headers
        self.site_id, self.visitor_ids = site_id, visitor_ids
        self.sent: dict[str, dict] = {}
        self.answers: list[tuple[str, Answer]] = []
        self.acknowledged: set[str] = set()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []
        self.numbers = itertools.count()

    def start(self, phones: int) -> None:
        for _ in range(phones):
            thread = threading.Thread(target=self._record_visits)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _record_visits(self) -> None:
        while not self.stopping.is_set():
            number = next(self.numbers)
            body = visit_body(self.site_id, self.visitor_ids, 1 + number % 9, number % 40)
            self.sent[body["id"]] = body
            while not self.stopping.is_set():
                try:
                    answer = self.server.request("POST", VISITS, body, self.headers, timeout=10)
                except OSError as error:
                    answer = Answer(0, {}, {"error": repr(error)}, 0.0, time.monotonic())
                self.answers.append((body["id"], answer))
                if answer.status in (200, 201):
                    self.acknowledged.add(body["id"])
                    break
                time.sleep(0.05)

    def created_since(self, moment: float) -> Answer | None:
        return next(
            (a for _, a in list(self.answers) if a.status == 201 and a.started >= moment), None
        )


def test_a_database_outage_answers_503_at_once_then_recovers_having_lost_nothing(
    private_postgres, private_app, serve, report
):
    seeded = seed(private_app)
    server = serve(workers=2, database_url=private_postgres.url)
    phones = Phones(
        server,
        server.sign_in(seeded["email"], PASSWORD),
        seeded["site_id"],
        seeded["visitor_ids"],
    )
    phones.start(4)
    try:
        assert wait_until(lambda: len(phones.acknowledged) >= 10, 10)
        stop_began = time.monotonic()
        private_postgres.stop("fast")
        stopped = time.monotonic()
        time.sleep(3)
        restart_began = time.monotonic()
        private_postgres.start()
        restarted = time.monotonic()
        assert wait_until(lambda: phones.created_since(restarted), 10)
        recovered = phones.created_since(restarted).finished
        time.sleep(1)
    finally:
        phones.stop()

    answers = [answer for _, answer in phones.answers]
    during = [a for a in answers if a.started >= stopped and a.finished <= restart_began]
    unavailable = [a for a in answers if a.status == 503]
    report(
        requests=len(answers),
        statuses=dict(Counter(answer.status for answer in answers)),
        visits_acknowledged=len(phones.acknowledged),
        outage_seconds=round(restart_began - stop_began, 2),
        answers_during_outage=len(during),
        slowest_503=round(max(a.seconds for a in unavailable), 3) if unavailable else None,
        back_to_201_after_restart=round(recovered - restarted, 2),
    )
    assert set(Counter(answer.status for answer in answers)) <= {200, 201, 503}, [
        answer.body for answer in answers if answer.status not in (200, 201, 503)
    ]
    assert during
    assert {answer.status for answer in during} == {503}
    assert all(answer.content_type == PROBLEM for answer in unavailable)
    assert all(answer.headers.get("retry-after") for answer in unavailable)
    assert max(answer.seconds for answer in unavailable) < 3
    assert recovered - restarted < 5
    assert server.running
    assert len(server.answering_workers(VISITS)) == 2
    with private_app.app_context():
        stored = stored_entries()
        issues = stored_issue_counts()
        db.session.remove()
    assert phones.acknowledged <= set(stored)
    assert {visit_id: sent_entries(phones.sent[visit_id]) for visit_id in stored} == stored
    assert issues == dict.fromkeys(stored, 1)


@pytest.fixture
def silent_database():
    """The URL of a "database" that takes new connections and never says a word: the kernel
    completes the handshake, nothing ever answers (the pool holds no connection yet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        yield f"postgresql+psycopg://postgres@127.0.0.1:{listener.getsockname()[1]}/icv"


def test_a_database_that_never_answers_gets_a_503_before_the_worker_timeout(
    serve, silent_database, report
):
    server = serve(workers=1, database_url=silent_database, wait_for_health=False)

    answer = server.request(
        "POST", LOGIN, {"email": "visitor@northshire.example", "password": PASSWORD}, timeout=60
    )

    report(status=answer.status, seconds=round(answer.seconds, 2))
    assert (answer.status, answer.content_type) == (503, PROBLEM)
    assert answer.headers.get("retry-after")
    assert answer.seconds < 10


# Mail while SMTP is down ---------------------------------------------------------------------


@pytest.fixture
def notifier(ctx, database_url_for_tests, tmp_path):
    """`notifier(smtp_port)` -> `icv notify --loop` running on the test database, sending to
    that port every 0.2 s and retrying a failed send after 1 s (doubling)."""
    processes = []

    def start(smtp_port: int):
        env = {
            "DATABASE_URL": database_url_for_tests,
            "ICV_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "ICV_MAIL_FROM": "icv@test.example",
            "ICV_NOTIFY_INTERVAL_SECONDS": "0.2",
            "ICV_NOTIFY_FIRST_RETRY_SECONDS": "1",
        }
        icv = str(Path(sys.executable).with_name("icv"))
        process = spawn([icv, "notify", "--loop"], env, tmp_path / "notify.log")
        processes.append(process)
        return process

    yield start
    for process in processes:
        stop_group(process)


@pytest.fixture
def smtp_later():
    """An SMTP server on a free port that is started only when the test says so."""
    server = MailServer(free_port())
    yield server
    server.stop()


def outbox() -> list:
    """The outbox's delivery columns as they are now, one row per notification."""
    db.session.rollback()
    columns = (
        Notification.id,
        Notification.email_status,
        Notification.email_attempts,
        Notification.email_last_error,
        Notification.email_sent_at,
    )
    return list(db.session.execute(select(*columns).order_by(Notification.id)))


def test_mail_waits_while_smtp_is_down_and_goes_once_when_it_is_back(
    record, suite, visitor, partner, visitor_headers, inspector, notifier, smtp_later, report
):
    for number in range(4):
        body = visit_body(suite.id, [visitor.id, partner.id], detainees=2, number=number)
        body["issues"].append({**body["issues"][0], "description": "Cell 4 too cold"})
        record(visitor_headers, {**body, "status": "submitted"})
    expected = {f"<icv-notification-{row.id}@test.example>" for row in outbox()}
    worker = notifier(smtp_later.port)

    assert wait_until(lambda: all(row.email_attempts >= 1 for row in outbox()), 20)
    while_down = outbox()
    smtp_later.start()
    back = time.monotonic()
    assert wait_until(lambda: all(row.email_status == "sent" for row in outbox()), 20)
    delivered_after = time.monotonic() - back
    time.sleep(1)

    received = Counter(parsed(envelope)["Message-ID"] for envelope in smtp_later.received)
    report(
        notifications=len(expected),
        failed_attempts_while_down=sum(row.email_attempts for row in while_down),
        delivered_seconds_after_smtp_up=round(delivered_after, 1),
        messages_received=sum(received.values()),
    )
    assert worker.poll() is None
    assert len(expected) == 8
    assert {(row.email_status, row.email_sent_at) for row in while_down} == {("pending", None)}
    assert all(row.email_last_error for row in while_down)
    assert received == dict.fromkeys(expected, 1)
    assert {row.email_status for row in outbox()} == {"sent"}
