"""The authorization matrix: who may call every endpoint, on which records, as a table.

Each row of `MATRIX` is one request (method, URL, a valid body) on records of the first scheme
(see `tests.support.api_world`), and the answer each actor must get:

    401   not signed in           403   the role may not call this endpoint
    404   the record is not theirs to see, or is another scheme's (never revealed)
    422   a body naming records the caller may not use (another scheme's site or people, a
          visit the caller did not make), refused as an unknown id would be
    ok    authorised: any answer below 500 other than 401/403/404 (200, 201, 204, 409, 422...)

Every cell runs as a test ("PATCH /visits/{visit_id} as other_manager"); a refused write must
also write nothing. `test_every_endpoint_is_in_the_matrix` fails for an endpoint (or a method)
missing from the table, so a new endpoint cannot go without its row.

Mass assignment: for every endpoint that takes a JSON body, the valid body plus server-owned
fields (`roles`, `scheme_id`, `status`, `id`, `version`, ... those its schema does not accept)
is a 422 naming each of them, and writes nothing.

Speed: the world is built once and reused by the next cell while nothing was written (reads,
and writes that were refused without writing a row) or what was written changes no other
cell's answer (`keeps_world`: a sign-in, a new site...); after any other write it is built
again.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from api.framework.web_app import web_folder
from icv.common.database import db
from icv.models import Notification
from tests.support.api_bodies import BODY_CASES, BodyCase, body, if_match, new_person, new_visit
from tests.support.api_world import (
    ACTORS,
    API,
    SIGNED_IN,
    Stage,
    World,
    row_counts,
    send,
)
from tests.support.app import PASSWORD
from tests.support.claims import MORNING, week_ahead

OK = "ok"
REFUSALS = (401, 403, 404)
PROBLEM = "application/problem+json"


# The table -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One request and, for each actor of `ACTORS` in order, the answer it must get."""

    method: str
    path: str  # a template over `World.ids`; under /api/v1 unless it starts with / itself
    outcomes: str  # one outcome per actor of a scheme, in the order of ACTORS
    body: Callable[[World], dict] | None = None
    headers: Callable[[World], dict] | None = None
    token: str = "access"  # which of the actor's tokens is sent: access or refresh
    note: str = ""
    # A write whose effect changes no other cell's answer (beyond the caller's own tokens):
    # the next cell may run on the same world.
    keeps_world: bool = False
    # The national account's answer: a public endpoint's is the anonymous caller's, any other
    # 403 - it reads nothing of any scheme - unless a row says otherwise (its own tokens, its
    # own endpoint).
    national: str | None = None

    @property
    def expected(self) -> dict[str, int | str]:
        words = self.outcomes.split()
        national = self.national or (words[0] if words[0] != "401" else "403")
        values = [OK if word == OK else int(word) for word in (*words, national)]
        assert len(values) == len(ACTORS), f"{self.label}: one outcome per actor"
        return dict(zip(ACTORS, values, strict=True))

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}" + (f" ({self.note})" if self.note else "")

    def url(self, ids: dict) -> str:
        path = self.path.format(**ids)
        outside_the_api = ("/health", "/docs", "/api/", "/sw.js", "/manifest.", "/assets/")
        return path if self.path == "/" or self.path.startswith(outside_the_api) else API + path


# Columns:  anonymous visitor other_visitor inspector other_inspector viewer manager other_manager
#           visiting_inspector visiting_manager inspecting_viewer
ALL_SIGNED_IN = "401 ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"
EVERYONE = "ok  ok  ok  ok  ok  ok  ok  ok  ok  ok  ok"
# The other scheme's manager sees their own scheme.
MANAGERS = "401 403 403 403 403 403 ok  ok  403 ok  403"
MANAGER_OF_RECORD = "401 403 403 403 403 403 ok  404 403 ok  403"
MANAGERS_AND_VIEWERS = "401 403 403 403 403 ok  ok  ok  403 ok  ok"
# The visitor's own declarations: the visitor and the scheme's managers; another visitor, 404.
OWN_DECLARATIONS = "401 ok  404 403 403 403 ok  404 404 ok  403"
# A report of a year in which the reader's scheme recorded nothing is a 404, not zeros.
READERS_OF_THEIR_YEAR = "401 403 403 403 403 ok  ok  404 403 ok  ok"

