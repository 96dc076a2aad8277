"""A small world of two schemes, for the authorization matrix and the API fuzzing.

Everything of interest belongs to the first scheme (Northshire): a submitted visit at the
Central Suite by the visitor and a partner, with an open issue; a draft visit by the same pair
(with an issue noted, not yet raised); a notification in the visitor's inbox; a plan with an
item naming the pair and one naming the partner alone; an activity of the visitor and a meeting
the pair attended; a claim of the partner's naming the visitor as partner; the visitor's
calendar feed. The second scheme (Southshire) has only its manager and a suite. Records are
written through the domain, as the API would write them.

The people are the actors of `ACTORS` (and the visitor's partner); each signs in with
`tests.conftest.PASSWORD`.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import Flask
from sqlalchemy import Table, delete, func, select

from icv.admin import national, schemes
from icv.calendar import tokens
from icv.common.database import db
from icv.models import (
    Notification,
    Person,
    Plan,
    PlanItem,
    PlanItemVisitor,
    TactReport,
    Visit,
)
from icv.people import activities, declarations
from icv.scheduling import claims
from icv.visits.recording import create_visit
from tests.support.app import PASSWORD
from tests.support.claims import MORNING, week_ahead
from tests.support.records import make_person, make_site
from tests.support.visits import feedback_before

ACTORS = (
    "anonymous",
    "visitor",  # one of the visit's two visitors
    "other_visitor",  # a visitor of the same scheme, not on that visit
    "inspector",  # inspector of the visit's site
    "other_inspector",  # inspector of another site of the same scheme
    "viewer",
    "manager",
    "other_manager",  # manager of another scheme
    # People of two roles, who see what either role lets them see:
    "visiting_inspector",  # a visitor (not on the visit) who inspects the visit's site
    "visiting_manager",  # a visitor (not on the visit) who is also a manager of the scheme
    "inspecting_viewer",  # an inspector of another site who is also a viewer
    "national",  # a national body's account, of no scheme: reads only the national benchmarks
)
# Everyone signed in to a scheme (the national account belongs to none).
SIGNED_IN = tuple(actor for actor in ACTORS[1:] if actor != "national")

API = "/api/v1"
VISIT_DAY = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # a Tuesday, GMT: local time is UTC
REPORT_YEAR = 2025  # the financial year 2025/26, which holds VISIT_DAY


@dataclass
class World:
    emails: dict[str, str]  # actor -> email (the visitor's partner too, as "partner")
    person_ids: dict[str, int]
    ids: dict[str, object] = field(default_factory=dict)  # what URL templates name


def visit_body(site_id: int, visitor_ids: list[int], *, at: datetime = VISIT_DAY, **fields):
    """A complete custody-suite visit, as JSON: two detainees and one unresolved issue."""
    return {
        "site_id": site_id,
        "visitor_ids": visitor_ids,
        "arrived_at": at.isoformat(),
        "admitted_at": (at + timedelta(minutes=3)).isoformat(),
        "departed_at": (at + timedelta(minutes=90)).isoformat(),
        "detainees": [
            {"ref": "C1", "outcome": "seen", "gender": "male", "age_group": "25_34"},
            {"ref": "C2", "outcome": "refused", "reason": "Wanted to sleep"},
        ],
        "issues": [
            {
                "category": "food_and_drink",
                "description": "No hot drink offered since arrest",
                "raised_by": "detainee",
                "detainee_ref": "C1",
                "resolved_during_visit": False,
            }
        ],
        "checks": {"cells_clean": {"result": "ok"}, "food_in_date": {"result": "ok"}},
        "feedback": feedback_before(at + timedelta(minutes=90)),
        **fields,
    }


def _as_loaded(body: dict) -> dict:
    """The body as the request schema would load it (times parsed, defaults filled)."""
    loaded = {**body}
    for name in ("arrived_at", "admitted_at", "departed_at"):
        loaded[name] = datetime.fromisoformat(body[name])
    defaults = {"juvenile": False, "vulnerable": False, "tact": False}
    loaded["detainees"] = [{**defaults, **entry} for entry in body["detainees"]]
    loaded["issues"] = [{"urgent": False, **item} for item in body["issues"]]
    loaded.setdefault("dogs", [])
    loaded.setdefault("mode", "in_person")
    loaded.setdefault("outcome", "completed")
    return loaded


def build_world() -> World:
    """Writes the world into the (empty) database of the current app context.

    Ids are read once, when each record is made: every commit expires what the session holds.
    """
    scheme = schemes.create_scheme("Northshire")
    other_scheme = schemes.create_scheme("Southshire")
    suite_id = make_site(scheme, "Central Suite", cells=36).id
    second_suite_id = make_site(scheme, "Harbour Suite", cells=18).id
    other_suite_id = make_site(other_scheme, "Southern Suite", cells=12).id

    emails = {
        "manager": "manager@northshire.example",
        "visitor": "visitor@northshire.example",
        "partner": "partner@northshire.example",
        "other_visitor": "other.visitor@northshire.example",
        "inspector": "inspector@northshire.example",
        "other_inspector": "harbour.inspector@northshire.example",
        "viewer": "viewer@northshire.example",
        "other_manager": "manager@southshire.example",
        "visiting_inspector": "visiting.inspector@northshire.example",
        "visiting_manager": "visiting.manager@northshire.example",
        "inspecting_viewer": "inspecting.viewer@northshire.example",
        "national": "national@association.example",
    }
    national.create_national_account(emails["national"], "National Association", PASSWORD)
    manager = make_person(scheme, "manager", email=emails["manager"])
    visitor = make_person(scheme, "visitor", email=emails["visitor"], aws=True)
    make_person(scheme, "visitor", email=emails["partner"], name="Pat Partner")
    make_person(scheme, "visitor", email=emails["other_visitor"], name="Olly Other")
    make_person(scheme, "inspector", email=emails["inspector"], site_ids=[suite_id])
    make_person(
        scheme,
        "inspector",
        email=emails["other_inspector"],
        name="Harbour Inspector",
        site_ids=[second_suite_id],
    )
    make_person(scheme, "viewer", email=emails["viewer"])
    make_person(other_scheme, "manager", email=emails["other_manager"])
    make_person(
        scheme,
        "visitor",
        "inspector",
        email=emails["visiting_inspector"],
        name="Vera Visiting-Inspector",
        site_ids=[suite_id],
    )
    make_person(
        scheme, "visitor", "manager", email=emails["visiting_manager"], name="Max Visiting-Manager"
    )
    make_person(
        scheme,
        "inspector",
        "viewer",
        email=emails["inspecting_viewer"],
        name="Ivy Inspecting-Viewer",
        site_ids=[second_suite_id],
    )
    id_of = {
        email: person_id for email, person_id in db.session.execute(select(Person.email, Person.id))
    }
    person_ids = {name: id_of[email] for name, email in emails.items()}
    pair = [person_ids["visitor"], person_ids["partner"]]

    visit, _ = create_visit(
        scheme,
        visitor,
        _as_loaded(visit_body(suite_id, pair, status="submitted")),
    )
    visit_id, visit_version, issue_id = visit.id, visit.version, visit.issues[0].id
    draft, _ = create_visit(
        scheme,
        visitor,
        _as_loaded(visit_body(suite_id, pair, at=VISIT_DAY + timedelta(days=1), status="draft")),
    )
    draft_id, draft_version, draft_issue_id = draft.id, draft.version, draft.issues[0].id

    scheme_id = scheme.id
    notification = Notification(
        scheme_id=scheme_id,
        person_id=pair[0],
        kind="issue_response",
        subject="The suite answered your issue",
        body="Hot drinks are now offered on arrival.",
        link=f"/api/v1/issues/{issue_id}",
        visit_id=visit_id,
        issue_id=issue_id,
    )
    monday = date(2026, 12, 7)
    item = PlanItem(
        site_id=suite_id,
        period_start=monday,
        week_start=monday,
        slot_day=2,
        slot_band=1,
        status="proposed",
        visitors=[PlanItemVisitor(person_id=person_id) for person_id in pair],
    )
    next_monday = monday + timedelta(weeks=1)
    partners_item = PlanItem(  # names the partner alone: the visitor must not see it
        site_id=suite_id,
        period_start=next_monday,
        week_start=next_monday,
        slot_day=4,
        slot_band=3,
        status="proposed",
        visitors=[PlanItemVisitor(person_id=pair[1])],
    )
    plan = Plan(
        scheme_id=scheme_id,
        created_by_id=person_ids["manager"],
        starts_on=monday,
        weeks=2,
        include_handover=False,
        seed=7,
        site_ids=[suite_id],
        items=[item, partners_item],
    )
    tact_report = TactReport(  # as if C1 had been held under terrorism legislation
        scheme_id=scheme_id,
        visit_id=visit_id,
        site_id=suite_id,
        detainee_ref="C1",
        visited_at=VISIT_DAY,
        status="due",
        due_on=VISIT_DAY.date() + timedelta(days=14),
    )
    db.session.add_all([notification, plan, tact_report])
    db.session.flush()
    notification_id, plan_id, item_id = notification.id, plan.id, item.id
    tact_report_id = tact_report.id
    db.session.commit()

    activity = activities.record_activity(
        scheme,
        manager,
        {
            "person_id": pair[0],
            "kind": "training",
            "date": date(2026, 2, 3),
            "hours": Decimal("2.5"),
        },
    )
    activity_id = activity.id
    meeting = activities.record_meeting(
        scheme,
        manager,
        {"date": date(2026, 1, 20), "hours": Decimal("2"), "attendee_ids": pair},
    )

    claim = claims.create_claim(
        scheme,
        manager,
        {
            "site_id": suite_id,
            "week_start": week_ahead(),
            "day": "Mon",
            "band": MORNING,
            "claimant_id": pair[1],
            "partner_id": pair[0],
            "override_reason": "Placed for the tests",
        },
    )
    claim_id = claim.id
    calendar_token = tokens.new_token(visitor)
    declaration = declarations.declare(
        visitor,
        visitor,
        {
            "kind": "family_in_police",
            "detail": "My cousin is a custody sergeant elsewhere.",
            "declared_on": date(2026, 1, 5),
        },
    )

    ids = {
        "visit_id": visit_id,
        "visit_version": visit_version,
        "draft_visit_id": draft_id,
        "draft_visit_version": draft_version,
        "issue_id": issue_id,
        "draft_issue_id": draft_issue_id,  # an issue noted on the draft: not raised yet
        "notification_id": notification_id,
        "plan_id": plan_id,
        "item_id": item_id,
        "activity_id": activity_id,
        "meeting_id": meeting.id,
        "tact_report_id": tact_report_id,
        "checklist_kind": "suite",
        "checklist_key": "cells_clean",
        "declaration_id": declaration.id,  # the visitor's own, not yet reviewed
        "claim_id": claim_id,  # the partner's claim, naming the visitor as their partner
        "calendar_token": calendar_token,  # the visitor's feed
        "person_id": pair[0],  # the visitor's own record
        "visitor_id": pair[0],
        "partner_id": pair[1],
        "site_id": suite_id,
        "second_site_id": second_suite_id,
        "other_scheme_site_id": other_suite_id,
        "year": REPORT_YEAR,
    }
    return World(emails=emails, person_ids=person_ids, ids=ids)


def sign_in(client, email: str, password: str = PASSWORD) -> dict:
    """Both tokens of a fresh sign-in: {"access": headers, "refresh": headers}."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_data(as_text=True)
    tokens = response.get_json()
    return {
        "access": {"Authorization": f"Bearer {tokens['access_token']}"},
        "refresh": {"Authorization": f"Bearer {tokens['refresh_token']}"},
    }


