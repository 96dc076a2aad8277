"""The rules a visit must keep, all checked at once so that one answer names every bad field.

Times come in order and not far in the future; the site is the scheme's and open that day; the
visitors may make the visit (`icv.people.eligibility`) and the recorder took part in it, unless a
manager records it; entries fit the kind of site; a delay over five minutes has its reason; a
submitted visit is complete.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import lazyload

from icv.common.database import db
from icv.common.dates import zone
from icv.common.errors import Problems
from icv.models import CHECKS, Person, Scheme, Site, utcnow
from icv.people.eligibility import why_may_not_visit
from icv.sites import sites
from icv.visits.access_delay import access_band, access_delay_minutes
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
    check_eligibility: bool,
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
    for person in visitors if check_eligibility else ():
        reason = why_may_not_visit(person, site.kind)
        if reason:
            problems.add("visitor_ids", reason)
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


def _check_content(state: dict, site: Site, problems: Problems) -> None:
    detainees, dogs, issues = state["detainees"], state["dogs"], state["issues"]
    if site.kind == "dog_unit" and detainees:
        problems.add("detainees", "A dog-unit visit has no detainees.")
    if site.kind == "custody_suite" and dogs:
        problems.add("dogs", "Only dog-unit visits record dogs.")
    if state["outcome"] == "abandoned":
        if not (state["abandon_reason"] or "").strip():
            problems.add("abandon_reason", "Say why the visit was abandoned.")
        if detainees:
            problems.add("detainees", "An abandoned visit saw no detainees.")
    elif state["abandon_reason"]:
        problems.add("abandon_reason", "Only an abandoned visit has an abandon reason.")
    _check_refs(detainees, "detainees", problems)
    _check_refs(dogs, "dogs", problems)

    allowed_checks = set(CHECKS[site.kind])
    for key in sorted(set(state["checks"] or {}) - allowed_checks):
        problems.add(f"checks.{key}", f"Not a check made at a {site.kind.replace('_', ' ')}.")

    refs = {entry["ref"].strip().upper() for entry in detainees}
    categories = active_category_keys(site.scheme_id) if issues else set()
    for index, issue in enumerate(issues):
        if issue["category"] not in categories:
            problems.add(f"issues.{index}.category", "Unknown issue category.")
        ref = issue.get("detainee_ref")
        if issue["raised_by"] == "detainee" and site.kind == "dog_unit":
            problems.add(f"issues.{index}.raised_by", "A dog unit has no detainees.")
        if ref and ref.strip().upper() not in refs:
            problems.add(f"issues.{index}.detainee_ref", "Not a detainee of this visit.")


def _check_access(state: dict, problems: Problems) -> None:
    admitted = state["admitted_at"]
    if admitted is None or admitted < state["arrived_at"]:
        return
    delay = access_delay_minutes(state["arrived_at"], admitted)
    if access_band(delay) != "immediate" and not (state["access_delay_reason"] or "").strip():
        problems.add(
            "access_delay_reason", f"Access took {delay} minutes: record the reason given."
        )


def _check_complete(state: dict, problems: Problems) -> None:
    """A submitted visit has all its times; an abandoned one may never have been admitted."""
    if state["admitted_at"] is None and state["outcome"] == "completed":
        problems.add("admitted_at", "A completed visit needs the time of admittance.")
    if state["departed_at"] is None:
        problems.add("departed_at", "A submitted visit needs the time of departure.")


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


def check_visit(
    state: dict,
    scheme: Scheme,
    actor: Person,
    *,
    check_eligibility: bool = True,
    now: datetime | None = None,
) -> tuple[Site, list[Person]]:
    """Every rule a visit must keep, all at once; returns its site and visitors.

    Whether each visitor may make the visit (role, status, animal welfare scheme) is judged
    when the visitors are named: a visitor who leaves later does not make their past visits
    invalid, so submitting or amending a visit does not judge them again.
    """
    now = now or utcnow()
    problems = Problems()
    _check_times(state, now, problems)
    site = _site_for(scheme, state["site_id"], state["arrived_at"], problems)
    if site is None:
        problems.raise_if_any()
    visitors = _check_visitors(state, scheme, site, actor, check_eligibility, problems)
    _check_content(state, site, problems)
    _check_access(state, problems)
    if state["status"] == "submitted":
        _check_complete(state, problems)
    problems.raise_if_any()
    return site, visitors