MATRIX: list[Row] = [
    # Public: no sign-in needed ---------------------------------------------------------------
    Row("GET", "/health", EVERYONE),
    Row("GET", "/api/v1/openapi.json", EVERYONE),
    Row("GET", "/docs", EVERYONE),
    Row(
        "POST",
        "/auth/login",
        EVERYONE,
        body=lambda w: {"email": w.emails["manager"], "password": PASSWORD},
        keeps_world=True,
    ),
    # Tokens and the caller's own record ------------------------------------------------------
    Row("POST", "/auth/refresh", ALL_SIGNED_IN, token="refresh", keeps_world=True, national=OK),
    Row(
        "POST",
        "/auth/refresh",
        "401 " * 11,
        note="an access token is not a refresh token",
        national="401",
    ),
    Row("POST", "/auth/logout", ALL_SIGNED_IN, keeps_world=True, national=OK),
    # The field app's sign-in by cookie (here with bearer tokens: the header comes first)
    Row(
        "POST",
        "/auth/session",
        EVERYONE,
        body=lambda w: {"email": w.emails["visitor"], "password": PASSWORD},
        keeps_world=True,
    ),
    Row(
        "POST",
        "/auth/session/refresh",
        ALL_SIGNED_IN,
        token="refresh",
        keeps_world=True,
        national=OK,
    ),
    Row(
        "POST",
        "/auth/session/refresh",
        "401 " * 11,
        note="an access token cannot refresh",
        national="401",
    ),
    Row("DELETE", "/auth/session", EVERYONE, note="clears the cookies", keeps_world=True),
    # The field app's files (web/)
    Row("GET", "/", EVERYONE),
    Row("GET", "/sw.js", EVERYONE),
    Row("GET", "/manifest.webmanifest", EVERYONE),
    Row("GET", f"/assets/{web_folder().version}/js/app.js", EVERYONE),
    Row("GET", "/me", ALL_SIGNED_IN),
    Row("PATCH", "/me", ALL_SIGNED_IN, body=body(name="A New Name"), keeps_world=True),
    Row("GET", "/notifications", ALL_SIGNED_IN),
    Row(
        "POST",
        "/notifications",
        ALL_SIGNED_IN,
        body=lambda w: {"read_ids": [w.ids["notification_id"]]},
        note="the visitor's notification: marks only the caller's own",
        keeps_world=True,
    ),
    # People and volunteers (person_id: the visitor) -----------------------------------------
    Row("GET", "/people", MANAGERS),
    Row("GET", "/colleagues", "401 ok  ok  403 403 403 ok  ok  ok  ok  403"),
    Row("POST", "/people", MANAGERS, body=new_person),
    Row(
        "GET",
        "/people/{person_id}",
        "401 ok  404 404 404 404 ok  404 404 ok  404",
        note="own record",
    ),
    Row("PATCH", "/people/{person_id}", MANAGER_OF_RECORD, body=body(name="Vic Renamed")),
    Row("GET", "/people/{person_id}/status-history", MANAGER_OF_RECORD),
    Row("POST", "/people/{person_id}/renew-term", MANAGER_OF_RECORD, body=body(note="Renewed")),
    Row("GET", "/people/milestones?year={year}", MANAGERS),
    Row("GET", "/volunteers/hours?year={year}", MANAGERS_AND_VIEWERS),
    Row("GET", "/volunteers/cohort?year={year}", MANAGERS_AND_VIEWERS),
    Row("GET", "/volunteers/compliance?year={year}", MANAGERS, note="names: never viewers"),
    # Declarations of interest: the visitor's own, and the manager's review ------------------
    Row("GET", "/people/{person_id}/declarations", OWN_DECLARATIONS),
    Row(
        "POST",
        "/people/{person_id}/declarations",
        OWN_DECLARATIONS,
        body=body(kind="other", detail="I sit as a lay magistrate.", declared_on="2026-02-01"),
    ),
    Row("GET", "/people/{person_id}/declarations/{declaration_id}", OWN_DECLARATIONS),
    Row(
        "PATCH",
        "/people/{person_id}/declarations/{declaration_id}",
        MANAGER_OF_RECORD,
        body=body(decision="accepted", note="A cousin in another force: no conflict."),
    ),
    # Activities (the visitor's training) and meetings (the pair attended) --------------------
    Row(
        "POST",
        "/activities",
        "401 403 403 403 403 403 ok  422 403 ok  403",
        body=lambda w: {
            "person_id": w.ids["visitor_id"],
            "kind": "training",
            "date": "2026-02-10",
            "hours": 1.5,
        },
    ),
    Row("GET", "/activities", "401 ok  ok  403 403 403 ok  ok ok  ok  403"),
    Row("GET", "/activities/{activity_id}", "401 ok  404 403 403 403 ok  404 404 ok  403"),
    Row("DELETE", "/activities/{activity_id}", MANAGER_OF_RECORD),
    Row(
        "POST",
        "/meetings",
        "401 403 403 403 403 403 ok  422 403 ok  403",
        body=lambda w: {
            "date": "2026-02-17",
            "hours": 2,
            "attendee_ids": [w.ids["visitor_id"], w.ids["partner_id"]],
        },
    ),
    Row("GET", "/meetings", MANAGERS),
    Row("GET", "/meetings/{meeting_id}", MANAGER_OF_RECORD),
    Row("DELETE", "/meetings/{meeting_id}", MANAGER_OF_RECORD),
    # Sites (site_id: the visit's suite, where `inspector` answers) ---------------------------
    Row("GET", "/sites", ALL_SIGNED_IN),
    Row(
        "POST",
        "/sites",
        MANAGERS,
        body=body(name="New Suite", kind="custody_suite", cells=8),
        keeps_world=True,
    ),
    Row("GET", "/sites/{site_id}", "401 ok  ok  ok  404 ok  ok  404 ok  ok  ok"),
    Row("PATCH", "/sites/{site_id}", MANAGER_OF_RECORD, body=body(cells=40)),
    # Visits: the submitted one (by visitor and partner) and their draft ----------------------
    Row(
        "POST",
        "/visits",
        "401 ok  422 403 403 403 ok  422 422 ok  403",
        body=new_visit,
        note="by visitor and partner at the suite",
    ),
    Row("GET", "/visits", "401 ok  ok  ok  ok  403 ok  ok ok  ok  ok"),
    Row(
        "GET", "/visits/{visit_id}", "401 ok  404 ok  404 403 ok  404 ok  ok  404", note="submitted"
    ),
    Row(
        "GET",
        "/visits/{draft_visit_id}",
        "401 ok  404 404 404 403 ok  404 404 ok  404",
        note="draft",
    ),
    Row(
        "PATCH",
        "/visits/{visit_id}",
        "401 ok  404 403 403 403 ok  404 ok  ok  403",
        body=body(notes="Amended notes", amendment_reason="The notes were incomplete"),
        headers=if_match("visit"),
        note="submitted: the manager amends, the visitor gets a 409",
    ),
    Row(
        "PATCH",
        "/visits/{draft_visit_id}",
        "401 ok  404 403 403 403 ok  404 404 ok  403",
        body=body(notes="Second thoughts"),
        headers=if_match("draft_visit"),
        note="draft",
    ),
    Row(
        "POST",
        "/visits/{visit_id}/submit",
        "401 ok  404 403 403 403 ok  404 ok  ok  403",
        note="again: changes nothing",
        keeps_world=True,
    ),
    Row("POST", "/visits/{draft_visit_id}/submit", "401 ok  404 403 403 403 ok  404 404 ok  403"),
    # Issues (issue_id: the submitted visit's open issue) -------------------------------------
    Row("GET", "/issues", "401 ok  ok  ok  ok  403 ok  ok ok  ok  ok"),
    Row("GET", "/issues/summary?year={year}", MANAGERS_AND_VIEWERS),
    Row("GET", "/issues/{issue_id}", "401 ok  404 ok  404 403 ok  404 ok  ok  404"),
    Row(
        "GET",
        "/issues/{draft_issue_id}",
        "401 ok  404 404 404 403 ok  404 404 ok  404",
        note="of a draft",
    ),
    Row(
        "POST",
        "/issues/{draft_issue_id}/acknowledge",
        "401 403 403 404 404 403 ok  404 404 ok  404",
        body=body(response="Seen early"),
        note="of a draft",
    ),
    Row("PATCH", "/issues/{issue_id}", MANAGER_OF_RECORD, body=body(category="healthcare")),
    Row(
        "POST",
        "/issues/{issue_id}/acknowledge",
        "401 403 403 ok  404 403 ok  404 ok  ok  404",
        body=body(response="Hot drinks are now offered on arrival."),
    ),
    Row(
        "POST",
        "/issues/{issue_id}/resolve",
        "401 403 403 ok  404 403 ok  404 ok  ok  404",
        body=body(response="The kettle is fixed."),
    ),
    Row("POST", "/issues/{issue_id}/reopen", MANAGER_OF_RECORD, body=body(reason="Again")),
    Row("GET", "/issue-categories", ALL_SIGNED_IN),
    # Checklists and TACT reports (tact_report_id: owed for the submitted visit's C1) ---------
    Row("GET", "/checklists", ALL_SIGNED_IN),
    Row(
        "POST",
        "/checklists/{checklist_kind}/items",
        MANAGERS,
        body=body(key="hearing_loop", label="Hearing loop at the desk"),
        keeps_world=True,
    ),
    Row(
        "PATCH",
        "/checklists/{checklist_kind}/items/{checklist_key}",
        MANAGERS,
        body=body(label="Cell clean and dry"),
        keeps_world=True,
        note="each scheme's own copy of a default item",
    ),
    Row("GET", "/tact-reports", MANAGERS),
    Row(
        "POST",
        "/tact-reports/{tact_report_id}/sent",
        MANAGER_OF_RECORD,
        body=lambda w: {"sent_on": "2026-03-12"},
    ),
    Row(
        "POST",
        "/issue-categories",
        MANAGERS,
        body=body(key="transport", label="Transport"),
        keeps_world=True,
    ),
    # Coverage, targets, plans (plan_id: a plan whose item names visitor and partner) ---------
    Row(
        "GET",
        "/coverage?site_id={site_id}&year={year}",
        "401 403 403 403 403 ok  ok  404 403 ok  ok",
    ),
    Row("GET", "/targets?year={year}", MANAGERS_AND_VIEWERS),
    Row(
        "POST",
        "/plans",
        "401 403 403 403 403 403 ok  422 403 ok  403",
        body=lambda w: {"site_ids": [w.ids["site_id"]], "from": "2026-12-21", "weeks": 1},
    ),
    Row("GET", "/plans", "401 ok  ok  403 403 403 ok  ok ok  ok  403"),
    Row("GET", "/plans/{plan_id}", "401 ok  404 403 403 403 ok  404 404 ok  403"),
    Row("DELETE", "/plans/{plan_id}", MANAGER_OF_RECORD),
    Row("POST", "/plan-items/{item_id}/accept", "401 ok  404 403 403 403 403 403 404 404 403"),
    Row("POST", "/plan-items/{item_id}/decline", "401 ok  404 403 403 403 403 403 404 404 403"),
    # Open slots, claims (claim_id: the partner's, naming the visitor), the calendar feed ------
    Row("GET", "/slots/open", "401 ok  ok  403 403 403 ok  ok ok  ok  403"),
    Row("GET", "/slots/open?site_id={site_id}", "401 ok  ok  403 403 403 ok  404 ok  ok  403"),
    Row(
        "POST",
        "/claims",
        "401 ok  ok  403 403 403 ok  422 ok  ok  403",
        body=lambda w: {
            "site_id": w.ids["site_id"],
            "week_start": week_ahead(1).isoformat(),
            "day": "Tue",
            "band": MORNING,
            "partner_id": w.ids["partner_id"],
        },
        note="the caller's, with the partner",
    ),
    Row(
        "POST",
        "/claims",
        "401 422 422 403 403 403 ok  422 422 ok  403",
        body=lambda w: {
            "site_id": w.ids["site_id"],
            "week_start": week_ahead(2).isoformat(),
            "day": "Wed",
            "band": MORNING,
            "claimant_id": w.ids["visitor_id"],
            "partner_id": w.ids["partner_id"],
            "override_reason": "Cover for a sick pair",
        },
        note="for the visitor, placed by a manager: claimant_id is the manager's only",
    ),
    Row("GET", "/claims", "401 ok  ok  403 403 403 ok  ok ok  ok  403"),
    Row("GET", "/claims/{claim_id}", "401 ok  404 403 403 403 ok  404 404 ok  403"),
    Row("POST", "/claims/{claim_id}/accept", "401 ok  404 403 403 403 403 403 404 ok  403"),
    Row("POST", "/claims/{claim_id}/decline", "401 ok  404 403 403 403 403 403 404 ok  403"),
    Row(
        "POST",
        "/claims/{claim_id}/withdraw",
        "401 ok  404 403 403 403 ok  404 404 ok  403",
        note="the claimant or the manager; the partner gets a 409",
    ),
    Row("POST", "/me/calendar-token", "401 ok  ok  403 403 403 403 403 ok  ok  403"),
    Row("GET", "/calendar/{calendar_token}.ics", EVERYONE, note="the secret is the key"),
    Row("GET", "/calendar/not-a-token.ics", "404 " * 11),
    # Statistics, reports, audit --------------------------------------------------------------
    Row("GET", "/stats/annual?year={year}", MANAGERS_AND_VIEWERS),
    Row(
        "GET",
        "/reports/annual/{year}.html",
        READERS_OF_THEIR_YEAR,
        note="the other scheme has no records in the year: 404",
    ),
    Row(
        "GET",
        "/reports/annual/{year}.csv",
        READERS_OF_THEIR_YEAR,
        note="the other scheme has no records in the year: 404",
    ),
    Row("GET", "/stats/throughput/{year}", MANAGERS_AND_VIEWERS),
    Row(
        "PUT",
        "/stats/throughput/{year}",
        MANAGERS,
        body=lambda w: {"detainees": 15475},
        keeps_world=True,
    ),
    Row("GET", "/returns/quarterly?year={year}&quarter=1", MANAGERS_AND_VIEWERS),
    Row("GET", "/returns/quarterly.csv?year={year}&quarter=1", MANAGERS_AND_VIEWERS),
    Row("GET", "/benchmarks?year={year}", MANAGERS_AND_VIEWERS, note="409 until opted in"),
    Row("GET", "/national/benchmarks?year={year}", "401 " + "403 " * 10, national=OK),
    Row("GET", "/audit", MANAGERS),
    # Accounts: invitations, forgotten passwords, second factor, step-up ---------------------
    Row(
        "POST",
        "/auth/confirm",
        ALL_SIGNED_IN,
        body=body(password=PASSWORD),
        keeps_world=True,
    ),
    Row(
        "POST",
        "/auth/invitation/accept",
        EVERYONE,
        body=body(token="an-unknown-token", password="a long passphrase of my own"),
        note="an unknown token: a 422",
    ),
    Row(
        "POST",
        "/people/{person_id}/invite",
        MANAGER_OF_RECORD,
        note="the visitor has a password: a 409",
    ),
    Row(
        "POST",
        "/auth/password-reset",
        EVERYONE,
        body=lambda w: {"email": w.emails["visitor"]},
        keeps_world=True,
    ),
    Row(
        "POST",
        "/auth/password-reset/confirm",
        EVERYONE,
        body=body(token="an-unknown-token", password="a long passphrase of my own"),
        note="an unknown token: a 422",
    ),
    Row("GET", "/me/second-factor", ALL_SIGNED_IN),
    Row("POST", "/me/second-factor", ALL_SIGNED_IN, keeps_world=True, note="not in force yet"),
    Row("POST", "/me/second-factor/confirm", ALL_SIGNED_IN, body=body(code="000000")),
    Row(
        "POST",
        "/me/second-factor/recovery-codes",
        ALL_SIGNED_IN,
        keeps_world=True,
        note="none in force: a 409",
    ),
    Row("DELETE", "/me/second-factor", ALL_SIGNED_IN),
    Row(
        "DELETE",
        "/people/{person_id}/second-factor",
        MANAGER_OF_RECORD,
        note="the visitor has none: a 409",
    ),
    # The scheme's settings, and the caller's own data ----------------------------------------
    Row("GET", "/scheme", ALL_SIGNED_IN, note="each their own scheme"),
    Row(
        "PATCH",
        "/scheme",
        MANAGERS,
        body=body(acknowledge_days=5),
        headers=lambda w: {"If-Match": "*"},
        note="each manager their own scheme",
    ),
    Row("GET", "/me/export", ALL_SIGNED_IN),
    Row("GET", "/me/home", ALL_SIGNED_IN),
]

