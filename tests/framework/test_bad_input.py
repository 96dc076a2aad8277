"""Bad input: every endpoint that takes a JSON body (`tests.support.api_bodies.BODY_CASES`), sent
its valid body spoiled in one way, answers a 4xx problem naming the field (`body` for the body as
a whole) and writes nothing. Hostile text in free-text fields is no fault: it is kept as given.

Body faults: malformed JSON and an empty body are a 400; a body that is not declared as JSON a
415 (RFC 9110 15.5.16) with `Accept-Post` or `Accept-Patch`; a body over 1 MB a 413, refused
unread; nesting deeper than the API's bodies ever go a 400; bytes that are not UTF-8 a 400; a
`null` (or any value but an object) a 422. Value faults (422 naming the field): numbers no field
holds (1e400, 10**30, NaN, ...), numbers as text in other digits than 0-9, times without a UTC
offset, and dates and times so far off that the date arithmetic done on them would overflow.

Requests are sent on the world of `tests.support.api_world`, built once and kept while nothing is
written (the tests of hostile text write, and the world is built again after each).
"""

import io
import json
import re

import pytest

from api.framework.input_guard import DEEPEST_BODY, NOT_ASCII_DIGITS
from icv.common.database import db
from tests.support.api_bodies import BODY_CASES, BodyCase
from tests.support.api_world import API, Stage, World, row_counts, send
from tests.support.problems import assert_problem
from tests.support.records import count_rows

JSON = "application/json"
TEN_MB = 10 * 1024 * 1024


def cases(*labels: str) -> list:
    chosen = [case for case in BODY_CASES if not labels or case.label in labels]
    return [pytest.param(case, id=case.label) for case in chosen]


def valid_json(case: BodyCase, world: World, **replaced) -> bytes:
    """The case's valid body as JSON text, with each of `replaced` spliced in as raw JSON."""
    body = {**case.body(world), **{name: f"@{name}@" for name in replaced}}
    text = json.dumps(body).encode()
    for name, raw in replaced.items():
        text = text.replace(f'"@{name}@"'.encode(), raw)
    return text


def read(scene: Stage, url: str, actor: str = "manager") -> dict:
    response = send(scene, "GET", url, actor)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def send_raw(scene: Stage, case: BodyCase, data, content_type: str | None = JSON, **environ):
    """Sends `data` as the case's body; asserts that nothing was written (no row added or
    taken, and the record the case changes reads the same)."""
    world = scene.current()
    headers = {**scene.headers(case.actor), **(case.headers(world) if case.headers else {})}
    if content_type:
        headers["Content-Type"] = content_type
    reader = "visitor" if case.actor in ("visitor", "anonymous") else "manager"
    record = read(scene, API + case.readback.format(**world.ids), reader) if case.readback else None
    before = row_counts()
    scene.spoil()

    response = scene.app.test_client().open(
        case.url(world.ids), method=case.method, data=data, headers=headers, **environ
    )

    db.session.expire_all()
    assert row_counts() == before, f"{case.label}: a refused request wrote rows"
    if case.readback:
        assert read(scene, API + case.readback.format(**world.ids), reader) == record
    if 400 <= response.status_code < 500:
        scene.world = world
    return response


# The body as a whole -----------------------------------------------------------------------


MALFORMED = {
    "truncated": lambda text: text[: len(text) // 2],
    "trailing garbage": lambda text: text + b" }]garbage",
    "a trailing comma": lambda text: text[:-1] + b", }",
}


@pytest.mark.parametrize("fault", MALFORMED)
@pytest.mark.parametrize("case", cases())
def test_malformed_json_is_a_400_naming_the_body(scene, case, fault):
    data = MALFORMED[fault](valid_json(case, scene.current()))

    response = send_raw(scene, case, data)

    assert_problem(response, 400, "body")


@pytest.mark.parametrize("data", [b"", b"  \r\n"], ids=["empty", "whitespace"])
@pytest.mark.parametrize("case", cases())
def test_an_empty_body_declared_as_json_is_a_400_naming_the_body(scene, case, data):
    response = send_raw(scene, case, data)

    assert_problem(response, 400, "body")


@pytest.mark.parametrize("data", [b"null", b'"text"', b"42", b"[]"])
@pytest.mark.parametrize("case", cases())
def test_a_body_that_is_not_an_object_is_a_422_naming_the_body(scene, case, data):
    response = send_raw(scene, case, data)

    assert_problem(response, 422, "body")


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
    ids=["text", "form", "multipart", "none"],
)
@pytest.mark.parametrize("case", cases())
def test_a_json_body_not_declared_as_json_is_a_415(scene, case, content_type):
    response = send_raw(scene, case, valid_json(case, scene.current()), content_type)

    assert_problem(response, 415, "body")
    # PUT has no Accept-* header of its own (RFC 9110 names none): the problem says it.
    accepts = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}.get(case.method)
    if accepts:
        assert response.headers[accepts] == JSON