def empty_database() -> None:
    """Deletes every row, children first (as the `ctx` fixture does after each test)."""
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()
    db.session.remove()


def row_counts() -> dict[str, int]:
    """The number of rows of every table, in one query."""
    tables: list[Table] = list(db.metadata.sorted_tables)
    counts = select(*(select(func.count()).select_from(t).scalar_subquery() for t in tables))
    values = db.session.execute(counts).one()
    return {table.name: value for table, value in zip(tables, values, strict=True)}


def visit_etag(version: int, visit_id: str) -> str:
    return f'"{Visit.__tablename__}-{visit_id}-v{version}"'


class Stage:
    """The world and each actor's tokens, built again after a test wrote something."""

    def __init__(self, app: Flask):
        self.app = app
        self.world: World | None = None
        self.tokens: dict[str, dict] = {}

    def current(self) -> World:
        if self.world is None:
            empty_database()
            self.world = build_world()
            self.tokens = {}
        return self.world

    def spoil(self) -> None:
        self.world = None

    def headers(self, actor: str, which: str = "access") -> dict:
        if actor == "anonymous":
            return {}
        if actor not in self.tokens:
            self.tokens[actor] = sign_in(self.app.test_client(), self.current().emails[actor])
        return dict(self.tokens[actor][which])


def send(stage: Stage, method: str, url: str, actor: str, *, json_body=None, headers=None):
    all_headers = {**stage.headers(actor), **(headers or {})}
    return stage.app.test_client().open(url, method=method, json=json_body, headers=all_headers)
