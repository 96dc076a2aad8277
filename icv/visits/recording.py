"""Recording visits: writing them, and what follows from their times.

A pair of visitors records a visit on a phone, often offline. The phone may send the same
create again (it did not hear the answer), so a client UUID makes create idempotent; drafts
change under If-Match; a submitted visit changes only by a manager's amendment with a reason.
The rules a visit must keep are `icv.visits.rules`'.
"""

import hashlib
import json
import uuid
from datetime import UTC, datetime

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.errors import Conflict, NotFound, RuleViolation
from icv.models import (
    DETAINEE_OUTCOMES,
    REMOTE_MODES,
    DetaineeEntry,
    DogEntry,
    Issue,
    Person,
    Scheme,
    Site,
    Visit,
    utcnow,
)
from icv.notifications import outbox
from icv.scheduling import coverage, visit_links
from icv.sites.grids import in_handover, slot_of
from icv.sync import tombstones
from icv.visits import dog_welfare, tact_reports
from icv.visits import issues as issues_module
from icv.visits.access_delay import access_band, access_delay_minutes
from icv.visits.detainee_rules import make_consistent
from icv.visits.rules import Changed, check_visit

# Fields a visit's author writes; the rest is derived or owned by the server.
VISIT_FIELDS = (
    "arrived_at",
    "admitted_at",
    "departed_at",
    "access_delay_reason",
    "delay_authorised_by",
    "single_visitor_reason",
    "mode",
    "outcome",
    "curtail_reason",
    "abandon_reason",
    "abandon_note",
    "checks",
    "feedback",
    "notes",
)
DETAINEE_FIELDS = (
    "ref",
    "outcome",
    "reason",
    "gender",
    "age_group",
    "ethnicity",
    "juvenile",
    "vulnerable",
    "tact",
    "denied_by_rank",
    "appropriate_adult",
    "observations",
)
DOG_FIELDS = ("ref", "needs", "location", "notes")


# Reading -------------------------------------------------------------------------------------


def visits_query(
    person: Person,
    *,
    site_id: int | None = None,
    status: str | None = None,
    arrived_from: datetime | None = None,
    arrived_to: datetime | None = None,
    updated_since: datetime | None = None,
) -> Select:
    """The visits `person` may see, narrowed to the filters given.

    With `updated_since` the oldest change comes first, so a phone can sync page by page.
    """
    query = visibility.visible_visits(person)
    if site_id is not None:
        query = query.where(Visit.site_id == site_id)
    if status:
        query = query.where(Visit.status == status)
    if arrived_from:
        query = query.where(Visit.arrived_at >= arrived_from)
    if arrived_to:
        query = query.where(Visit.arrived_at < arrived_to)
    if updated_since:
        return query.where(Visit.updated_at > updated_since).order_by(Visit.updated_at, Visit.id)
    return query.order_by(Visit.arrived_at.desc(), Visit.id)


def totals(visit: Visit) -> dict[str, int]:
    """Detainee figures of one visit, derived from its entries (never stored)."""
    counts = dict.fromkeys(DETAINEE_OUTCOMES, 0)
    for entry in visit.detainees:
        counts[entry.outcome] += 1
    offered = counts["seen"] + counts["refused"]
    return {"in_cells": len(visit.detainees), "offered": offered, **counts}


# Writing -------------------------------------------------------------------------------------


