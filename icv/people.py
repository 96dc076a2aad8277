"""People of a scheme: who they are, what roles they hold, and the rules a record must keep."""

from datetime import date

from sqlalchemy import Select, select

from icv import accounts, audit, passwords
from icv.database import db
from icv.dates import add_months, local_today
from icv.errors import Conflict, NotFound, Problems
from icv.models import Person, PersonRole, Scheme, Site, utcnow

ASSIGNABLE_ROLES = frozenset({"visitor", "manager", "inspector", "viewer"})
PROBATION_MONTHS = 6
MINIMUM_AGE = 18

# Where each status may move next. Someone who left may come back only as a new applicant.
TRANSITIONS: dict[str, frozenset[str]] = {
    "applicant": frozenset({"vetting", "left"}),
    "vetting": frozenset({"probation", "left"}),
    "probation": frozenset({"active", "suspended", "left"}),
    "active": frozenset({"suspended", "left"}),
    "suspended": frozenset({"active", "left"}),
    "left": frozenset({"applicant"}),
}

EDITABLE_FIELDS = (
    "name",
    "email",
    "aws",
    "status",
    "joined_on",
    "probation_ends_on",
    "buddy_id",
    "left_on",
    "leave_reason",
    "home_area",
    "gender",
    "birth_year",
)


def people_query(scheme_id: int, role: str | None = None, status: str | None = None) -> Select:
    query = select(Person).where(Person.scheme_id == scheme_id)
    if role:
        query = query.where(Person.role_rows.any(PersonRole.role == role))
    if status:
        query = query.where(Person.status == status)
    return query.order_by(Person.name, Person.id)


