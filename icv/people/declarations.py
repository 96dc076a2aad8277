"""Declarations of interest: connections a volunteer declares that could compromise their
independence (working for the police, family in the police, criminal justice work, other), and
the manager's decision on each.

- The volunteer declares (or a manager records it for them). A declaration not yet reviewed
  restricts nothing: it is a statement awaiting a decision, and barring a volunteer on their
  own word before anyone has weighed it would punish declaring. The manager is expected to
  review it promptly (`GET /people/{id}/declarations` shows `decision: null`).
- A manager reviews it: `accepted` (no restriction), `restricted_to_sites` (kept off the named
  sites of the scheme) or `not_compatible` (kept off every visit until a manager reviews it
  again). A manager may review again at any time (the connection ended, the restriction
  changes); every review is kept in the audit trail with who and when. A manager does not
  review their own declaration.

What the decisions keep a volunteer off is read by `icv.people.eligibility`, the one rule that
recording a visit, planning and claiming share.
"""

from dataclasses import dataclass, field

from sqlalchemy import Select, select

from icv.common import audit
from icv.common.database import db
from icv.common.dates import local_today
from icv.common.errors import NotFound, Problems
from icv.models import Declaration, Person, Site, utcnow


@dataclass(frozen=True)
class Bar:
    """Where a volunteer's reviewed declarations keep them from visiting."""

    everywhere: bool = False
    site_ids: frozenset[int] = field(default_factory=frozenset)


NO_BAR = Bar()


def bars_of(person_ids: list[int]) -> dict[int, Bar]:
    """The bars of these people, read in one query; people without one are left out."""
    if not person_ids:
        return {}
    declarations = db.session.scalars(
        select(Declaration).where(
            Declaration.person_id.in_(person_ids),
            Declaration.decision.in_(("restricted_to_sites", "not_compatible")),
        )
    )
    everywhere: set[int] = set()
    sites: dict[int, set[int]] = {}
    for declaration in declarations:
        if declaration.decision == "not_compatible":
            everywhere.add(declaration.person_id)
        else:
            sites.setdefault(declaration.person_id, set()).update(declaration.site_ids)
    return {
        person_id: Bar(person_id in everywhere, frozenset(sites.get(person_id, ())))
        for person_id in everywhere | set(sites)
    }


def why_declared_interest_bars(
    person: Person, site_id: int | None, bar: Bar | None = None
) -> str | None:
    """Why a reviewed declaration keeps the person off this site (any site when `site_id` is
    None and the declaration was found not compatible). `bar` saves the query when known."""
    if bar is None:
        bar = bars_of([person.id]).get(person.id, NO_BAR)
    if bar.everywhere:
        return (
            f"{person.name} may not visit: a declared interest was found not compatible with "
            "independent visiting."
        )
    if site_id is not None and site_id in bar.site_ids:
        return f"{person.name} may not visit this site: a declared interest restricts them."
    return None


# Records -------------------------------------------------------------------------------------


def declarations_query(person_id: int) -> Select:
    return (
        select(Declaration)
        .where(Declaration.person_id == person_id)
        .order_by(Declaration.declared_on.desc(), Declaration.id.desc())
    )


def declaration_for(person: Person, declaration_id: int) -> Declaration:
    """A declaration of this person (404 for anyone else's)."""
    declaration = db.session.get(Declaration, declaration_id)
    if declaration is None or declaration.person_id != person.id:
        raise NotFound("declaration")
    return declaration


def declare(person: Person, actor: Person, data: dict) -> Declaration:
    """Records a declaration by `person` (made by them, or by a manager for them)."""
    problems = Problems()
    if not person.has_role("visitor"):
        problems.add("person_id", "Only volunteers (visitors) declare interests.")
    if not data["detail"].strip():
        problems.add("detail", "Say what the connection is.")
    today = local_today(person.scheme.timezone)
    if data["declared_on"] > today:
        problems.add("declared_on", "A declaration cannot be dated in the future.")
    problems.raise_if_any()
    declaration = Declaration(
        scheme_id=person.scheme_id,
        person_id=person.id,
        kind=data["kind"],
        detail=data["detail"].strip(),
        declared_on=data["declared_on"],
        recorded_by_id=actor.id,
    )
    db.session.add(declaration)
    db.session.flush()
    audit.record(
        person.scheme_id,
        actor,
        "declaration",
        declaration.id,
        "create",
        {"person_id": person.id, "kind": declaration.kind, "declared_on": declaration.declared_on},
    )
    db.session.commit()
    return declaration


def _sites(scheme_id: int, site_ids: list[int]) -> list[Site]:
    return list(
        db.session.scalars(
            select(Site).where(Site.scheme_id == scheme_id, Site.id.in_(site_ids)).order_by(Site.id)
        )
    )


def review(declaration: Declaration, actor: Person, data: dict) -> Declaration:
    """A manager's decision on a declaration; a later review replaces an earlier one."""
    problems = Problems()
    decision = data["decision"]
    site_ids = list(dict.fromkeys(data.get("site_ids") or []))
    if actor.id == declaration.person_id:
        problems.add("decision", "Another manager reviews your own declaration.")
    sites: list[Site] = []
    if decision == "restricted_to_sites":
        sites = _sites(declaration.scheme_id, site_ids)
        if not site_ids:
            problems.add("site_ids", "Name the sites the volunteer is kept off.")
        elif len(sites) != len(site_ids):
            problems.add("site_ids", "Unknown site.")
    elif site_ids:
        problems.add("site_ids", "Only a restriction to sites names sites.")
    problems.raise_if_any()

    before = {"decision": declaration.decision, "site_ids": declaration.site_ids}
    declaration.decision = decision
    declaration.sites = sites
    declaration.review_note = data.get("note")
    declaration.reviewed_at = utcnow()
    declaration.reviewed_by_id = actor.id
    audit.record(
        declaration.scheme_id,
        actor,
        "declaration",
        declaration.id,
        "review",
        {
            "person_id": declaration.person_id,
            "decision": [before["decision"], decision],
            "site_ids": [before["site_ids"], [site.id for site in sites]],
        },
        data.get("note"),
    )
    db.session.commit()
    return declaration