def test_a_request_without_a_body_is_judged_by_the_endpoints_schema(scene):
    case = next(case for case in BODY_CASES if case.label == "POST /sites")

    response = send_raw(scene, case, None, content_type=None)

    assert_problem(response, 422, "name", "kind")


class Unread(io.RawIOBase):
    """A body of `size` spaces that counts how much of it is read."""

    def __init__(self, size: int):
        self.size, self.position, self.read_bytes = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}[whence]
        self.position = start + offset
        return self.position

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b" " * count
        self.position += count
        self.read_bytes += count
        return count


@pytest.mark.parametrize("case", cases())
def test_a_10_mb_body_is_a_413_refused_unread(scene, case):
    body = Unread(TEN_MB)

    response = send_raw(scene, case, None, input_stream=body)

    assert_problem(response, 413, "body")
    assert body.read_bytes == 0


DEEP = {
    "100,000 arrays": b"[" * 100_000 + b"]" * 100_000,
    "100,000 objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "a level too deep": b"[" * (DEEPEST_BODY + 1) + b"1" + b"]" * (DEEPEST_BODY + 1),
}


@pytest.mark.parametrize("depth", DEEP)
@pytest.mark.parametrize("case", cases())
def test_a_deeply_nested_body_is_a_400_naming_the_body(scene, case, depth):
    response = send_raw(scene, case, DEEP[depth])

    assert_problem(response, 400, "body")


@pytest.mark.parametrize("depth", DEEP)
@pytest.mark.parametrize("case", cases())
def test_deep_nesting_in_a_field_is_a_400_naming_the_body(scene, case, depth):
    world = scene.current()
    first = next(iter(case.body(world)))

    response = send_raw(scene, case, valid_json(case, world, **{first: DEEP[depth]}))

    assert_problem(response, 400, "body")


def test_a_body_as_deep_as_allowed_is_judged_by_its_schema(scene):
    case = next(case for case in BODY_CASES if case.label == "POST /sites")
    nested = b"[" * (DEEPEST_BODY - 1) + b"1" + b"]" * (DEEPEST_BODY - 1)

    response = send_raw(scene, case, valid_json(case, scene.current(), name=nested))

    assert_problem(response, 422, "name")


NOT_UTF8 = {
    "a stray byte": b"\xff",
    "a truncated sequence": b"\xc3",
    "an overlong slash": b"\xc0\xaf",
    "an encoded surrogate": b"\xed\xa0\x80",
}


@pytest.mark.parametrize("fault", NOT_UTF8)
@pytest.mark.parametrize("case", cases())
def test_bytes_that_are_not_utf8_are_a_400_naming_the_body(scene, case, fault):
    world = scene.current()
    first = next(iter(case.body(world)))
    bad_text = b'"caf' + NOT_UTF8[fault] + b'"'

    response = send_raw(scene, case, valid_json(case, world, **{first: bad_text}))

    assert_problem(response, 400, "body")


# Values no field holds -----------------------------------------------------------------------

