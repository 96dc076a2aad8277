"""SQL statements per request do not grow with what a visit or a year holds (no N+1 queries).

Each test makes the same request at two data sizes and counts the statements the database was
sent (SQLAlchemy's `before_cursor_execute` event): recording a visit with 1 or 25 detainees,
reading a page of a few or of many full visits, and the annual statistics of a small or a busy
year. A batched insert of many rows is one statement, as the database sees it.

SQLite returns inserted ids in no guaranteed order for a batch, so SQLAlchemy inserts rows
whose ids it needs one at a time there (in-process calls, not round trips to a server). On
SQLite a run of the same INSERT therefore counts once, as PostgreSQL receives it; on
PostgreSQL every statement counts.
"""

import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import event

from icv.common.database import db
from icv.visits.recording import create_visit
from tests.support.records import make_person
from tests.support.visits import feedback_before, make_visitors

FIRST_ARRIVAL = datetime.fromisoformat("2024-01-08T10:00:00+00:00")


class StatementCounter:
    def __init__(self, collapse_insert_runs: bool) -> None:
        self.collapse_insert_runs = collapse_insert_runs
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        if not self.collapse_insert_runs:
            return len(self.statements)
        return sum(
            1
            for index, statement in enumerate(self.statements)
            if not (
                index and statement.startswith("INSERT") and statement == self.statements[index - 1]
            )
        )


@contextmanager
def counting_statements():
    counter = StatementCounter(collapse_insert_runs=db.engine.dialect.name == "sqlite")
    event.listen(db.engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(db.engine, "before_cursor_execute", counter)


def visit_body(site, visitors, number: int, *, detainees: int, issues: int) -> dict:
    """A submitted custody visit with `detainees` entries and `issues` issues (JSON-ready)."""
    arrived = FIRST_ARRIVAL + timedelta(days=number)
    entries = [
        {"ref": f"C{n:03d}", "outcome": ("seen", "refused", "asleep_observed")[n % 3]}
        for n in range(detainees)
    ]
    for entry in entries:
        if entry["outcome"] == "seen":
            entry.update(
                gender="male",
                age_group="25_34",
                ethnicity="white",
                observations={"rights_and_entitlements_given": "yes", "cell_clean": "no"},
            )
    seen = [entry["ref"] for entry in entries if entry["outcome"] == "seen"]
    return {
        "id": str(uuid.uuid4()),
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived.isoformat(),
        "admitted_at": (arrived + timedelta(minutes=3)).isoformat(),
        "departed_at": (arrived + timedelta(minutes=90)).isoformat(),
        "status": "submitted",
        "detainees": entries,
        "issues": [
            {
                "category": ("food_and_drink", "cell_and_contents")[n % 2],
                "description": f"Issue {n}",
                "raised_by": "detainee",
                "detainee_ref": seen[n % len(seen)],
                "resolved_during_visit": n % 3 == 0,
            }
            for n in range(issues)
        ],
        "checks": {"cells_clean": {"result": "ok"}},
        "feedback": feedback_before(arrived + timedelta(minutes=90)),
    }


def record_visits(site, manager, visitors, count: int, *, detainees: int, issues: int) -> None:
    """Visits written through the domain (as the API would), one a day from FIRST_ARRIVAL."""
    for number in range(count):
        body = visit_body(site, visitors, number, detainees=detainees, issues=issues)
        data = {
            **body,
            **{key: datetime.fromisoformat(body[key]) for key in ("arrived_at", "admitted_at")},
            "departed_at": datetime.fromisoformat(body["departed_at"]),
        }
        create_visit(site.scheme, manager, data)


def statements_of(client, method: str, url: str, headers: dict, **kwargs) -> int:
    """Statements of one request, made in an app context (and so a session) of its own, as in
    production: nothing the test itself loaded is reused or refreshed."""
    with client.application.app_context(), counting_statements() as counter:
        response = client.open(url, method=method, headers=headers, **kwargs)
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    return counter.count


def test_recording_a_visit_costs_the_same_statements_whatever_it_holds(
    client, scheme, suite, manager, login
):
    make_person(scheme, "inspector", site_ids=[suite.id])  # told of each unresolved issue
    visitors = make_visitors(scheme, 2)
    headers = login(manager)

    def post(number: int, detainees: int, issues: int) -> int:
        body = visit_body(suite, visitors, number, detainees=detainees, issues=issues)
        return statements_of(client, "POST", "/api/v1/visits", headers, json=body)

    post(0, detainees=2, issues=1)  # the first request of a run warms nothing up that counts
    small = post(1, detainees=2, issues=2)
    large = post(2, detainees=25, issues=12)

    assert large == small


def test_a_page_of_visits_costs_the_same_statements_however_full_the_visits(
    client, scheme, suite, manager, login
):
    visitors = make_visitors(scheme, 2)
    headers = login(manager)
    record_visits(suite, manager, visitors, 3, detainees=1, issues=1)
    small = statements_of(client, "GET", "/api/v1/visits?page_size=20", headers)

    record_visits(suite, manager, visitors, 25, detainees=20, issues=6)
    large = statements_of(client, "GET", "/api/v1/visits?page_size=20", headers)

    assert large == small


def test_annual_statistics_cost_the_same_statements_however_busy_the_year(
    client, scheme, suite, dog_unit, manager, login
):
    visitors = make_visitors(scheme, 3)
    headers = login(manager)
    url = "/api/v1/stats/annual?year=2023"
    record_visits(suite, manager, visitors[:2], 2, detainees=2, issues=1)
    small = statements_of(client, "GET", url, headers)

    record_visits(suite, manager, visitors[1:], 40, detainees=15, issues=4)
    make_visitors(scheme, 10, prefix="recruit")
    large = statements_of(client, "GET", url, headers)

    assert large == small