# Cells whose answer is known to be wrong: (row label, actor) -> reason. Each is a strict xfail.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


# The world, shared by the cells while nothing is written --------------------------------------


def answer_matches(expected, status: int) -> bool:
    if expected == OK:
        return status < 500 and status not in REFUSALS
    return status == expected


# The cells -----------------------------------------------------------------------------------


def cells() -> list:
    return [cell for row in MATRIX for cell in cells_of(row)]


def cells_of(row: Row):
    for actor, expected in row.expected.items():
        reason = KNOWN_BUGS.get((row.label, actor))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        yield pytest.param(row, actor, expected, id=f"{row.label} as {actor}", marks=marks)


@pytest.mark.parametrize(("row", "actor", "expected"), cells())
def test_cell(scene: Stage, row: Row, actor: str, expected):
    world = scene.current()
    headers = {**scene.headers(actor, row.token), **(row.headers(world) if row.headers else {})}
    json_body = row.body(world) if row.body else None
    writes = row.method not in ("GET", "HEAD")
    before = row_counts() if writes else None
    if writes:
        scene.spoil()  # until the answer shows that nothing was written

    response = scene.app.test_client().open(
        row.url(world.ids), method=row.method, json=json_body, headers=headers
    )

    status = response.status_code
    assert answer_matches(expected, status), (
        f"{row.label} as {actor}: expected {expected}, got {status}: "
        f"{response.get_data(as_text=True)[:500]}"
    )
    if status in (*REFUSALS, 422) and status == expected:
        assert response.mimetype == PROBLEM
    assert b"password_hash" not in response.data
    assert b"$argon2" not in response.data
    if writes and status in (*REFUSALS, 422):
        db.session.expire_all()
        assert row_counts() == before, f"{row.label} as {actor}: a refused request wrote rows"
        scene.world = world
    elif writes and row.keeps_world:
        scene.world = world
        scene.tokens.pop(actor, None)  # refreshed, signed out, or renamed: sign in again