# Every number, date and time field of every body, as the OpenAPI document describes them (a
# test keeps these tables complete); `.0` is the first entry of a list, `.at` a part of an object.
NUMBER_FIELDS = {
    "POST /people": ("birth_year", "buddy_id", "site_ids.0"),
    "PATCH /people/{person_id}": ("birth_year", "buddy_id", "site_ids.0"),
    "POST /activities": ("person_id", "hours"),
    "POST /meetings": ("hours", "attendee_ids.0"),
    "POST /sites": ("cells",),
    "PATCH /sites/{site_id}": ("cells",),
    "POST /visits": ("site_id", "visitor_ids.0"),
    "PATCH /visits/{draft_visit_id}": ("site_id", "visitor_ids.0"),
    "POST /notifications": ("read_ids.0",),
    "POST /claims": ("site_id", "partner_id", "claimant_id"),
    "POST /plans": ("site_ids.0", "weeks", "seed"),
    "PATCH /scheme": (
        "acknowledge_days",
        "tact_report_days",
        "hourly_rate",
        "visit_detail_retention_years",
        "leaver_retention_years",
        "planner_uncovered_allowance",
        "min_team_meetings_per_year",
        "min_refresher_trainings_per_term",
    ),
    "PATCH /people/{person_id}/declarations/{declaration_id}": ("site_ids.0",),
    "PUT /stats/throughput/{year}": ("detainees",),
}
DATE_FIELDS = {
    "POST /people": (
        "joined_on",
        "probation_ends_on",
        "term_ends_on",
        "left_on",
        "tact_trained_on",
        "vetting_expires_on",
    ),
    "PATCH /people/{person_id}": (
        "joined_on",
        "probation_ends_on",
        "term_ends_on",
        "left_on",
        "status_on",
        "tact_trained_on",
        "vetting_expires_on",
    ),
    "POST /activities": ("date",),
    "POST /meetings": ("date",),
    "POST /sites": ("status_on",),
    "PATCH /sites/{site_id}": ("status_on",),
    "POST /claims": ("week_start",),
    "POST /plans": ("from",),
    "POST /tact-reports/{tact_report_id}/sent": ("sent_on",),
    "POST /people/{person_id}/declarations": ("declared_on",),
}
TIME_FIELDS = {
    "POST /visits": ("arrived_at", "admitted_at", "departed_at", "feedback.at"),
    "PATCH /visits/{draft_visit_id}": ("arrived_at", "admitted_at", "departed_at", "feedback.at"),
}
HUGE_NUMBERS = {
    "1e400": b"1e400",
    "-1e400": b"-1e400",
    "10**30": str(10**30).encode(),
    "-10**30": str(-(10**30)).encode(),
    "1e20": b"1e20",
    "NaN": b"NaN",
    "Infinity": b"Infinity",
    "-Infinity": b"-Infinity",
}
# Numbers as text, in digits int() and float() read ("٣", "３") or refuse ("³").
OTHER_DIGITS = {
    "Arabic-Indic": b'"\\u0663"',
    "fullwidth": b'"\\uff13"',
    "superscript": b'"\\u00b3"',
}
NAIVE_TIMES = {
    "no offset": b'"2026-03-12T10:00:00"',
    "no offset, no seconds": b'"2026-03-12T10:00"',
    "a date alone": b'"2026-03-12"',
}
FAR_OFF_DAYS = {"year 1": b'"0001-01-01"', "year 9999": b'"9999-12-31"'}
FAR_OFF_TIMES = {
    "year 1, 14 hours ahead of UTC": b'"0001-01-01T00:00:00+14:00"',
    "year 9999, 14 hours behind UTC": b'"9999-12-31T23:59:59-14:00"',
}


def field_cases(fields: dict[str, tuple[str, ...]], values: dict[str, bytes]) -> list:
    by_label = {case.label: case for case in BODY_CASES}
    return [
        pytest.param(by_label[label], field, values[value], id=f"{label} {field}={value}")
        for label, names in fields.items()
        for field in names
        for value in values
    ]


# A whole object for a field of it that a case's valid body leaves out.
WHOLE_OBJECTS = {
    "feedback": {
        "to_name": "PS Sam Reid",
        "to_rank": "sergeant",
        "at": "2026-03-20T11:25:00+00:00",
        "summary": "Told the custody sergeant what we found.",
    },
}


def spoil_field(case: BodyCase, world: World, field: str, raw: bytes) -> bytes:
    """The case's valid body with `field` holding `raw`: `name.0` is the first entry of a list,
    `name.part` a part of an object (the rest of it as the valid body, or a whole one, has it)."""
    name, _, part = field.partition(".")
    if not part:
        return valid_json(case, world, **{name: raw})
    if part.isdigit():
        return valid_json(case, world, **{name: b"[" + raw + b"]"})
    whole = case.body(world).get(name) or WHOLE_OBJECTS[name]
    text = json.dumps({**whole, part: f"@{part}@"}).encode()
    return valid_json(case, world, **{name: text.replace(f'"@{part}@"'.encode(), raw)})


@pytest.mark.parametrize(("case", "field", "raw"), field_cases(NUMBER_FIELDS, HUGE_NUMBERS))
def test_a_number_no_field_holds_is_a_422_naming_the_field(scene, case, field, raw):
    response = send_raw(scene, case, spoil_field(case, scene.current(), field, raw))

    assert_problem(response, 422, field)


@pytest.mark.parametrize(("case", "field", "raw"), field_cases(NUMBER_FIELDS, OTHER_DIGITS))
def test_a_number_in_other_digits_than_0_to_9_is_a_422_naming_the_field(scene, case, field, raw):
    response = send_raw(scene, case, spoil_field(case, scene.current(), field, raw))

    assert assert_problem(response, 422)["errors"][field] == [NOT_ASCII_DIGITS]


