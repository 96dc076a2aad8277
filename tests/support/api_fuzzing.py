"""Property-based API testing with schemathesis, in-process, as each role in turn.

`fuzz(app, roles, max_examples)` loads the app's own `/api/v1/openapi.json`, and for every
operation and role sends generated requests (bodies and queries from the documented schemas;
path ids half the time those of real records of `tests.support.api_world`, else generated; half
the time odd query values, such as digits beyond ASCII, in declared parameters and in one not
declared), signed in as the role (again after each write, which may have signed it out). Every
response goes through each check of `CHECKS` and every failure is collected (none is raised, so
one run shows them all): `tests.framework.test_api_fuzz` asserts on them with a few examples,
`bench/fuzz.py` runs long and prints a summary.

The world is written again after an operation that wrote rows, so an operation never runs as
someone a previous one suspended, or on records another deleted.
"""

import json
import time
from collections import Counter
from dataclasses import dataclass, field

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as seed_of
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema, SerializationError, UnresolvableReference
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.extensions import limiter
from icv.common.database import db
from tests.support.api_world import build_world, empty_database, row_counts
from tests.support.app import PASSWORD

SPEC_PATH = "/api/v1/openapi.json"
LOGIN = "/api/v1/auth/login"
ROLES = ("manager", "visitor", "inspector", "viewer")
CHECKS = {
    "not_a_server_error": not_a_server_error,
    "status_code_conformance": status_code_conformance,
    "content_type_conformance": content_type_conformance,
    "response_schema_conformance": response_schema_conformance,
    "response_headers_conformance": response_headers_conformance,
}
# Findings of this name: no request could be generated, the operation's definition is invalid.
DOCUMENT = "valid_definition"
# Path parameter -> the name in World.ids of a real record to put there.
REAL_IDS = {
    "visit_id": "visit_id",
    "issue_id": "issue_id",
    "person_id": "person_id",
    "site_id": "site_id",
    "plan_id": "plan_id",
    "item_id": "item_id",
    "activity_id": "activity_id",
    "meeting_id": "meeting_id",
    "claim_id": "claim_id",
    "token": "calendar_token",
    "year": "year",
}


@dataclass(frozen=True)
class Finding:
    role: str
    operation: str  # "PATCH /api/v1/visits/{visit_id}"
    check: str
    status: int
    title: str
    message: str
    request: str  # method, URL and body sent

    def line(self) -> str:
        return f"{self.operation} as {self.role} -> {self.status}: {self.title}"


@dataclass
class FuzzReport:
    roles: tuple[str, ...]
    operations: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def failing(self, check: str, role: str | None = None) -> dict[str, Finding]:
        """Operation -> its first finding of this check (for one role, or any)."""
        found: dict[str, Finding] = {}
        for finding in self.findings:
            if finding.check == check and role in (None, finding.role):
                found.setdefault(finding.operation, finding)
        return found


def load_schema(app: Flask):
    return schemathesis.openapi.from_wsgi(SPEC_PATH, app)


def operations_of(schema) -> list:
    """Every operation of the document, GETs first (they write nothing, so share a world)."""
    operations = [result.ok() for result in schema.get_all_operations()]
    return sorted(operations, key=lambda op: (op.method.upper() != "GET", op.path, op.method))


def _body_text(body) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if not isinstance(body, str):
        body = "" if body is None or type(body).__name__ == "NotSet" else json.dumps(body)
    return body[:300]


def _describe(case, response) -> str:
    request = response.request
    return f"{request.method} {request.url} {_body_text(request.body)}".strip()


# Query values that generating from the documented schemas seldom sends: digits beyond ASCII
# (some int() reads, "٣"; some it refuses though str.isdigit() holds, "³"), any other text,
# and nothing at all.
ODD_QUERY_VALUES = st.one_of(
    st.sampled_from(["", "\u00b3", "\u00b9", "\u0663", "\uff13", "\u2460", "-\u00b2", "1\u00b3"]),
    st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=6),
    st.text(max_size=8),
)
UNDECLARED_PARAMETERS = st.one_of(
    st.sampled_from(["x", "q", "id", "sort", "\u00b3"]),
    st.text(st.characters(categories=("L", "N")), min_size=1, max_size=8),
)


@st.composite
def with_odd_query(draw, cases, declared: list[str]):
    """A generated case with odd values (`ODD_QUERY_VALUES`) in some of the query parameters
    its operation declares, and in one it does not, which the app must ignore."""
    case = draw(cases)
    query = dict(case.query or {})
    for name in declared:
        if draw(st.booleans()):
            query[name] = draw(ODD_QUERY_VALUES)
    query[draw(UNDECLARED_PARAMETERS)] = draw(ODD_QUERY_VALUES)
    return case.derive(query=query, keep_auth=True)


def _strategy(operation, ids: dict):
    """Cases from the document, their path ids half the time those of real records, and half
    the time with an odd query string (`with_odd_query`)."""
    names = [parameter.name for parameter in operation.path_parameters]
    generated = operation.as_strategy()
    if names and all(name in REAL_IDS for name in names):
        real = {name: ids[REAL_IDS[name]] for name in names}
        generated = st.one_of(operation.as_strategy(path_parameters=real), generated)
    declared = [parameter.name for parameter in operation.query]
    return st.one_of(generated, with_odd_query(generated, declared))


