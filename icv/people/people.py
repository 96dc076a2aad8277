"""People of a scheme: who they are, what roles they hold, and the rules a record must keep.

What a change of status means (dates, buddy, term, history) is decided in `icv.people.lifecycle`.
"""

from datetime import date

from sqlalchemy import Select, select

from icv import visibility
from icv.calendar import tokens
from icv.common import audit, passwords
from icv.common.database import db
from icv.common.dates import local_today
from icv.common.errors import Conflict, Problems
from icv.models import Person, PersonRole, Scheme, Site, utcnow
from icv.people import accounts, invitations, lifecycle, password_rules, vetting

ASSIGNABLE_ROLES = frozenset({"visitor", "manager", "inspector", "viewer"})
MINIMUM_AGE = 18

EDITABLE_FIELDS = (
    "name",
    "email",
    "aws",
    "status",
    "joined_on",
    "probation_ends_on",
    "buddy_id",
    "term_ends_on",
    "left_on",
    "leave_reason",
    "exit_interview_notes",
    "home_area",
    "gender",
    "birth_year",
    "tact_trained_on",
    "vetting_expires_on",
)
# The record's fields: those a manager edits, and those only a change of status sets.
RECORD_FIELDS = (*EDITABLE_FIELDS, "appointed_on")
# Seen only by the scheme's managers (and in figures as aggregates): not even by the person.
PRIVATE_FIELDS = frozenset(
    {"home_area", "gender", "birth_year", "left_on", "leave_reason", "exit_interview_notes"}
)


def people_query(
    person: Person,
    role: str | None = None,
    status: str | None = None,
    term_expiring_within: int | None = None,
    probation_ending_within: int | None = None,
    vetting_expiring_within: int | None = None,
) -> Select:
    """The people of a scheme by name; with `term_expiring_within`, `probation_ending_within`
    or `vetting_expiring_within` (days) only those needing attention, the most urgent first
    (an expired vetting included: it bars the volunteer already)."""
    query = visibility.visible_people(person).order_by(Person.name, Person.id)
    if role:
        query = query.where(Person.role_rows.any(PersonRole.role == role))
    if status:
        query = query.where(Person.status == status)
    within = (term_expiring_within, probation_ending_within, vetting_expiring_within)
    if any(days is not None for days in within):
        today = local_today(person.scheme.timezone)
        if term_expiring_within is not None:
            query = lifecycle.with_term_expiring(query, term_expiring_within, today)
        if probation_ending_within is not None:
            query = lifecycle.with_probation_ending(query, probation_ending_within, today)
        if vetting_expiring_within is not None:
            query = vetting.with_vetting_expiring(query, vetting_expiring_within, today)
    return query


def _sites_of_scheme(scheme_id: int, site_ids: list[int]) -> list[Site]:
    if not site_ids:
        return []
    return list(
        db.session.scalars(
            select(Site).where(Site.scheme_id == scheme_id, Site.id.in_(site_ids)).order_by(Site.id)
        )
    )


def _check(
    state: dict, scheme: Scheme, allow_admin: bool, today: date, problems: Problems
) -> list[Site]:
    """Checks the record as it would be after the change; returns the inspector's sites."""
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

    birth_year = state["birth_year"]
    latest_birth_year = today.year - MINIMUM_AGE
    if birth_year is not None and not 1900 <= birth_year <= latest_birth_year:
        problems.add("birth_year", f"Must be between 1900 and {latest_birth_year}.")
    return sites


def _ensure_email_free(email: str, person_id: int | None) -> None:
    holder = db.session.scalar(select(Person.id).where(Person.email == email))
    if holder is not None and holder != person_id:
        raise Conflict("That email address is already in use.", {"email": ["Already in use."]})


def create_person(
    scheme: Scheme,
    actor: Person | None,
    data: dict,
    *,
    allow_admin: bool = False,
    send_invitation: bool = True,
) -> Person:
    """A new person of the scheme. One without a password who may sign in is sent an invitation
    to choose one, unless `send_invitation` is false (records loaded in bulk, as the demo's)."""
    state = {field: data.get(field) for field in RECORD_FIELDS}
    state["email"] = accounts.normalise_email(data["email"])
    state["aws"] = bool(data.get("aws", False))
    state["roles"] = data["roles"]
    state["site_ids"] = data.get("site_ids") or []
    lifecycle.fill_new_record(state)
    today = local_today(scheme.timezone)
    problems = Problems()
    sites = _check(state, scheme, allow_admin, today, problems)
    lifecycle.check_record(
        state,
        scheme,
        person_id=None,
        changed=set(data),
        entering_probation=state["status"] == "probation",
        today=today,
        problems=problems,
    )
    if data.get("password"):
        password_rules.check_new_password(data["password"], state["email"], problems)
    problems.raise_if_any()
    _ensure_email_free(state["email"], None)

    person = Person(scheme_id=scheme.id, **{f: state[f] for f in RECORD_FIELDS})
    person.set_roles(state["roles"])
    person.sites = sites
    if data.get("password"):
        person.password_hash = passwords.hash_password(data["password"])
    db.session.add(person)
    db.session.flush()
    lifecycle.record_first_status(person, actor)
    audit.record(
        scheme.id,
        actor,
        "person",
        person.id,
        "create",
        {**state, "roles": person.roles},
    )
    if send_invitation and invitations.why_not_invited(person) is None:
        invitations.invite(person, actor)
    db.session.commit()
    return person