@pytest.mark.parametrize(("case", "field", "raw"), field_cases(TIME_FIELDS, NAIVE_TIMES))
def test_a_time_without_its_utc_offset_is_a_422_naming_the_field(scene, case, field, raw):
    response = send_raw(scene, case, spoil_field(case, scene.current(), field, raw))

    assert_problem(response, 422, field)


@pytest.mark.parametrize(
    ("case", "field", "raw"),
    field_cases(DATE_FIELDS, FAR_OFF_DAYS) + field_cases(TIME_FIELDS, FAR_OFF_TIMES),
)
def test_a_date_or_time_far_off_is_a_422_naming_the_field(scene, case, field, raw):
    response = send_raw(scene, case, spoil_field(case, scene.current(), field, raw))

    assert_problem(response, 422, field)


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\udfff", b"x\\udc00y"])
@pytest.mark.parametrize("case", cases("POST /sites", "POST /visits", "POST /people"))
def test_half_a_surrogate_pair_in_text_is_a_422_naming_the_field(scene, case, escape):
    world = scene.current()
    field = next(name for name, value in case.body(world).items() if isinstance(value, str))

    response = send_raw(scene, case, valid_json(case, world, **{field: b'"' + escape + b'"'}))

    assert_problem(response, 422, field)


def kind_of(prop: dict) -> str | None:
    types = prop.get("type")
    if {"integer", "number"} & set(types if isinstance(types, list) else [types]):
        return "number"
    return prop.get("format") if prop.get("format") in ("date", "date-time") else None