# What lists show: only the records the caller may see ------------------------------------------

# (list, the field naming each item) -> for each actor allowed to read it, the world's records
# it lists, by their names in World.ids. Only the records a list's row names are judged.
LISTS: dict[tuple[str, str], dict[str, str]] = {
    ("/visits", "id"): {
        "visitor": "visit_id draft_visit_id",
        "other_visitor": "",
        "inspector": "visit_id",
        "other_inspector": "",
        "manager": "visit_id draft_visit_id",
        "other_manager": "",
        "visiting_inspector": "visit_id",
        "visiting_manager": "visit_id draft_visit_id",
        "inspecting_viewer": "",
    },
    ("/issues", "id"): {
        "visitor": "issue_id draft_issue_id",
        "other_visitor": "",
        "inspector": "issue_id",
        "other_inspector": "",
        "manager": "issue_id draft_issue_id",
        "other_manager": "",
        "visiting_inspector": "issue_id",
        "visiting_manager": "issue_id draft_issue_id",
        "inspecting_viewer": "",
    },
    ("/sites", "id"): {
        "visitor": "site_id second_site_id",
        "other_visitor": "site_id second_site_id",
        "inspector": "site_id",
        "other_inspector": "second_site_id",
        "viewer": "site_id second_site_id",
        "manager": "site_id second_site_id",
        "other_manager": "other_scheme_site_id",
        "visiting_inspector": "site_id second_site_id",
        "visiting_manager": "site_id second_site_id",
        "inspecting_viewer": "site_id second_site_id",
    },
    ("/people", "id"): {
        "manager": "visitor_id partner_id",
        "other_manager": "",
        "visiting_manager": "visitor_id partner_id",
    },
    ("/plans", "id"): {
        "visitor": "plan_id",
        "other_visitor": "",
        "manager": "plan_id",
        "other_manager": "",
        "visiting_inspector": "",
        "visiting_manager": "plan_id",
    },
    ("/activities", "id"): {
        "visitor": "activity_id",
        "other_visitor": "",
        "manager": "activity_id",
        "other_manager": "",
        "visiting_inspector": "",
        "visiting_manager": "activity_id",
    },
    ("/meetings", "id"): {
        "manager": "meeting_id",
        "other_manager": "",
        "visiting_manager": "meeting_id",
    },
    ("/claims", "id"): {
        "visitor": "claim_id",
        "other_visitor": "",
        "manager": "claim_id",
        "other_manager": "",
        "visiting_inspector": "",
        "visiting_manager": "claim_id",
    },
    ("/notifications", "id"): {actor: "" for actor in SIGNED_IN} | {"visitor": "notification_id"},
    ("/audit", "entity_id"): {
        "manager": "visit_id draft_visit_id",
        "other_manager": "",
        "visiting_manager": "visit_id draft_visit_id",
    },
}