def _check_own_access_kept(before: dict, state: dict, problems: Problems) -> None:
    """What a manager may not change of their own record through /people: their sign-in (email,
    password: through /me, with the current password), their status or their manager role (by
    another manager). Else a borrowed access token would be enough to take the account, or to
    lock its holder, perhaps the scheme's only manager, out."""
    if state["email"] != before["email"]:
        problems.add("email", "Change your own email through /me, with your current password.")
    if state.get("password"):
        problems.add("password", "Change your own password through /me, with your current one.")
    if state["status"] != before["status"]:
        problems.add("status", "Another manager records a change of your own status.")
    if "manager" in before["roles"] and "manager" not in state["roles"]:
        problems.add("roles", "Another manager takes the manager role from you.")


def update_person(person: Person, actor: Person | None, changes: dict) -> Person:
    """Changes a person's record; a change of `status` is a move of their volunteer path,
    dated by `status_on` (default today) with an optional `status_note`."""
    changes = dict(changes)
    status_on = changes.pop("status_on", None)
    status_note = changes.pop("status_note", None)
    before = {field: getattr(person, field) for field in RECORD_FIELDS}
    before["roles"] = person.roles
    before["site_ids"] = person.site_ids
    state = {**before, **changes}
    if "email" in changes:
        state["email"] = accounts.normalise_email(changes["email"])

    scheme = person.scheme
    today = local_today(scheme.timezone)
    problems = Problems()
    if actor is not None and actor.id == person.id:
        _check_own_access_kept(before, state, problems)
    move = lifecycle.plan_move(
        person,
        state,
        changes,
        status_on=status_on,
        note=status_note,
        today=today,
        problems=problems,
    )
    sites = _check(state, scheme, person.has_role("admin"), today, problems)
    lifecycle.check_record(
        state,
        scheme,
        person_id=person.id,
        changed=set(changes),
        entering_probation=move is not None and move.to_status == "probation",
        today=today,
        problems=problems,
    )
    corrections = [] if move else lifecycle.plan_corrections(person, before, state, problems)
    if changes.get("password"):
        password_rules.check_new_password(changes["password"], state["email"], problems)
    problems.raise_if_any()
    _ensure_email_free(state["email"], person.id)

    for field in RECORD_FIELDS:
        setattr(person, field, state[field])
    person.set_roles(state["roles"])
    person.sites = sites
    diff = {key: [before[key], state[key]] for key in before if before[key] != state[key]}
    if changes.get("password"):
        person.password_hash = passwords.hash_password(changes["password"])
        diff["password"] = "changed"  # noqa: S105 - the audit says it changed, never to what
        accounts.revoke_all_sessions(person.id)  # whoever had the old password is signed out
    if move:
        lifecycle.record_move(person, move, actor)
        diff["status_on"] = move.effective_on
        if move.to_status in ("left", "suspended"):
            accounts.revoke_all_sessions(person.id)
            tokens.revoke(person.id)
    lifecycle.apply_corrections(corrections)
    if diff:
        person.updated_at = utcnow()  # roles and sites live in other tables: bump the version
        audit.record(person.scheme_id, actor, "person", person.id, "update", diff, status_note)
    db.session.commit()
    return person


def correct_own_details(person: Person, changes: dict, *, keep_session_id: str | None) -> Person:
    """A person corrects their own name, email or password. A new email or password needs the
    current password (the email is what they sign in with: a borrowed token must not be enough
    to lock them out); a new password signs out every other session of theirs."""
    problems = Problems()
    password, current = changes.get("password"), changes.get("current_password")
    email = accounts.normalise_email(changes["email"]) if "email" in changes else person.email
    if (password is not None or email != person.email) and (
        current is None or not passwords.verify_password(person.password_hash, current)
    ):
        problems.add("current_password", "Give your current password to change your sign-in.")
    if current is not None and password is None and email == person.email:
        problems.add("password", "Give the new password to go with your current one.")
    if password is not None:
        password_rules.check_new_password(password, email, problems)
    problems.raise_if_any()
    diff = {}
    if email != person.email:
        _ensure_email_free(email, person.id)
        diff["email"] = [person.email, email]
        person.email = email
    if "name" in changes and changes["name"] != person.name:
        diff["name"] = [person.name, changes["name"]]
        person.name = changes["name"]
    if password is not None:
        person.password_hash = passwords.hash_password(password)
        diff["password"] = "changed"  # noqa: S105 - the audit says it changed, never to what
        accounts.revoke_all_sessions(person.id, except_session_id=keep_session_id)
    if diff:
        person.updated_at = utcnow()
        audit.record(person.scheme_id, person, "person", person.id, "update_own", diff)
    db.session.commit()
    return person
