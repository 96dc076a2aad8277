"""Property-based API testing: schemathesis against the app's own OpenAPI document, in-process.

For each role (manager, visitor, inspector, viewer) every documented operation gets a few
generated requests (`MAX_EXAMPLES`, derandomized: the same ones each run) signed in as that
role, on the small world of `tests.support.api_world`; half of them carry odd query strings
(digits beyond ASCII such as "³" or "٣", other Unicode, empty values, an undeclared parameter).
The checks:

- no answer is a server error (5xx, or an exception out of the app);
- each answer conforms to the document: its status, content type, body schema and headers.

Where the document is wrong, the conformance test is a strict xfail naming what is missing
(`SPEC_GAPS`), and the tests under "The document itself" say it precisely, so that fixing the
document turns them into passes (and the strict xfail into a failure to remove the mark).
Bugs the fuzzing found are pinned by plain tests at the end (strict xfails until fixed).

`bench/fuzz.py` runs the same with many more examples and prints a summary.
"""

import pytest

pytest.importorskip("schemathesis", reason="schemathesis 4 is needed for the fuzzing tests")

from api.extensions import limiter  # noqa: E402
from tests.support.api_fuzzing import DOCUMENT, ROLES, FuzzReport, fuzz  # noqa: E402
from tests.support.api_world import build_world, sign_in  # noqa: E402
from tests.support.problems import assert_problem, errors_answered  # noqa: E402
from tests.support.records import count_rows  # noqa: E402

MAX_EXAMPLES = 5
API = "/api/v1"


# check -> role -> why the document fails it (roles not named conform).
SPEC_GAPS: dict[str, dict[str, str]] = {}


@pytest.fixture(scope="module")
def reports(app):
    """Role -> its fuzzing report, run once per role for all the tests of the module."""
    done: dict[str, FuzzReport] = {}

    def report_for(role: str) -> FuzzReport:
        if role not in done:
            done[role] = fuzz(app, (role,), MAX_EXAMPLES)
            limiter.reset()
        return done[role]

    yield report_for
    limiter.reset()


def summary(report: FuzzReport, check: str, role: str) -> str:
    failing = report.failing(check, role)
    lines = [f"{len(failing)} operations fail {check} as {role}:"]
    lines += [f"  {finding.line()}\n    {finding.message[:400]}" for finding in failing.values()]
    return "\n".join(lines)


def role_params(check: str) -> list:
    gaps = SPEC_GAPS.get(check, {})
    return [
        pytest.param(
            role,
            id=role,
            marks=[pytest.mark.xfail(reason=gaps[role], strict=True)] if role in gaps else [],
        )
        for role in ROLES
    ]


# The answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", role_params("not_a_server_error"))
def test_no_request_gets_a_server_error(reports, role):
    report = reports(role)
    assert report.operations >= 50, "the document lost operations?"
    assert report.requests >= report.operations
    unexplained = [finding for finding in report.findings if finding.check == "not_a_server_error"]

    assert unexplained == [], "\n".join(f"{f.line()}\n  {f.request}" for f in unexplained)


@pytest.mark.parametrize("role", role_params("status_code_conformance"))
def test_every_status_is_documented(reports, role):
    report = reports(role)

    assert report.failing("status_code_conformance", role) == {}, summary(
        report, "status_code_conformance", role
    )


@pytest.mark.parametrize("role", role_params("content_type_conformance"))
def test_every_content_type_is_documented(reports, role):
    report = reports(role)

    assert report.failing("content_type_conformance", role) == {}, summary(
        report, "content_type_conformance", role
    )


@pytest.mark.parametrize("role", role_params("response_schema_conformance"))
def test_every_body_matches_its_documented_schema(reports, role):
    report = reports(role)

    assert report.failing("response_schema_conformance", role) == {}, summary(
        report, "response_schema_conformance", role
    )


@pytest.mark.parametrize("role", role_params("response_headers_conformance"))
def test_every_documented_header_conforms(reports, role):
    report = reports(role)

    assert report.failing("response_headers_conformance", role) == {}, summary(
        report, "response_headers_conformance", role
    )


@pytest.mark.parametrize("role", role_params(DOCUMENT))
def test_every_operation_can_be_fuzzed(reports, role):
    """Each operation's definition is valid enough to generate requests from."""
    report = reports(role)

    assert report.failing(DOCUMENT, role) == {}, summary(report, DOCUMENT, role)


# The document itself -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec(app) -> dict:
    return app.test_client().get(f"{API}/openapi.json").get_json()