def list_cells() -> list:
    return [
        pytest.param(path, key, actor, set(names.split()), id=f"GET {path} as {actor}")
        for (path, key), expected in LISTS.items()
        for actor, names in expected.items()
    ]


@pytest.mark.parametrize(("path", "key", "actor", "expected"), list_cells())
def test_lists_show_only_what_the_caller_may_see(scene: Stage, path, key, actor, expected):
    world = scene.current()

    response = send(scene, "GET", f"{API}{path}?page_size=100", actor)

    assert response.status_code == 200, response.get_data(as_text=True)
    listed = {str(item[key]) for item in response.get_json()}
    judged = {name for names in LISTS[(path, key)].values() for name in names.split()}
    assert {name for name in judged if str(world.ids[name]) in listed} == expected


# What a record shows: fields some readers must never get ------------------------------------

PRIVATE_PERSON_FIELDS = "home_area gender birth_year left_on leave_reason exit_interview_notes"
HIDDEN_FIELDS = [
    # (URL, actor, fields absent from the body (or from each item of a list))
    ("/people/{person_id}", "visitor", PRIVATE_PERSON_FIELDS),
    ("/me", "visitor", PRIVATE_PERSON_FIELDS),
    ("/plans/{plan_id}", "visitor", "seed site_ids created_by_id"),
    ("/plans", "visitor", "seed site_ids created_by_id"),
    ("/volunteers/hours?year={year}", "viewer", "people"),
    ("/volunteers/cohort?year={year}", "viewer", "leavers"),
]


