"""Retention (`icv retention`): on the demo year (2023/24) judged from a day far enough ahead,
a dry run lists what would go without changing anything; a run replaces the detainee
references, redacts the free text and anonymises the people who left, in batches, audited; a
second run changes nothing; and the year's statistics are the same, figure by figure.

The demo is slow to load, so one module fixture loads it, runs the commands and keeps what each
test looks at; every table is emptied before any other test runs.
"""

import json
from datetime import date

import pytest
from sqlalchemy import delete, select

from api.extensions import limiter
from icv.admin import retention
from icv.common.database import db
from icv.demo import demo_scheme
from icv.models import (
    AuditEvent,
    DetaineeEntry,
    Issue,
    IssueEvent,
    Notification,
    Person,
    Scheme,
    TactReport,
    Visit,
)
from tests.support.api_world import row_counts

LONG_AFTER = "2040-06-01"  # the demo year's detail went in 2027, its leavers by 2030
STATS = "/api/v1/stats/annual?year=2023"


def _stats(client, role: str) -> dict:
    response = client.post(
        "/api/v1/auth/login",
        json={"email": demo_scheme.demo_email(role), "password": demo_scheme.demo_password(role)},
    )
    assert response.status_code == 200, response.get_json()
    headers = {"Authorization": f"Bearer {response.get_json()['access_token']}"}
    response = client.get(STATS, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.loads(response.get_data())


def _held() -> dict:
    """What the database holds that retention is about."""
    db.session.expire_all()
    return {
        "refs": sorted(db.session.scalars(select(DetaineeEntry.ref))),
        "issue_refs": sorted(
            ref for ref in db.session.scalars(select(Issue.detainee_ref)) if ref is not None
        ),
        "tact_refs": sorted(db.session.scalars(select(TactReport.detainee_ref))),
        "descriptions": sorted(db.session.scalars(select(Issue.description))),
        "responses": sorted(
            text for text in db.session.scalars(select(Issue.response)) if text is not None
        ),
        "event_texts": sorted(
            text for text in db.session.scalars(select(IssueEvent.text)) if text is not None
        ),
        "notes": sorted(n for n in db.session.scalars(select(Visit.notes)) if n is not None),
        "feedback": [f for f in db.session.scalars(select(Visit.feedback)) if f],
        "bodies": sorted(db.session.scalars(select(Notification.body))),
        "leavers": [
            (person.id, person.name, person.email, person.password_hash, person.anonymised_at)
            for person in db.session.scalars(
                select(Person).where(Person.status == "left").order_by(Person.id)
            )
        ],
        # Sign-ins come and go as the tests read the statistics.
        "rows": {table: n for table, n in row_counts().items() if table != "auth_session"},
    }


@pytest.fixture(scope="module")
def purge(app) -> dict:
    seen = {}
    with app.app_context():
        try:
            scheme = demo_scheme.load_demo()
            scheme_id = scheme.id
            client, runner = app.test_client(), app.test_cli_runner()
            seen["stats_before"] = {role: _stats(client, role) for role in ("manager", "viewer")}
            seen["before"] = _held()
            seen["dry_run"] = runner.invoke(
                args=["retention", "--scheme", str(scheme_id), "--today", LONG_AFTER, "--dry-run"]
            )
            seen["after_dry_run"] = _held()
            seen["plan"] = retention.plan(db.session.get(Scheme, scheme_id), date(2040, 6, 1))
            retention_batch = retention.BATCH_SIZE
            retention.BATCH_SIZE = 40  # several batches of the demo's 113 visits
            try:
                seen["run"] = runner.invoke(args=["retention", "--today", LONG_AFTER])
            finally:
                retention.BATCH_SIZE = retention_batch
            seen["after"] = _held()
            seen["audit"] = [
                (event.entity_id, event.action, event.changes)
                for event in db.session.scalars(
                    select(AuditEvent).where(AuditEvent.entity == "retention")
                )
            ]
            seen["stats_after"] = {role: _stats(client, role) for role in ("manager", "viewer")}
            seen["again"] = runner.invoke(args=["retention", "--today", LONG_AFTER])
            seen["after_again"] = _held()
        finally:
            db.session.rollback()
            for table in reversed(db.metadata.sorted_tables):
                db.session.execute(delete(table))
            db.session.commit()
            db.session.remove()
    limiter.reset()
    return seen


def test_a_dry_run_lists_counts_per_kind_and_year_and_changes_nothing(purge):
    output = purge["dry_run"].output

    assert purge["dry_run"].exit_code == 0, output
    assert "2023/24  visits: 113" in output
    assert "2023/24  detainee_refs: 1096" in output
    assert "people_who_left" in output
    assert purge["after_dry_run"] == purge["before"]


def test_the_dry_run_names_no_one_and_no_reference(purge):
    output = purge["dry_run"].output

    assert not any(ref in output.split() for ref in purge["before"]["refs"])
    assert not any(name in output for _, name, *_ in purge["before"]["leavers"])


def test_the_plan_counts_what_the_run_then_removes(purge):
    planned = {(row["kind"], row["year"]): row["count"] for row in purge["plan"]}
    removed = sum(changes.get("visits", 0) for _, _, changes in purge["audit"])

    assert removed == sum(n for (kind, _), n in planned.items() if kind == "visits")


def test_every_detainee_reference_becomes_an_opaque_token_of_its_own(purge):
    refs = purge["after"]["refs"]

    assert len(refs) == len(purge["before"]["refs"])
    assert all(ref.startswith("removed-") for ref in refs)
    assert len(set(refs)) == len(refs)


def test_issues_and_tact_reports_name_the_tokens_of_their_detainees(purge):
    refs = set(purge["after"]["refs"])

    assert set(purge["after"]["issue_refs"]) <= refs
    assert set(purge["after"]["tact_refs"]) <= refs
    assert len(purge["after"]["tact_refs"]) == len(purge["before"]["tact_refs"])


def test_free_text_is_redacted_to_the_marker(purge):
    after = purge["after"]

    assert set(after["descriptions"]) == {retention.MARKER}
    assert set(after["responses"]) <= {retention.MARKER}
    assert set(after["event_texts"]) <= {retention.MARKER}
    assert set(after["notes"]) <= {retention.MARKER}
    assert all(
        feedback["summary"] == retention.MARKER and feedback["to_name"] == retention.MARKER
        for feedback in after["feedback"]
    )
    assert not set(after["bodies"]) & set(purge["before"]["bodies"]) - {retention.MARKER}


def test_people_who_left_are_former_visitors_without_email_or_password(purge):
    leavers = purge["after"]["leavers"]

    assert leavers
    for person_id, name, email, password_hash, anonymised_at in leavers:
        assert name == f"Former visitor {person_id}"
        assert email == f"former-{person_id}@removed.invalid"
        assert password_hash is None
        assert anonymised_at is not None


def test_rows_are_kept_for_the_counts(purge):
    before, after = purge["before"]["rows"], purge["after"]["rows"]

    assert {t: n for t, n in after.items() if t != "audit_event"} == {
        t: n for t, n in before.items() if t != "audit_event"
    }


def test_the_run_is_audited_batch_by_batch(purge):
    visit_batches = [changes for _, action, changes in purge["audit"] if action == "redact"]

    assert purge["run"].exit_code == 0, purge["run"].output
    visits = purge["before"]["rows"]["visit"]
    assert len(visit_batches) == -(-visits // 40)  # every visit, in batches of 40
    assert sum(batch["visits"] for batch in visit_batches) == visits
    assert any(action == "anonymise" for _, action, _ in purge["audit"])


def test_a_second_run_changes_nothing(purge):
    assert purge["again"].exit_code == 0, purge["again"].output
    assert "visits: 0" in purge["again"].output
    assert purge["after_again"] == purge["after"]


def test_the_year_s_statistics_are_the_same_figure_by_figure(purge):
    """As the viewer reads them (every figure, no names): the whole answer is equal."""
    assert purge["stats_after"]["viewer"] == purge["stats_before"]["viewer"]


def test_the_manager_s_statistics_differ_only_in_the_names_of_those_anonymised(purge):
    before, after = purge["stats_before"]["manager"], purge["stats_after"]["manager"]
    anonymised = {person_id for person_id, *_ in purge["after"]["leavers"]}

    def without_their_names(figures: dict) -> dict:
        """Names of the anonymised masked, and the lists sorted (they are ordered by name)."""
        figures = json.loads(json.dumps(figures))
        for year in (figures, figures["previous_year"]):
            cohort = year["volunteers"]
            for row in cohort["leavers"]:
                row["name"] = "?"
            for row in cohort["milestones"]:
                if row["person_id"] in anonymised:
                    row["name"] = "?"
            for key in ("leavers", "milestones"):
                cohort[key].sort(key=lambda row: json.dumps(row, sort_keys=True))
        return figures

    assert without_their_names(after) == without_their_names(before)
    assert {row["name"] for row in after["volunteers"]["leavers"]} <= {
        f"Former visitor {person_id}" for person_id in anonymised
    }