def walk(node, path=()):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def test_numeric_bounds_are_numbers(spec):
    bad = [
        "/".join(map(str, (*path, key)))
        for path, node in walk(spec)
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
        if key in node and isinstance(node[key], str)
    ]

    assert bad == []


@pytest.mark.parametrize("schema", ["ActivityCreate", "MeetingCreate"])
def test_hours_are_documented_as_more_than_0_and_at_most_24(spec, schema):
    hours = spec["components"]["schemas"][schema]["properties"]["hours"]

    assert {key: hours.get(key) for key in ("minimum", "exclusiveMinimum", "maximum")} == {
        "minimum": 0,
        "exclusiveMinimum": True,
        "maximum": 24,
    }


def test_json_headers_are_documented_as_json(spec):
    headers = {**spec["components"].get("headers", {})}
    as_schema = [name for name, header in headers.items() if "schema" in header]

    assert as_schema == []


def test_the_reports_document_their_media_types(spec):
    documented = {
        path: set(operation["get"]["responses"].get("200", {}).get("content", {}))
        for path, operation in spec["paths"].items()
        if path.startswith(f"{API}/reports/")
    }

    assert documented == {
        f"{API}/reports/annual/{{year}}.html": {"text/html"},
        f"{API}/reports/annual/{{year}}.csv": {"text/csv"},
    }


def test_every_json_200_answer_documents_its_schema(spec):
    """Without a schema the conformance tests check nothing of the body; a 200 documented with
    no content at all says the body is empty."""
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method != "parameters"
        and "200" in operation["responses"]
        and (
            not (content := operation["responses"]["200"].get("content"))
            or ("application/json" in content and not content["application/json"].get("schema"))
        )
    ]

    assert undocumented == []


PUBLIC_OPERATIONS = (("get", "/health"), ("post", f"{API}/auth/login"))


def test_public_operations_need_no_token(spec):
    assert {
        (method, path): spec["paths"][path][method].get("security")
        for method, path in PUBLIC_OPERATIONS
    } == dict.fromkeys(PUBLIC_OPERATIONS, [])


def test_every_error_answer_is_documented_as_problem_details(spec):
    """401, 403, 404, 409, 412, 422, 428, 429 are all problem+json: at least `default` says so."""
    not_problem = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters" or path.endswith("openapi.json"):
                continue
            responses = operation["responses"]
            default = responses.get("default", {})
            if "$ref" in default:
                default = spec["components"]["responses"][default["$ref"].rsplit("/", 1)[-1]]
            if "application/problem+json" not in default.get("content", {}):
                not_problem.append(f"{method.upper()} {path}")

    assert not_problem == []


# Bugs the fuzzing found ----------------------------------------------------------------------


@pytest.fixture
def world(ctx):
    return build_world()


HUGE = 10**25  # beyond 64 bits: out of range on SQLite and PostgreSQL alike


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("GET", f"/activities/{HUGE}", None, {404}),
        ("GET", f"/people/{HUGE}", None, {404}),
        ("DELETE", f"/plans/{HUGE}", None, {404, 405}),
        ("GET", f"/issues?site_id={HUGE}", None, {200, 422}),
        ("GET", f"/sites?page={HUGE}", None, {200, 422}),
        ("POST", "/visits", {"site_id": HUGE}, {422}),
        ("POST", "/plans", {"site_ids": [HUGE], "from": "2026-12-21", "weeks": 1}, {422}),
    ],
    ids=[
        "GET /activities/{huge}",
        "GET /people/{huge}",
        "DELETE /plans/{huge}",
        "GET /issues?site_id={huge}",
        "GET /sites?page={huge}",
        "POST /visits site_id=huge",
        "POST /plans site_ids=[huge]",
    ],
)
def test_ids_out_of_range_are_a_client_error(app, client, world, method, path, body, expected):
    headers = sign_in(client, world.emails["manager"])["access"]
    if body and "site_id" in body:
        body = {
            **body,
            "visitor_ids": [world.ids["visitor_id"], world.ids["partner_id"]],
            "arrived_at": "2026-03-10T10:00:00+00:00",
        }
    with errors_answered(app):
        response = client.open(API + path, method=method, json=body, headers=headers)

    assert response.status_code in expected, response.get_data(as_text=True)


def test_a_nul_character_in_text_is_refused(app, client, world):
    headers = sign_in(client, world.emails["manager"])["access"]
    before = count_rows("site")

    with errors_answered(app):
        response = client.post(
            f"{API}/sites",
            json={"name": "Night\u0000Suite", "kind": "custody_suite"},
            headers=headers,
        )

    assert_problem(response, 422, "name")
    assert count_rows("site") == before
