"""A valid request for every endpoint that takes a JSON body, on the records of
`tests.support.api_world`.

The mass-assignment checks of the authorization matrix and the bad-input battery send each of
them spoiled in one way and expect it refused, writing nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from tests.support.api_world import API, VISIT_DAY, World, visit_body, visit_etag
from tests.support.app import PASSWORD
from tests.support.claims import MORNING, week_ahead


def new_person(w: World) -> dict:
    return {
        "name": "Nia New",
        "email": "nia.new@example.org",
        "password": PASSWORD,
        "roles": ["visitor"],
        "status": "active",
        "joined_on": "2024-05-01",
    }


def new_visit(w: World) -> dict:
    pair = [w.ids["visitor_id"], w.ids["partner_id"]]
    return visit_body(w.ids["site_id"], pair, at=VISIT_DAY + timedelta(days=2), status="draft")


def if_match(which: str) -> Callable[[World], dict]:
    return lambda w: {"If-Match": visit_etag(w.ids[f"{which}_version"], w.ids[f"{which}_id"])}


def body(**fields) -> Callable[[World], dict]:
    return lambda w: fields


@dataclass(frozen=True)
class BodyCase:
    """A valid request with a body, sent by an actor allowed to send it."""

    method: str
    path: str
    actor: str
    body: Callable[[World], dict]
    readback: str | None = None  # a URL whose answer must not change (the record written)
    headers: Callable[[World], dict] | None = None
    nested_in: str | None = None  # a list of entries: its first entry also gets a scheme_id

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def url(self, ids: dict) -> str:
        return API + self.path.format(**ids)


def credentials(w: World) -> dict:
    return {"email": w.emails["visitor"], "password": PASSWORD}


BODY_CASES = [
    BodyCase(
        "PATCH",
        "/scheme",
        "manager",
        body(acknowledge_days=5),
        readback="/scheme",
        headers=lambda w: {"If-Match": "*"},
    ),
    BodyCase("POST", "/auth/login", "anonymous", credentials),
    BodyCase("POST", "/auth/session", "anonymous", credentials),
    BodyCase("PATCH", "/me", "visitor", body(name="Vic V"), readback="/me"),
    BodyCase("POST", "/people", "manager", new_person),
    BodyCase(
        "PATCH", "/people/{person_id}", "manager", body(name="Vic"), readback="/people/{person_id}"
    ),
    BodyCase(
        "POST",
        "/people/{person_id}/renew-term",
        "manager",
        body(note="Renewed"),
        readback="/people/{person_id}",
    ),
    BodyCase(
        "POST",
        "/activities",
        "manager",
        lambda w: {
            "person_id": w.ids["visitor_id"],
            "kind": "other",
            "date": "2026-02-10",
            "hours": 1,
        },
    ),
    BodyCase(
        "POST",
        "/meetings",
        "manager",
        lambda w: {"date": "2026-02-17", "hours": 2, "attendee_ids": [w.ids["visitor_id"]]},
    ),
    BodyCase("POST", "/sites", "manager", body(name="New Suite", kind="custody_suite", cells=8)),
    BodyCase(
        "POST",
        "/checklists/{checklist_kind}/items",
        "manager",
        body(key="hearing_loop", label="Hearing loop at the desk"),
    ),
    BodyCase(
        "PATCH",
        "/checklists/{checklist_kind}/items/{checklist_key}",
        "manager",
        body(label="Cells clean and dry"),
        readback="/checklists",
    ),
    BodyCase(
        "POST",
        "/tact-reports/{tact_report_id}/sent",
        "manager",
        body(sent_on="2026-03-12"),
        readback="/tact-reports",
    ),
    BodyCase("PATCH", "/sites/{site_id}", "manager", body(cells=40), readback="/sites/{site_id}"),
    BodyCase(
        "POST",
        "/visits",
        "visitor",
        new_visit,
        nested_in="detainees",
    ),
    BodyCase(
        "PATCH",
        "/visits/{draft_visit_id}",
        "visitor",
        body(notes="Second thoughts"),
        readback="/visits/{draft_visit_id}",
        headers=if_match("draft_visit"),
    ),
    BodyCase(
        "PATCH",
        "/issues/{issue_id}",
        "manager",
        body(category="healthcare"),
        readback="/issues/{issue_id}",
    ),
    BodyCase(
        "POST",
        "/issues/{issue_id}/acknowledge",
        "inspector",
        body(response="Noted"),
        readback="/issues/{issue_id}",
    ),
    BodyCase(
        "POST",
        "/issues/{issue_id}/resolve",
        "inspector",
        body(response="Fixed"),
        readback="/issues/{issue_id}",
    ),
    BodyCase(
        "POST",
        "/issues/{issue_id}/reopen",
        "manager",
        body(reason="Again"),
        readback="/issues/{issue_id}",
    ),
    BodyCase("POST", "/issue-categories", "manager", body(key="transport", label="Transport")),
    BodyCase(
        "POST",
        "/notifications",
        "visitor",
        lambda w: {"read_ids": [w.ids["notification_id"]]},
        readback="/notifications",
    ),
    BodyCase(
        "POST",
        "/claims",
        "visitor",
        lambda w: {
            "site_id": w.ids["site_id"],
            "week_start": week_ahead(1).isoformat(),
            "day": "Tue",
            "band": MORNING,
            "partner_id": w.ids["partner_id"],
        },
    ),
    BodyCase(
        "POST",
        "/plans",
        "manager",
        lambda w: {"site_ids": [w.ids["site_id"]], "from": "2026-12-21", "weeks": 1},
    ),
    BodyCase("POST", "/auth/confirm", "visitor", body(password=PASSWORD)),
    BodyCase(
        "POST",
        "/auth/invitation/accept",
        "anonymous",
        body(token="an-unknown-token", password="a long passphrase of my own"),
    ),
    BodyCase("POST", "/auth/password-reset", "anonymous", lambda w: {"email": w.emails["visitor"]}),
    BodyCase(
        "POST",
        "/auth/password-reset/confirm",
        "anonymous",
        body(token="an-unknown-token", password="a long passphrase of my own"),
    ),
    BodyCase("POST", "/me/second-factor/confirm", "visitor", body(code="000000")),
    BodyCase(
        "POST",
        "/people/{person_id}/declarations",
        "visitor",
        body(kind="other", detail="I sit as a lay magistrate.", declared_on="2026-02-01"),
        readback="/people/{person_id}/declarations",
    ),
    BodyCase(
        "PATCH",
        "/people/{person_id}/declarations/{declaration_id}",
        "manager",
        lambda w: {"decision": "restricted_to_sites", "site_ids": [w.ids["second_site_id"]]},
        readback="/people/{person_id}/declarations/{declaration_id}",
    ),
    BodyCase(
        "PUT",
        "/stats/throughput/{year}",
        "manager",
        body(detainees=15475),
        readback="/stats/throughput/{year}",
    ),
]
