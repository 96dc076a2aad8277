"""Sites of a scheme and their dated open/closed history."""

from datetime import date

from sqlalchemy import Select, select

from icv import visibility
from icv.common import audit
from icv.common.database import db
from icv.common.dates import local_today
from icv.common.errors import Conflict, Problems
from icv.models import Person, Scheme, Site, SiteStatusChange


def sites_query(person: Person, *, kind: str | None = None, status: str | None = None) -> Select:
    """The sites `person` may see, narrowed to a kind and a status."""
    query = visibility.visible_sites(person)
    if kind:
        query = query.where(Site.kind == kind)
    if status:
        query = query.where(Site.status == status)
    return query.order_by(Site.name, Site.id)


def status_on(site: Site, day: date) -> str | None:
    """The site's status on a local date, from its history; None before its first record."""
    current = None
    for change in site.status_history:
        if change.effective_on > day:
            break
        current = change.status
    return current


def closed_since(site: Site, day: date) -> date | None:
    """The day the closure in force on `day` began; None when the site was not closed then."""
    since = None
    for change in site.status_history:
        if change.effective_on > day:
            break
        since = (since or change.effective_on) if change.status == "closed" else None
    return since


def closure(site: Site, day: date) -> str:
    """How a person is told the site is closed on `day`: since when, and until when if a
    reopening is already recorded."""
    since = closed_since(site, day)
    reopening = next(
        (
            c.effective_on
            for c in site.status_history
            if c.effective_on > day and c.status == "open"
        ),
        None,
    )
    text = f"{site.name} is closed from {since.isoformat()}" if since else f"{site.name} is closed"
    return text + (f" until {reopening.isoformat()}." if reopening else ".")


def open_during(site: Site, first: date, last: date) -> bool:
    """Whether the site was open on at least one local date from `first` to `last` inclusive."""
    if status_on(site, first) == "open":
        return True
    return any(
        first < change.effective_on <= last and change.status == "open"
        for change in site.status_history
    )


def _ensure_name_free(scheme_id: int, name: str, site_id: int | None) -> None:
    holder = db.session.scalar(
        select(Site.id).where(Site.scheme_id == scheme_id, Site.name == name)
    )
    if holder is not None and holder != site_id:
        raise Conflict("The scheme already has a site of that name.", {"name": ["Already used."]})


def _check_cells(kind: str, cells: int | None, problems: Problems) -> None:
    if kind != "custody_suite" and cells is not None:
        problems.add("cells", "Only custody suites have cells.")


def create_site(scheme: Scheme, actor: Person | None, data: dict) -> Site:
    problems = Problems()
    _check_cells(data["kind"], data.get("cells"), problems)
    problems.raise_if_any()
    name = data["name"].strip()
    _ensure_name_free(scheme.id, name, None)
    status = data.get("status", "open")
    effective_on = data.get("status_on") or local_today(scheme.timezone)

    site = Site(
        scheme_id=scheme.id, name=name, kind=data["kind"], cells=data.get("cells"), status=status
    )
    site.status_history.append(
        SiteStatusChange(
            status=status, effective_on=effective_on, recorded_by_id=actor.id if actor else None
        )
    )
    db.session.add(site)
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "site",
        site.id,
        "create",
        {
            "name": name,
            "kind": site.kind,
            "cells": site.cells,
            "status": status,
            "status_on": effective_on,
        },
    )
    db.session.commit()
    return site


def update_site(site: Site, actor: Person | None, changes: dict) -> Site:
    problems = Problems()
    if "cells" in changes:
        _check_cells(site.kind, changes["cells"], problems)
    if "status_on" in changes and "status" not in changes:
        problems.add("status_on", "Give the new status with its date.")
    new_status = changes.get("status", site.status)
    effective_on = changes.get("status_on") or local_today(site.scheme.timezone)
    status_changes = new_status != site.status
    last_change = site.status_history[-1] if site.status_history else None
    if status_changes and last_change and effective_on < last_change.effective_on:
        problems.add(
            "status_on",
            f"Must not be before the last status change ({last_change.effective_on}).",
        )
    problems.raise_if_any()
    if "name" in changes:
        changes = {**changes, "name": changes["name"].strip()}
        _ensure_name_free(site.scheme_id, changes["name"], site.id)

    diff = {}
    for field in ("name", "cells"):
        if field in changes and changes[field] != getattr(site, field):
            diff[field] = [getattr(site, field), changes[field]]
            setattr(site, field, changes[field])
    if status_changes:
        diff["status"] = [site.status, new_status]
        diff["status_on"] = effective_on
        site.status = new_status
        site.status_history.append(
            SiteStatusChange(
                status=new_status,
                effective_on=effective_on,
                recorded_by_id=actor.id if actor else None,
            )
        )
    if diff:
        audit.record(site.scheme_id, actor, "site", site.id, "update", diff)
    db.session.commit()
    return site
