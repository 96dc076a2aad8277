"""The rules a visit must keep, all checked at once so that one answer names every bad field.

Times come in order and not far in the future; the site is the scheme's and open that day; the
visitors may make the visit and go together (`icv.people.eligibility`), a TACT detainee seen
was seen by someone trained for it, and the recorder took part, unless a manager records it;
entries fit the kind of site, each detainee's record is consistent (`icv.visits.
detainee_rules`) and each dog's welfare concern says what it is (`icv.visits.dog_welfare`);
checks answer the site's checklist; the outcome has its reason; a delay over five minutes has
its reason; a submitted visit is complete, with the feedback given before
leaving.

A rule is judged when what it is about is written: `changed` names the fields a change writes
(None: a new visit, everything). So a visit recorded before a rule existed, or a visitor who
has since left, does not stop an amendment of something else.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from icv.admin import custody_refs
from icv.common.database import db
from icv.common.dates import zone
from icv.common.errors import Problems
from icv.models import CHECKLIST_OF_SITE_KIND, Person, Scheme, Site, utcnow
from icv.people.declarations import NO_BAR, bars_of
from icv.people.eligibility import tact_trained, why_may_not_go_together, why_may_not_visit
from icv.sites import sites
from icv.visits import checklists, dog_welfare
from icv.visits.access_delay import access_band, access_delay_minutes
from icv.visits.detainee_rules import check_detainees
from icv.visits.issues import active_category_keys

ARRIVAL_FUTURE_TOLERANCE = timedelta(minutes=5)
LONGEST_VISIT = timedelta(hours=12)


def _check_times(state: dict, scheme_now: datetime, problems: Problems) -> None:
    arrived, admitted, departed = state["arrived_at"], state["admitted_at"], state["departed_at"]
    if arrived > scheme_now + ARRIVAL_FUTURE_TOLERANCE:
        problems.add("arrived_at", "Arrival cannot be in the future.")
    if admitted is not None and admitted < arrived:
        problems.add("admitted_at", "Admittance cannot be before arrival.")
    if departed is not None:
        if departed < (admitted or arrived):
            problems.add("departed_at", "Departure cannot be before admittance or arrival.")
        elif departed - arrived > LONGEST_VISIT:
            problems.add("departed_at", "A visit cannot last over 12 hours.")


def _check_visitors(
    state: dict,
    scheme: Scheme,
    site: Site,
    actor: Person,
    changed: "Changed",
    problems: Problems,
) -> list[Person]:
    ids = state["visitor_ids"]
    if not ids:
        problems.add("visitor_ids", "A visit needs its visitors.")
        return []
    if len(set(ids)) != len(ids):
        problems.add("visitor_ids", "A visitor is listed twice.")
    visitors = list(
        db.session.scalars(
            select(Person)
            .where(Person.scheme_id == scheme.id, Person.id.in_(ids))
            .options(lazyload(Person.sites))  # their roles and status are judged, not sites
        )
    )
    if len(visitors) != len(set(ids)):
        problems.add("visitor_ids", "Unknown visitor.")
    if changed.any_of("visitor_ids", "site_id"):
        day = state["arrived_at"].astimezone(zone(scheme.timezone)).date()
        bars = bars_of([person.id for person in visitors])
        for person in visitors:
            bar = bars.get(person.id, NO_BAR)
            reason = why_may_not_visit(person, site.kind, site_id=site.id, on=day, bar=bar)
            if reason:
                problems.add("visitor_ids", reason)
        reason = why_may_not_go_together(visitors)
        if reason:
            problems.add("visitor_ids", reason)
    if changed.any_of("visitor_ids", "detainees"):
        _check_tact_training(state, scheme, visitors, problems)
    if not actor.has_role("manager") and actor.id not in ids:
        problems.add("visitor_ids", "You can record only visits you took part in.")
    if (
        state["mode"] == "in_person"
        and len(set(ids)) == 1
        and not (state["single_visitor_reason"] or "").strip()
    ):
        problems.add(
            "single_visitor_reason", "Visits are made in pairs: say why one visitor went alone."
        )
    return sorted(visitors, key=lambda person: person.id)


def _check_refs(entries: list[dict], field: str, problems: Problems) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        ref = entry["ref"].strip().upper()
        if ref in seen:
            problems.add(f"{field}.{index}.ref", "This reference is already listed.")
        seen.add(ref)


def _check_outcome(state: dict, problems: Problems) -> None:
    """A curtailed visit says why it was cut short; an abandoned one why, as a key (and a note
    for `other`), and saw nobody."""
    outcome = state["outcome"]
    if outcome == "curtailed":
        if not (state["curtail_reason"] or "").strip():
            problems.add("curtail_reason", "Say why the visit was cut short.")
    elif state["curtail_reason"]:
        problems.add("curtail_reason", "Only a curtailed visit has a curtail reason.")
    if outcome == "abandoned":
        if not state["abandon_reason"]:
            problems.add("abandon_reason", "Say why the visit was abandoned.")
        elif state["abandon_reason"] == "other" and not (state["abandon_note"] or "").strip():
            problems.add("abandon_note", "Say what happened: the reason is 'other'.")
        if state["detainees"]:
            problems.add("detainees", "An abandoned visit saw no detainees.")
    else:
        for field in ("abandon_reason", "abandon_note"):
            if state[field]:
                problems.add(field, "Only an abandoned visit has an abandon reason.")


def _check_checks(state: dict, site: Site, kept: dict, problems: Problems) -> None:
    """Each check answers an item of the site's checklist; a concern says what it is. A retired
    item the visit already held may stay."""
    kind = CHECKLIST_OF_SITE_KIND[site.kind]
    allowed = checklists.active_keys(site.scheme_id, kind)
    for key, answer in (state["checks"] or {}).items():
        if key not in allowed and key not in kept:
            problems.add(
                f"checks.{key}",
                f"Not on the {kind} checklist. Allowed: {', '.join(allowed)}.",
            )
        elif answer["result"] == "concern" and not (answer.get("note") or "").strip():
            problems.add(f"checks.{key}.note", "Say what the concern is.")


def _check_issues(state: dict, site: Site, problems: Problems) -> None:
    issues = state["issues"]
    outcome_of = {entry["ref"].strip().upper(): entry["outcome"] for entry in state["detainees"]}
    categories = active_category_keys(site.scheme_id) if issues else set()
    for index, issue in enumerate(issues):
        if issue["category"] not in categories:
            problems.add(f"issues.{index}.category", "Unknown issue category.")
        ref = (issue.get("detainee_ref") or "").strip().upper()
        if issue["raised_by"] == "detainee":
            if site.kind == "dog_unit":
                problems.add(f"issues.{index}.raised_by", "A dog unit has no detainees.")
            elif not ref:
                problems.add(
                    f"issues.{index}.detainee_ref", "Name the detainee who raised the issue."
                )
            elif outcome_of.get(ref) not in (None, "seen"):
                problems.add(
                    f"issues.{index}.detainee_ref",
                    "Only a detainee who was seen can raise an issue.",
                )
        if ref and ref not in outcome_of:
            problems.add(f"issues.{index}.detainee_ref", "Not a detainee of this visit.")


def _check_entries(state: dict, site: Site, changed: "Changed", problems: Problems) -> None:
    detainees, dogs = state["detainees"], state["dogs"]
    if site.kind == "dog_unit" and detainees:
        problems.add("detainees", "A dog-unit visit has no detainees.")
    if site.kind == "custody_suite" and dogs:
        problems.add("dogs", "Only dog-unit visits record dogs.")
    _check_refs(detainees, "detainees", problems)
    _check_refs(dogs, "dogs", problems)
    if changed.any_of("dogs"):
        dog_welfare.check_dogs(dogs, problems)
    if changed.any_of("detainees"):
        kept = changed.kept_observation_keys
        check_detainees(detainees, site.scheme_id, kept, problems)
        custody_refs.check_detainee_refs(detainees, site.scheme.custody_ref_pattern, problems)


def _check_tact_training(
    state: dict, scheme: Scheme, visitors: list[Person], problems: Problems
) -> None:
    if not any(entry.get("tact") and entry["outcome"] == "seen" for entry in state["detainees"]):
        return
    day = state["arrived_at"].astimezone(zone(scheme.timezone)).date()
    if not any(tact_trained(person, day) for person in visitors):
        problems.add(
            "visitor_ids",
            "A detainee held under terrorism legislation was seen: one of the visitors must be "
            "TACT trained.",
        )


def _check_access(state: dict, problems: Problems) -> None:
    admitted = state["admitted_at"]
    if admitted is None or admitted < state["arrived_at"]:
        return
    delay = access_delay_minutes(state["arrived_at"], admitted)
    if access_band(delay) != "immediate" and not (state["access_delay_reason"] or "").strip():
        problems.add(
            "access_delay_reason", f"Access took {delay} minutes: record the reason given."
        )


def needs_feedback(state: dict, site: Site) -> bool:
    """Visitors tell the custody staff what they found before leaving a custody suite they
    visited in person (completed or cut short)."""
    return (
        site.kind == "custody_suite"
        and state["mode"] == "in_person"
        and state["outcome"] in ("completed", "curtailed")
    )


def _check_complete(state: dict, site: Site, changed: "Changed", problems: Problems) -> None:
    """A submitted visit has all its times; an abandoned one may never have been admitted.
    Feedback is asked for when the visit is submitted (or the feedback changed)."""
    if state["admitted_at"] is None and state["outcome"] in ("completed", "curtailed"):
        problems.add("admitted_at", f"A {state['outcome']} visit needs the time of admittance.")
    if state["departed_at"] is None:
        problems.add("departed_at", "A submitted visit needs the time of departure.")
    asked = changed.any_of("status", "feedback", "outcome", "mode")
    if asked and needs_feedback(state, site) and not state.get("feedback"):
        problems.add(
            "feedback",
            "Record whom you told what you found before leaving (name, rank, time, summary).",
        )


def _site_for(scheme: Scheme, site_id: int, arrived_at: datetime, problems: Problems):
    site = db.session.get(Site, site_id)
    if site is None or site.scheme_id != scheme.id:
        problems.add("site_id", "Unknown site.")
        return None
    local_day = arrived_at.astimezone(zone(scheme.timezone)).date()
    if sites.status_on(site, local_day) == "closed":
        problems.add(
            "site_id", f"Not open on {local_day.isoformat()}: {sites.closure(site, local_day)}"
        )
    return site


class Changed:
    """Which fields a change writes (None: a new visit: all of them), and what the visit
    already held that a retired checklist item may keep."""

    def __init__(self, fields: set[str] | None = None, before: dict | None = None):
        self.fields = fields
        before = before or {}
        self.kept_checks = set(before.get("checks") or {})
        self.kept_observation_keys = {
            key
            for entry in before.get("detainees") or []
            for key in entry.get("observations") or {}
        }

    def any_of(self, *names: str) -> bool:
        return self.fields is None or any(name in self.fields for name in names)


def check_visit(
    state: dict,
    scheme: Scheme,
    actor: Person,
    *,
    changed: Changed | None = None,
    now: datetime | None = None,
) -> tuple[Site, list[Person]]:
    """Every rule a visit must keep, all at once; returns its site and visitors.

    Whether each visitor may make the visit (role, status, animal welfare scheme) is judged
    when the visitors are named: a visitor who leaves later does not make their past visits
    invalid, so submitting or amending a visit does not judge them again.
    """
    now = now or utcnow()
    changed = changed or Changed()
    problems = Problems()
    _check_times(state, now, problems)
    site = _site_for(scheme, state["site_id"], state["arrived_at"], problems)
    if site is None:
        problems.raise_if_any()
    visitors = _check_visitors(state, scheme, site, actor, changed, problems)
    _check_outcome(state, problems)
    _check_entries(state, site, changed, problems)
    if changed.any_of("checks", "site_id"):
        _check_checks(state, site, changed.kept_checks, problems)
    if changed.any_of("issues", "detainees"):
        _check_issues(state, site, problems)
    _check_access(state, problems)
    if state["status"] == "submitted":
        _check_complete(state, site, changed, problems)
    problems.raise_if_any()
    return site, visitors