def _digest(data: dict) -> str:
    """A fingerprint of a create request, to tell a retry from a different visit."""

    def plain(value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        return str(value)

    canonical = json.dumps(data, sort_keys=True, default=plain, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _derive(visit: Visit, scheme: Scheme) -> None:
    """What follows from the times and entries, stored so that aggregates are plain SQL."""
    in_person = visit.mode not in REMOTE_MODES
    if visit.admitted_at is not None and in_person:
        visit.access_delay_minutes = access_delay_minutes(visit.arrived_at, visit.admitted_at)
        visit.access = access_band(visit.access_delay_minutes)
    else:
        visit.access_delay_minutes = visit.access = None
    slot = slot_of(visit.site.kind, visit.arrived_at, scheme.timezone) if in_person else None
    visit.slot_day, visit.slot_band = slot if slot else (None, None)
    visit.in_handover = in_handover(visit.arrived_at, scheme.timezone)
    visit.duration_minutes = (
        int((visit.departed_at - visit.arrived_at).total_seconds() // 60)
        if visit.departed_at
        else None
    )
    visit.tact_report_required = any(
        entry.tact and entry.outcome == "seen" for entry in visit.detainees
    )


def _plain_feedback(feedback: dict | None) -> dict | None:
    """Feedback as stored in JSON: its time in ISO 8601 with its offset."""
    if not feedback:
        return None
    at = feedback.get("at")
    return {**feedback, "at": at.isoformat() if isinstance(at, datetime) else at}


def _apply(visit: Visit, state: dict, site: Site, visitors: list[Person], scheme: Scheme):
    if visit in db.session:
        # Entries are replaced whole; the old rows must go before new ones reuse their refs.
        visit.detainees, visit.dogs = [], []
        db.session.flush()
    for field in VISIT_FIELDS:
        setattr(visit, field, state[field])
    visit.checks = {key: dict(answer) for key, answer in (state["checks"] or {}).items()}
    visit.feedback = _plain_feedback(state["feedback"])
    visit.site_id, visit.site = site.id, site
    if visit in db.session:
        for gone in {person.id for person in visit.visitors} - {person.id for person in visitors}:
            tombstones.bury(visit.scheme_id, "visit", [visit.id], person_id=gone)
    visit.visitors = visitors
    visit.detainees = [
        DetaineeEntry(position=i, **{f: entry.get(f) for f in DETAINEE_FIELDS})
        for i, entry in enumerate(state["detainees"])
    ]
    for entry in visit.detainees:
        entry.ref = entry.ref.strip()
        entry.observations = dict(entry.observations or {})
        entry.juvenile, entry.vulnerable, entry.tact = (
            bool(entry.juvenile),
            bool(entry.vulnerable),
            bool(entry.tact),
        )
    visit.dogs = [
        DogEntry(position=i, **{f: entry.get(f) for f in DOG_FIELDS})
        for i, entry in enumerate(state["dogs"])
    ]
    visit.updated_at = utcnow()
    _derive(visit, scheme)


ISSUE_FIELDS = (
    "category",
    "description",
    "raised_by",
    "detainee_ref",
    "resolved_during_visit",
    "urgent",
)


def _replace_issues(visit: Visit, items: list[dict]) -> None:
    """Makes the draft's issues those listed. An issue listed again unchanged keeps its row (and
    so its id, and whether its urgent concern was already told); the rest are replaced. The
    issues an urgent dog-unit check raised follow their checks instead (`dog_welfare`)."""
    wanted = [
        {
            **{field: item.get(field) for field in ISSUE_FIELDS},
            "detainee_ref": item.get("detainee_ref") or None,
            "urgent": bool(item.get("urgent", False)),
        }
        for item in items
    ]
    from_checks = [issue for issue in visit.issues if issue.check_key]
    kept, unmatched = [], [issue for issue in visit.issues if not issue.check_key]
    for values in wanted:
        same = next(
            (
                issue
                for issue in unmatched
                if all(getattr(issue, field) == values[field] for field in ISSUE_FIELDS)
            ),
            None,
        )
        if same is not None:
            unmatched.remove(same)
            kept.append(same)
        else:
            kept.append(
                Issue(
                    scheme_id=visit.scheme_id,
                    site_id=visit.site_id,
                    status=issues_module.initial_status(values["resolved_during_visit"]),
                    **values,
                )
            )
    tombstones.bury(visit.scheme_id, "issue", [issue.id for issue in unmatched if issue.id])
    for issue in unmatched:
        db.session.delete(issue)
    for issue in kept:
        issue.site_id = visit.site_id
    visit.issues = kept + from_checks


def _with_defaults(data: dict) -> dict:
    state = {field: data.get(field) for field in VISIT_FIELDS}
    state.update(
        site_id=data["site_id"],
        visitor_ids=list(data.get("visitor_ids") or []),
        detainees=list(data.get("detainees") or []),
        dogs=list(data.get("dogs") or []),
        issues=list(data.get("issues") or []),
        mode=data.get("mode") or "in_person",
        outcome=data.get("outcome") or "completed",
        status=data.get("status") or "draft",
        checks=data.get("checks") or {},
    )
    return _normalised(state)


def create_visit(scheme: Scheme, actor: Person, data: dict) -> tuple[Visit, bool]:
    """Records a visit; returns it and whether it is new.

    The same request again under the same client id returns the visit as it now is; another
    request under that id is a conflict. Two identical requests at once make one visit. A new
    visit is marked `repeat_slot` when it went to an already covered slot, and linked to the
    plan item and the claim it carries out, in its own transaction (never refused for either).
    """
    visit_id = str(data["id"]) if data.get("id") else str(uuid.uuid4())
    digest = _digest(data)
    existing = db.session.get(Visit, visit_id)
    if existing is not None:
        return _replay(existing, scheme, digest, actor), False

    state = _with_defaults(data)
    site, visitors = check_visit(state, scheme, actor)
    visit = Visit(
        id=visit_id,
        scheme_id=scheme.id,
        status=state["status"],
        create_digest=digest,
        created_by_id=actor.id,
    )
    _apply(visit, state, site, visitors, scheme)
    _replace_issues(visit, state["issues"])
    dog_welfare.sync_urgent_issues(visit)
    visit.repeat_slot = coverage.repeats_covered_slot(visit)
    # Everything the rows carry is set before they are written, so the visit, its entries and
    # its issues are inserted once each (batched), whatever their number; the messages that
    # name an issue need its id, and follow the insert.
    # Urgent concerns first: told as urgent (to the managers too), never as plain issues.
    notices = outbox.urgent_notices(visit)
    if visit.status == "submitted":
        _stamp_submitted(visit, actor)
        notices += outbox.submission_notices(visit)
    db.session.add(visit)
    audit.record(scheme.id, actor, "visit", visit.id, "create", {"status": visit.status})
    try:
        db.session.flush()
        outbox.tell(visit, notices)
        visit_links.link_visit(visit)
        tact_reports.sync(visit)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.get(Visit, visit_id)
        if existing is None:
            raise
        return _replay(existing, scheme, digest, actor), False
    return visit, True


def _replay(existing: Visit, scheme: Scheme, digest: str, actor: Person) -> Visit:
    """The visit a retried create made, for those who may see it; any other use of the id is
    a conflict that reveals nothing of the visit."""
    if (
        existing.scheme_id != scheme.id
        or existing.create_digest != digest
        or not visibility.may_see_visit(actor, existing.id)
    ):
        raise Conflict(
            "A different visit was already recorded under this id.",
            {"id": ["Already used for another visit."]},
        )
    return existing


def _state_of(visit: Visit) -> dict:
    state = {field: getattr(visit, field) for field in VISIT_FIELDS}
    state.update(
        site_id=visit.site_id,
        visitor_ids=visit.visitor_ids,
        detainees=[{f: getattr(e, f) for f in DETAINEE_FIELDS} for e in visit.detainees],
        dogs=[{f: getattr(e, f) for f in DOG_FIELDS} for e in visit.dogs],
        issues=[
            {
                "category": issue.category,
                "description": issue.description,
                "raised_by": issue.raised_by,
                "detainee_ref": issue.detainee_ref,
                "resolved_during_visit": issue.resolved_during_visit,
                "urgent": issue.urgent,
            }
            for issue in visit.issues
            if not issue.check_key
        ],
        status=visit.status,
    )
    return state


def _normalised(changes: dict) -> dict:
    """Changes in the shape a visit's state holds them."""
    normal = dict(changes)
    if "detainees" in normal:
        normal["detainees"] = [make_consistent(entry) for entry in normal["detainees"]]
    if "feedback" in normal:
        normal["feedback"] = _plain_feedback(normal["feedback"])
    if "dogs" in normal:
        normal["dogs"] = [dog_welfare.normalised(entry) for entry in normal["dogs"]]
    return normal


def _changed(before: dict, after: dict) -> dict:
    return {key: [before[key], after[key]] for key in after if before.get(key) != after[key]}


def update_visit(
    visit: Visit,
    actor: Person,
    changes: dict,
    *,
    amendment_reason: str | None = None,
) -> Visit:
    """Edits a draft, or amends a submitted visit (a manager, with a reason, audited).

    A draft edit that changes nothing writes nothing: the version (and so every phone's ETag)
    stays, and the audit trail holds no empty edit. An amendment that changes nothing is
    refused, so that the manager knows their reason was not recorded."""
    scheme = visit.site.scheme
    if visit.status == "submitted":
        if not actor.has_role("manager"):
            raise Conflict("A submitted visit can be changed only by the manager.")
        if not (amendment_reason or "").strip():
            raise RuleViolation("amendment_reason", "Say why a submitted visit is amended.")
        if "issues" in changes:
            raise RuleViolation(
                "issues", "Issues of a submitted visit are followed up through /issues."
            )
    elif not visibility.may_see_visit(actor, visit.id):
        raise NotFound("visit")
    before = _state_of(visit)
    state = {**before, **_normalised(changes)}
    changed = _changed(before, state)
    if not changed and visit.status == "submitted":
        raise RuleViolation("amendment_reason", "Nothing in the visit changes: nothing to amend.")
    if not changed:
        return visit
    site, visitors = check_visit(state, scheme, actor, changed=Changed(set(changed), before))
    _apply(visit, state, site, visitors, scheme)
    if "issues" in changes:
        _replace_issues(visit, state["issues"])
    if "issues" in changes or changed.keys() & {"checks", "site_id"}:
        dog_welfare.sync_urgent_issues(visit)
        db.session.flush()
        outbox.urgent_concerns(visit)
    if "detainees" in changed:
        db.session.flush()
        tact_reports.sync(visit)
    action = "amend" if visit.status == "submitted" else "update"
    audit.record(scheme.id, actor, "visit", visit.id, action, changed, amendment_reason)
    db.session.commit()
    return visit


def _stamp_submitted(visit: Visit, actor: Person) -> None:
    """Submission starts the issues' clock."""
    visit.status = "submitted"
    visit.submitted_at, visit.submitted_by_id = utcnow(), actor.id
    visit.updated_at = visit.submitted_at
    issues_module.mark_raised(visit.issues, visit.submitted_at)


def _mark_submitted(visit: Visit, actor: Person) -> None:
    """Submission starts the issues' clock and tells the inspectors, in this transaction."""
    _stamp_submitted(visit, actor)
    outbox.visit_submitted(visit)
    tact_reports.sync(visit)


def submit_visit(visit: Visit, actor: Person) -> Visit:
    """Submits a draft once it is complete; submitting again changes nothing."""
    if visit.status == "submitted":
        return visit
    scheme = visit.site.scheme
    state = {**_state_of(visit), "status": "submitted"}
    check_visit(state, scheme, actor, changed=Changed({"status"}, state))
    _mark_submitted(visit, actor)
    audit.record(scheme.id, actor, "visit", visit.id, "submit", {"status": ["draft", "submitted"]})
    db.session.commit()
    return visit