class Credentials:
    """The role's access token, signed in again after a write (which may have signed it out,
    or ended its sessions) or a 401."""

    def __init__(self, client, email: str):
        self.client, self.email, self.headers = client, email, None

    def current(self) -> dict:
        if self.headers is None:
            credentials = {"email": self.email, "password": PASSWORD}
            response = self.client.post(LOGIN, json=credentials)
            if response.status_code == 429:  # after many fuzzed sign-ins that failed
                limiter.reset()
                response = self.client.post(LOGIN, json=credentials)
            assert response.status_code == 200, response.get_data(as_text=True)
            self.headers = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
        return self.headers

    def after(self, method: str, status: int) -> None:
        if method.upper() != "GET" or status == 401:
            self.headers = None


def _runner(report: FuzzReport, checks: dict, role, credentials, label, operation, ids):
    """A Hypothesis test sending one operation's generated requests as `role`."""

    @given(case=_strategy(operation, ids))
    def run(case):
        # Bodies as sent plain: the test client does not decode Brotli (test_compression does).
        headers = {**(credentials.current() or {}), "Accept-Encoding": "identity"}
        report.requests += 1
        try:
            response = case.call(headers=headers)
        except Exception as error:  # noqa: BLE001 - the app raised: a 500 in production
            credentials.after(case.method, 500)
            report.statuses[500] += 1
            report.findings.append(
                Finding(
                    role=role,
                    operation=label,
                    check="not_a_server_error",
                    status=500,
                    title=f"Unhandled {type(error).__name__}",
                    message=str(error).split("\n")[0],
                    request=f"{case.method} {case.formatted_path} {_body_text(case.body)}",
                )
            )
            return
        report.statuses[response.status_code] += 1
        credentials.after(case.method, response.status_code)
        for name, check in checks.items():
            try:
                case.validate_response(response, checks=[check], headers=headers)
            except FailureGroup as group:
                failures = group.exceptions
            except AssertionError as failure:
                failures = [failure]
            else:
                continue
            for failure in failures:
                report.findings.append(
                    Finding(
                        role=role,
                        operation=label,
                        check=name,
                        status=response.status_code,
                        title=getattr(failure, "title", type(failure).__name__),
                        message=getattr(failure, "message", str(failure)),
                        request=_describe(case, response),
                    )
                )

    return run


def fuzz(
    app: Flask,
    roles: tuple[str, ...] = ROLES,
    max_examples: int = 5,
    *,
    derandomize: bool = True,
    seed: int | None = None,
    checks: dict = CHECKS,
    schema=None,
    progress=None,
) -> FuzzReport:
    """Runs every operation as each role; returns what each check found.

    `derandomize` sends the same requests each run; else `seed` picks them (None: at random).
    `progress(role, report)` is called after each role.
    """
    schema = schema or load_schema(app)
    hypothesis_settings = settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=derandomize and seed is None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )

    def as_hypothesis_test(run):
        run = hypothesis_settings(run)
        return run if seed is None else seed_of(seed)(run)

    report = FuzzReport(roles=tuple(roles))
    started = time.perf_counter()
    # As in production: an unhandled error is a 500 answer (which the checks catch), not an
    # exception out of the test client.
    propagate = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        with app.app_context():
            for role in roles:
                _fuzz_as(app, role, operations_of(schema), report, checks, as_hypothesis_test)
                if progress:
                    progress(role, report)
            empty_database()
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = propagate
    report.seconds = time.perf_counter() - started
    return report


def _written_rows() -> dict[str, int]:
    """Rows per table, but sign-ins (each operation signs in): what a request may have written.
    An update alone goes unseen, but every accepted change writes its audit event."""
    db.session.expire_all()
    counts = row_counts()
    counts.pop("auth_session")
    return counts


def _fuzz_as(app, role, operations, report, checks, as_hypothesis_test) -> None:
    client = app.test_client()
    world = None
    for operation in operations:
        if world is None:
            empty_database()
            world = build_world()
        label = f"{operation.method.upper()} {operation.path}"
        credentials = Credentials(client, world.emails[role])
        before = _written_rows()
        run = as_hypothesis_test(
            _runner(report, checks, role, credentials, label, operation, world.ids)
        )
        try:
            run()
        except (InvalidSchema, SerializationError, UnresolvableReference) as error:
            report.findings.append(
                Finding(
                    role=role,
                    operation=label,
                    check=DOCUMENT,
                    status=0,
                    title=f"{type(error).__name__}: {str(error).splitlines()[0]}",
                    message=str(error),
                    request="",
                )
            )
        report.operations += 1
        if operation.method.upper() != "GET" and _written_rows() != before:
            world = None  # the next operation starts from the world as built


__all__ = ["CHECKS", "DOCUMENT", "ROLES", "Finding", "FuzzReport", "fuzz", "load_schema"]