def path_shape(path: str) -> str:
    """A path with its parameters unnamed: the cases and the document name them differently."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def object_schema(prop: dict, schemas: dict) -> dict | None:
    """The schema of an object a property refers to (directly or as one of `anyOf`), if any."""
    for option in [prop, *prop.get("anyOf", ())]:
        if "$ref" in option:
            return schemas[option["$ref"].rsplit("/", 1)[-1]]
    return None


@pytest.fixture(scope="module")
def typed_fields(app) -> dict[str, dict[str, set[str]]]:
    """label -> {"number": fields, "date": fields, "date-time": fields}, from the document; a
    field of an object the body holds is `name.part` (of the object, not of a list's entries)."""
    spec = app.test_client().get(f"{API}/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    paths = {path_shape(path): operations for path, operations in spec["paths"].items()}
    typed = {}
    for case in BODY_CASES:
        operation = paths[path_shape(API + case.path)][case.method.lower()]
        reference = operation["requestBody"]["content"][JSON]["schema"]["$ref"]
        found: dict[str, set[str]] = {"number": set(), "date": set(), "date-time": set()}
        for name, prop in schemas[reference.rsplit("/", 1)[-1]]["properties"].items():
            if prop.get("type") == "array":
                name, prop = f"{name}.0", prop["items"]
            if kind := kind_of(prop):
                found[kind].add(name)
            elif (inner := object_schema(prop, schemas)) and not name.endswith(".0"):
                for part, inner_prop in inner["properties"].items():
                    if (kind := kind_of(inner_prop)) and not inner_prop.get("readOnly"):
                        found[kind].add(f"{name}.{part}")
        typed[case.label] = found
    return typed


def test_every_number_date_and_time_field_is_in_the_battery(typed_fields):
    tables = {"number": NUMBER_FIELDS, "date": DATE_FIELDS, "date-time": TIME_FIELDS}

    assert {
        label: {kind: set(table.get(label, ())) for kind, table in tables.items()}
        for label in typed_fields
    } == typed_fields


# Hostile text is kept as given ---------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", "'); DROP TABLE visit;--", "Robert'); --"]


@pytest.fixture
def rebuilt_after(scene):
    """For a test that writes: the world is built again after it."""
    yield
    scene.spoil()


def written(scene: Stage, method: str, url: str, actor: str, status: int, **kwargs) -> dict:
    response = send(scene, method, url, actor, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json()


def visit_by(world: World, *, alone: bool = False, **fields) -> dict:
    pair = (
        [world.ids["visitor_id"]] if alone else [world.ids["visitor_id"], world.ids["partner_id"]]
    )
    return {
        "site_id": world.ids["site_id"],
        "visitor_ids": pair,
        "arrived_at": "2026-03-20T10:00:00+00:00",
        "admitted_at": "2026-03-20T10:03:00+00:00",
        "departed_at": "2026-03-20T11:30:00+00:00",
        **fields,
    }


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.usefixtures("rebuilt_after")
def test_a_visit_keeps_hostile_text_as_given_in_every_free_text_field(scene, text):
    world = scene.current()
    visits_before = count_rows("visit")
    body = visit_by(
        world,
        alone=True,
        single_visitor_reason=text,
        admitted_at="2026-03-20T10:20:00+00:00",
        access_delay_reason=text,
        delay_authorised_by=text,
        notes=text,
        detainees=[{"ref": "C1", "outcome": "refused", "reason": text}],
        issues=[
            {
                "category": "other",
                "description": text,
                "raised_by": "visitor",
                "resolved_during_visit": False,
            }
        ],
        checks={"cells_clean": {"result": "concern", "note": text}},
        feedback={
            "to_name": text,
            "to_rank": "sergeant",
            "at": "2026-03-20T11:25:00+00:00",
            "summary": text,
        },
    )

    created = written(scene, "POST", f"{API}/visits", "visitor", 201, json_body=body)

    visit = read(scene, f"{API}/visits/{created['id']}", "visitor")
    free_text = ("single_visitor_reason", "access_delay_reason", "delay_authorised_by", "notes")
    assert {name: visit[name] for name in free_text} == dict.fromkeys(free_text, text)
    assert visit["detainees"][0]["reason"] == text
    assert visit["issues"][0]["description"] == text
    assert visit["checks"]["cells_clean"]["note"] == text
    assert (visit["feedback"]["to_name"], visit["feedback"]["summary"]) == (text, text)
    assert count_rows("visit") == visits_before + 1


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.usefixtures("rebuilt_after")
def test_an_abandoned_visit_keeps_hostile_text_as_given(scene, text):
    body = visit_by(
        scene.current(),
        outcome="abandoned",
        abandon_reason="other",
        abandon_note=text,
        admitted_at=None,
        issues=[],
    )

    created = written(scene, "POST", f"{API}/visits", "visitor", 201, json_body=body)

    assert read(scene, f"{API}/visits/{created['id']}")["abandon_note"] == text


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.usefixtures("rebuilt_after")
def test_a_dog_unit_visit_keeps_hostile_text_as_given(scene, text):
    world = scene.current()
    dog_unit = written(
        scene, "POST", f"{API}/sites", "manager", 201, json_body={"name": text, "kind": "dog_unit"}
    )
    body = {
        **visit_by(world, alone=True, single_visitor_reason="Partner taken ill"),
        "site_id": dog_unit["id"],
        "dogs": [{"ref": "PD-REX", "needs": {}, "location": "force_kennels"}],
    }
    body["dogs"][0]["notes"] = text

    created = written(scene, "POST", f"{API}/visits", "visitor", 201, json_body=body)

    assert read(scene, f"{API}/sites/{dog_unit['id']}")["name"] == text
    assert read(scene, f"{API}/visits/{created['id']}")["dogs"][0]["notes"] == text


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.usefixtures("rebuilt_after")
def test_an_issues_answers_keep_hostile_text_as_given(scene, text):
    issue_url = f"{API}/issues/{scene.current().ids['issue_id']}"
    answers = [
        ("acknowledge", "inspector", {"response": text}),
        ("resolve", "inspector", {"response": text}),
        ("reopen", "manager", {"reason": text}),
    ]

    for action, actor, body in answers:
        written(scene, "POST", f"{issue_url}/{action}", actor, 200, json_body=body)

    issue = read(scene, issue_url)
    assert [event["text"] for event in issue["events"][-3:]] == [text] * 3
    assert issue["response"] == text


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.usefixtures("rebuilt_after")
def test_a_person_keeps_hostile_text_as_given_in_every_free_text_field(scene, text):
    person = {
        "name": text,
        "email": "nia.new@example.org",
        "roles": ["visitor"],
        "status": "active",
        "joined_on": "2024-05-01",
        "home_area": text,
    }
    created = written(scene, "POST", f"{API}/people", "manager", 201, json_body=person)
    leaving = {
        "status": "left",
        "left_on": "2026-01-31",
        "leave_reason": text,
        "exit_interview_notes": text,
        "status_note": text,
    }

    written(scene, "PATCH", f"{API}/people/{created['id']}", "manager", 200, json_body=leaving)

    record = read(scene, f"{API}/people/{created['id']}")
    free_text = ("name", "home_area", "leave_reason", "exit_interview_notes")
    assert {name: record[name] for name in free_text} == dict.fromkeys(free_text, text)
    history = read(scene, f"{API}/people/{created['id']}/status-history")
    assert history[-1]["note"] == text