def get_person(scheme_id: int, person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or person.scheme_id != scheme_id:
        raise NotFound("person")
    return person


def _sites_of_scheme(scheme_id: int, site_ids: list[int]) -> list[Site]:
    if not site_ids:
        return []
    return list(
        db.session.scalars(
            select(Site).where(Site.scheme_id == scheme_id, Site.id.in_(site_ids)).order_by(Site.id)
        )
    )


def _check(state: dict, scheme: Scheme, person_id: int | None, allow_admin: bool) -> list[Site]:
    """Checks the record as it would be after the change; returns the inspector's sites."""
    problems = Problems()
    roles = set(state["roles"])
    assignable = ASSIGNABLE_ROLES | {"admin"} if allow_admin else ASSIGNABLE_ROLES
    if not roles:
        problems.add("roles", "At least one role is required.")
    for role in sorted(roles - assignable):
        problems.add("roles", f"The role '{role}' cannot be given here.")

    site_ids = list(dict.fromkeys(state["site_ids"]))
    sites = _sites_of_scheme(scheme.id, site_ids)
    if "inspector" in roles and not site_ids:
        problems.add("site_ids", "An inspector must be given the sites they answer for.")
    if site_ids and "inspector" not in roles:
        problems.add("site_ids", "Only inspectors are scoped to sites.")
    if len(sites) != len(site_ids):
        problems.add("site_ids", "Unknown site.")

    if state["aws"] and "visitor" not in roles:
        problems.add("aws", "Only visitors can join the animal welfare scheme.")

    joined_on: date = state["joined_on"]
    if state["status"] == "left":
        if state["left_on"] is None:
            problems.add("left_on", "A leaving date is required when someone leaves.")
        elif state["left_on"] < joined_on:
            problems.add("left_on", "Cannot leave before joining.")
        if not (state["leave_reason"] or "").strip():
            problems.add("leave_reason", "A reason is required when someone leaves.")
    if state["probation_ends_on"] is not None and state["probation_ends_on"] < joined_on:
        problems.add("probation_ends_on", "Probation cannot end before joining.")

    buddy_id = state["buddy_id"]
    if buddy_id is not None:
        buddy = db.session.get(Person, buddy_id)
        if buddy_id == person_id:
            problems.add("buddy_id", "A person cannot be their own buddy.")
        elif buddy is None or buddy.scheme_id != scheme.id:
            problems.add("buddy_id", "Unknown person.")
        elif buddy.status != "active" or not buddy.has_role("visitor"):
            problems.add("buddy_id", "A buddy must be an active visitor.")

    birth_year = state["birth_year"]
    latest_birth_year = local_today(scheme.timezone).year - MINIMUM_AGE
    if birth_year is not None and not 1900 <= birth_year <= latest_birth_year:
        problems.add("birth_year", f"Must be between 1900 and {latest_birth_year}.")

    problems.raise_if_any()
    return sites


def _ensure_email_free(email: str, person_id: int | None) -> None:
    holder = db.session.scalar(select(Person.id).where(Person.email == email))
    if holder is not None and holder != person_id:
        raise Conflict("That email address is already in use.", {"email": ["Already in use."]})


def _default_probation_end(state: dict, starts_on: date) -> None:
    if state["status"] == "probation" and state["probation_ends_on"] is None:
        state["probation_ends_on"] = add_months(starts_on, PROBATION_MONTHS)


def create_person(
    scheme: Scheme, actor: Person | None, data: dict, *, allow_admin: bool = False
) -> Person:
    state = {field: data.get(field) for field in EDITABLE_FIELDS}
    state["email"] = accounts.normalise_email(data["email"])
    state["aws"] = bool(data.get("aws", False))
    state["roles"] = data["roles"]
    state["site_ids"] = data.get("site_ids") or []
    _default_probation_end(state, starts_on=state["joined_on"])
    sites = _check(state, scheme, None, allow_admin)
    _ensure_email_free(state["email"], None)

    person = Person(scheme_id=scheme.id, **{f: state[f] for f in EDITABLE_FIELDS})
    person.set_roles(state["roles"])
    person.sites = sites
    if data.get("password"):
        person.password_hash = passwords.hash_password(data["password"])
    db.session.add(person)
    db.session.flush()
    audit.record(
        scheme.id,
        actor,
        "person",
        person.id,
        "create",
        {**state, "roles": person.roles},
    )
    db.session.commit()
    return person


def update_person(person: Person, actor: Person | None, changes: dict) -> Person:
    before = {field: getattr(person, field) for field in EDITABLE_FIELDS}
    before["roles"] = person.roles
    before["site_ids"] = person.site_ids
    state = {**before, **changes}
    if "email" in changes:
        state["email"] = accounts.normalise_email(changes["email"])

    new_status = state["status"]
    if new_status != person.status and new_status not in TRANSITIONS[person.status]:
        raise Conflict(
            f"A person cannot move from '{person.status}' to '{new_status}'.",
            {"status": [f"Not allowed from '{person.status}'."]},
        )
    entering_probation = new_status == "probation" and person.status != "probation"
    if entering_probation and "probation_ends_on" not in changes:
        state["probation_ends_on"] = None
        _default_probation_end(state, starts_on=local_today(person.scheme.timezone))
    sites = _check(state, person.scheme, person.id, allow_admin=person.has_role("admin"))
    _ensure_email_free(state["email"], person.id)

    for field in EDITABLE_FIELDS:
        setattr(person, field, state[field])
    person.set_roles(state["roles"])
    person.sites = sites
    diff = {key: [before[key], state[key]] for key in before if before[key] != state[key]}
    if changes.get("password"):
        person.password_hash = passwords.hash_password(changes["password"])
        diff["password"] = "changed"  # noqa: S105 - the audit says it changed, never to what
    if new_status in ("left", "suspended") and new_status != before["status"]:
        accounts.revoke_all_sessions(person.id)
    if diff:
        person.updated_at = utcnow()  # roles and sites live in other tables: bump the version
        audit.record(person.scheme_id, actor, "person", person.id, "update", diff)
    db.session.commit()
    return person