@pytest.mark.parametrize(
    ("path", "actor", "fields"),
    HIDDEN_FIELDS,
    ids=[f"GET {path} as {actor}" for path, actor, _ in HIDDEN_FIELDS],
)
def test_readers_do_not_get_fields_they_may_not_see(scene: Stage, path, actor, fields):
    world = scene.current()

    response = send(scene, "GET", Row("GET", path, "").url(world.ids), actor)

    assert response.status_code == 200
    data = response.get_json()
    for item in data if isinstance(data, list) else [data]:
        assert set(fields.split()) & set(item) == set()


def test_a_visitor_sees_only_the_plan_items_naming_them(scene: Stage):
    world = scene.current()
    plan = send(scene, "GET", f"{API}/plans/{world.ids['plan_id']}", "visitor").get_json()

    assert [item["id"] for item in plan["items"]] == [world.ids["item_id"]]
    assert all(world.ids["visitor_id"] in item["visitor_ids"] for item in plan["items"])


# The table covers the app ------------------------------------------------------------------


def test_every_endpoint_is_in_the_matrix(app):
    """Walks app.url_map: each endpoint and method (but static files and the API docs' own
    endpoints) must be reached by a row of the table."""
    adapter = app.url_map.bind("localhost")
    dummy = {
        "visit_id": "00000000-0000-4000-8000-000000000001",
        "draft_visit_id": "00000000-0000-4000-8000-000000000002",
        "year": 2025,
        "calendar_token": "a-token",
        **dict.fromkeys(
            ("issue_id", "draft_issue_id", "plan_id", "item_id", "activity_id", "meeting_id"), 1
        ),
        "claim_id": 1,
        "declaration_id": 1,
        "tact_report_id": 1,
        "checklist_kind": "suite",
        "checklist_key": "cells_clean",
        **dict.fromkeys(("person_id", "site_id", "visitor_id", "partner_id"), 1),
    }
    covered = set()
    for row in MATRIX:
        endpoint, _ = adapter.match(row.url(dummy).split("?")[0], method=row.method)
        covered.add((endpoint, row.method))
    endpoints = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not rule.endpoint.startswith("api-docs.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }

    missing = sorted(endpoints - covered)

    assert missing == [], f"add rows to MATRIX for {missing}"


def test_every_row_names_an_outcome_for_every_actor():
    for row in MATRIX:
        assert set(row.expected) == set(ACTORS)
        assert set(row.expected.values()) <= {OK, 401, 403, 404, 422}, row.label


def test_marking_someone_elses_notification_read_does_nothing(scene: Stage):
    world = scene.current()
    scene.spoil()
    notification_id = world.ids["notification_id"]
    for actor in SIGNED_IN:
        if actor == "visitor":
            continue
        response = send(
            scene, "POST", f"{API}/notifications", actor, json_body={"read_ids": [notification_id]}
        )
        assert response.status_code == 200
        assert response.get_json() == {"marked_read": 0}, actor
        listed = send(scene, "GET", f"{API}/notifications", actor).get_json()
        assert notification_id not in [item["id"] for item in listed], actor
    db.session.expire_all()
    assert db.session.get(Notification, notification_id).read_at is None

    response = send(
        scene, "POST", f"{API}/notifications", "visitor", json_body={"read_ids": [notification_id]}
    )

    assert response.get_json() == {"marked_read": 1}


# Mass assignment -----------------------------------------------------------------------------

# Fields a client might try to set that belong to the server (or to a manager).
SERVER_OWNED = (
    "roles",
    "scheme_id",
    "status",
    "id",
    "version",
    "created_by_id",
    "password_hash",
    "aws",
    "site_ids",
    "created_at",
    "updated_at",
    "submitted_at",
    "recorded_by_id",
    "person_id",
    "actor_id",
    "is_admin",
)


@pytest.fixture(scope="module")
def request_schemas(app) -> dict[tuple[str, str], set[str]]:
    """(method, path template) -> the fields the documented request body accepts."""
    spec = app.test_client().get(f"{API}/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    accepted = {}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = content["application/json"]["schema"]
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
            accepted[(method.upper(), path)] = set(schema.get("properties", {}))
    return accepted


def spec_path(case: BodyCase) -> str:
    """The document's path for a case: /visits/{draft_visit_id} is /api/v1/visits/{visit_id}."""
    names = {
        "draft_visit_id": "visit_id",
        "checklist_kind": "kind",
        "checklist_key": "key",
        "tact_report_id": "report_id",
    }
    path = case.path
    for ours, theirs in names.items():
        path = path.replace("{" + ours + "}", "{" + theirs + "}")
    return API + path


def test_every_body_endpoint_is_checked_for_mass_assignment(request_schemas):
    checked = {(case.method, spec_path(case)) for case in BODY_CASES}

    assert sorted(set(request_schemas) - checked) == []


@pytest.mark.parametrize("case", BODY_CASES, ids=lambda case: case.label)
def test_server_owned_fields_are_refused(scene: Stage, request_schemas, case: BodyCase):
    world = scene.current()
    accepted = request_schemas[(case.method, spec_path(case))]
    extras = {name: value_for(name) for name in SERVER_OWNED if name not in accepted}
    payload = {**case.body(world), **extras}
    expected_fields = set(extras)
    if case.nested_in:
        first, *rest = payload[case.nested_in]
        payload[case.nested_in] = [{**first, "scheme_id": 99}, *rest]
        expected_fields.add(f"{case.nested_in}.0.scheme_id")
    ids = world.ids
    scene.headers(case.actor)  # signed in before the rows are counted
    readback = (
        send(scene, "GET", Row("GET", case.readback, "").url(ids), reader(case)).get_json()
        if case.readback
        else None
    )
    before = row_counts()
    scene.spoil()

    response = send(
        scene,
        case.method,
        Row(case.method, case.path, "").url(ids),
        case.actor,
        json_body=payload,
        headers=case.headers(world) if case.headers else None,
    )

    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    named = set(response.get_json().get("errors", {}))
    assert expected_fields <= named, f"not named: {sorted(expected_fields - named)}"
    db.session.expire_all()
    assert row_counts() == before
    if readback is not None:
        again = send(scene, "GET", Row("GET", case.readback, "").url(ids), reader(case))
        assert again.get_json() == readback
    scene.world = world


def reader(case: BodyCase) -> str:
    return "visitor" if case.actor in ("visitor", "anonymous") else "manager"


def value_for(name: str):
    """A plausible value of the type a client would send for the field."""
    values = {
        "roles": ["admin", "manager"],
        "scheme_id": 2,
        "status": "active",
        "id": 1,
        "version": 99,
        "created_by_id": 1,
        "password_hash": "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA",
        "aws": True,
        "site_ids": [1],
        "created_at": "2020-01-01T00:00:00+00:00",
        "updated_at": "2020-01-01T00:00:00+00:00",
        "submitted_at": "2020-01-01T00:00:00+00:00",
        "recorded_by_id": 1,
        "person_id": 1,
        "actor_id": 1,
        "is_admin": True,
    }
    return values[name]
