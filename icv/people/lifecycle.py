"""A volunteer's path: what each change of status means, and the dates it sets.

A volunteer applies, is vetted, serves a probation of six months with a buddy, is appointed for a
term of three years (renewable), may be suspended, and leaves with a date and a reason. Every
move is kept in `person_status_change` with the day it took effect, who recorded it and a note,
so the status anyone had on any day, and so the cohort of any year, is a SQL aggregate over that
history (the figures are `icv.people.cohort`'s). `icv.people.people` keeps a person's record;
this module decides what a change of status means.

Service is counted from `joined_on`: the day someone started serving as a volunteer. For an
applicant it holds the day they applied until their probation starts, which then becomes it.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import (
    Select,
    select,
)

from icv.common import audit
from icv.common.database import db
from icv.common.dates import add_months, local_today
from icv.common.errors import Conflict, Problems
from icv.models import Person, PersonRole, PersonStatusChange, Scheme, utcnow

# Where each status may move next. Someone who left may come back only as a new applicant;
# someone suspended goes back to what they were (see `_resumable_status`) or leaves.
TRANSITIONS: dict[str, frozenset[str]] = {
    "applicant": frozenset({"vetting", "left"}),
    "vetting": frozenset({"probation", "left"}),
    "probation": frozenset({"active", "suspended", "left"}),
    "active": frozenset({"suspended", "left"}),
    "suspended": frozenset({"active", "probation", "left"}),
    "left": frozenset({"applicant"}),
}
IN_CHECKS = ("applicant", "vetting")  # recruits in pre-appointment checks

PROBATION_MONTHS = 6
TERM_MONTHS = 36
BUDDY_SERVICE_MONTHS = 12
RENEWAL_WINDOW = timedelta(days=365)  # a term is renewed in its final year (or once it ended)


@cache
def is_volunteer():
    """SQL condition: the person is a visitor (a volunteer), whatever their other roles. Built
    once: the EXISTS of a relationship costs milliseconds to build, and the cohort uses it five
    times a year."""
    return Person.role_rows.any(PersonRole.role == "visitor")


# The status history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A change of status about to be recorded."""

    from_status: str
    to_status: str
    effective_on: date
    note: str | None


def history_query(person_id: int) -> Select:
    return (
        select(PersonStatusChange)
        .where(PersonStatusChange.person_id == person_id)
        .order_by(PersonStatusChange.id)
    )


def _history(person_id: int) -> list[PersonStatusChange]:
    return list(db.session.scalars(history_query(person_id)))


def _latest_change(person_id: int) -> PersonStatusChange | None:
    return db.session.scalar(
        history_query(person_id).order_by(None).order_by(PersonStatusChange.id.desc()).limit(1)
    )


def _resumable_status(person_id: int) -> str:
    """What a suspended person goes back to: the status they were suspended from."""
    suspension = db.session.scalar(
        history_query(person_id)
        .where(PersonStatusChange.to_status == "suspended")
        .order_by(None)
        .order_by(PersonStatusChange.id.desc())
        .limit(1)
    )
    return (suspension.from_status if suspension else None) or "active"


def _add_change(
    person: Person,
    from_status: str | None,
    to_status: str,
    effective_on: date,
    actor: Person | None,
    note: str | None = None,
) -> None:
    db.session.add(
        PersonStatusChange(
            person_id=person.id,
            from_status=from_status,
            to_status=to_status,
            effective_on=effective_on,
            note=note,
            leave_reason=person.leave_reason if to_status == "left" else None,
            recorded_by_id=actor.id if actor else None,
        )
    )


def record_first_status(person: Person, actor: Person | None) -> None:
    """How a new person enters the history. Someone recorded as having left (a past volunteer,
    entered for the figures of past years) served from joining until leaving."""
    if person.status == "left":
        _add_change(person, None, "active", person.joined_on, actor)
        _add_change(person, "active", "left", person.left_on, actor)
    else:
        _add_change(person, None, person.status, person.joined_on, actor)


def record_move(person: Person, move: Move, actor: Person | None) -> None:
    _add_change(person, move.from_status, move.to_status, move.effective_on, actor, move.note)


# Rules of a change of status -------------------------------------------------------------------


def plan_move(
    person: Person,
    state: dict,
    changes: dict,
    *,
    status_on: date | None,
    note: str | None,
    today: date,
    problems: Problems,
) -> Move | None:
    """Checks a change of status and fills in `state` what follows from it; None if none.

    An illegal move is a conflict (409). A move takes effect on `status_on` (default today),
    never in the future nor before the person's last move; a leaving takes effect on `left_on`.
    Starting probation makes that day the start of service (`joined_on`) and sets its end six
    months on; appointment (probation to active) starts a three-year term; the buddy goes with
    probation.
    """
    old, new = person.status, state["status"]
    if new == old:
        if status_on is not None:
            problems.add("status_on", "Give the new status with its date.")
        if note is not None:
            problems.add("status_note", "A note goes with a change of status.")
        return None
    if new not in TRANSITIONS[old]:
        raise Conflict(
            f"A person cannot move from '{old}' to '{new}'.",
            {"status": [f"Not allowed from '{old}'."]},
        )
    if old == "suspended" and new != "left":
        resumes = _resumable_status(person.id)
        if new != resumes:
            raise Conflict(
                f"{person.name} was suspended from '{resumes}' and goes back to it.",
                {"status": [f"Resume to '{resumes}'."]},
            )

    leaving = new == "left"
    field = "left_on" if leaving else "status_on"
    effective_on = (state["left_on"] if leaving else None) or status_on or today
    if leaving and status_on is not None and state["left_on"] not in (None, status_on):
        problems.add("status_on", "A leaving takes effect on left_on.")
    if not leaving and effective_on > today:
        problems.add("status_on", "A change of status cannot be dated in the future.")
    latest = _latest_change(person.id)
    if latest is not None and effective_on < latest.effective_on:
        problems.add(
            field,
            f"Must not be before the last change of status ({latest.effective_on.isoformat()}).",
        )

    if old == "vetting" and new == "probation":
        if "joined_on" not in changes:
            state["joined_on"] = effective_on
        if "probation_ends_on" not in changes:
            state["probation_ends_on"] = add_months(effective_on, PROBATION_MONTHS)
    if old == "probation" and new == "active":
        state["appointed_on"] = effective_on
        if "term_ends_on" not in changes and "visitor" in state["roles"]:
            state["term_ends_on"] = add_months(effective_on, TERM_MONTHS)
    if new in ("active", "left") and "buddy_id" not in changes:
        state["buddy_id"] = None
    return Move(old, new, effective_on, note)


def fill_new_record(state: dict) -> None:
    """Defaults for a person recorded for the first time (dates run from `joined_on`)."""
    joined_on = state["joined_on"]
    if state["status"] == "probation" and state["probation_ends_on"] is None:
        state["probation_ends_on"] = add_months(joined_on, PROBATION_MONTHS)
    appointed = state["status"] in ("active", "suspended") and "visitor" in state["roles"]
    state["appointed_on"] = joined_on if appointed else None
    if appointed and state["term_ends_on"] is None:
        state["term_ends_on"] = add_months(joined_on, TERM_MONTHS)


def check_record(
    state: dict,
    scheme: Scheme,
    *,
    person_id: int | None,
    changed: set[str],
    entering_probation: bool,
    today: date,
    problems: Problems,
) -> None:
    """The volunteer rules a person's record keeps: buddy, term, leaving and exit interview.

    A buddy is judged when named (or when probation starts), so a buddy who leaves later does
    not block unrelated edits of their probationer.
    """
    if state["buddy_id"] is not None and ("buddy_id" in changed or entering_probation):
        _check_buddy(state, scheme, person_id, today, problems)
    if "term_ends_on" in changed and state["term_ends_on"] is not None:
        if "visitor" not in state["roles"]:
            problems.add("term_ends_on", "Only volunteers (visitors) are appointed for a term.")
        elif state["term_ends_on"] <= state["joined_on"]:
            problems.add("term_ends_on", "A term ends after joining.")
    left_on = state["left_on"] if state["status"] == "left" and "left_on" in changed else None
    if left_on is not None and left_on > today:
        problems.add("left_on", "A leaving is recorded once it has happened.")
    notes = state["exit_interview_notes"] if "exit_interview_notes" in changed else None
    if notes and state["status"] != "left":
        problems.add("exit_interview_notes", "Only someone who has left has an exit interview.")


def _check_buddy(
    state: dict, scheme: Scheme, person_id: int | None, today: date, problems: Problems
) -> None:
    buddy_id = state["buddy_id"]
    if buddy_id == person_id:
        problems.add("buddy_id", "A person cannot be their own buddy.")
        return
    if state["status"] != "probation":
        problems.add("buddy_id", "Only a probationer has a buddy.")
        return
    buddy = db.session.get(Person, buddy_id)
    if buddy is None or buddy.scheme_id != scheme.id:
        problems.add("buddy_id", "Unknown person.")
    elif buddy.status != "active" or not buddy.has_role("visitor"):
        problems.add("buddy_id", "A buddy must be an active visitor.")
    elif add_months(buddy.joined_on, BUDDY_SERVICE_MONTHS) > today:
        problems.add("buddy_id", "A buddy needs at least a year's service.")


# Corrections: the history follows the record ---------------------------------------------------


def plan_corrections(
    person: Person, before: dict, state: dict, problems: Problems
) -> list[tuple[PersonStatusChange, dict]]:
    """When `joined_on`, `left_on` or `leave_reason` is corrected (no move), the history row
    they date follows, as long as the history stays in order. Returns (row, new values)."""
    corrections = []
    history = _history(person.id)
    if state["joined_on"] != before["joined_on"]:
        index = _joining_row(history, before["joined_on"])
        if index is not None and _fits(history, index, state["joined_on"], "joined_on", problems):
            corrections.append((history[index], {"effective_on": state["joined_on"]}))
    if state["status"] == "left" and history and history[-1].to_status == "left":
        moved = state["left_on"] != before["left_on"]
        reworded = state["leave_reason"] != before["leave_reason"]
        last = len(history) - 1
        if (moved and _fits(history, last, state["left_on"], "left_on", problems)) or (
            reworded and not moved
        ):
            leaving = {"effective_on": state["left_on"], "leave_reason": state["leave_reason"]}
            corrections.append((history[last], leaving))
    return corrections


def apply_corrections(corrections: list[tuple[PersonStatusChange, dict]]) -> None:
    for row, values in corrections:
        for key, value in values.items():
            setattr(row, key, value)


def _joining_row(history: list[PersonStatusChange], joined_on: date) -> int | None:
    """The row that `joined_on` dates: the first record or the start of probation."""
    for index in range(len(history) - 1, -1, -1):
        row = history[index]
        starts = row.from_status is None or row.to_status == "probation"
        if starts and row.effective_on == joined_on:
            return index
    return None


def _fits(
    history: list[PersonStatusChange], index: int, day: date | None, field: str, problems
) -> bool:
    if day is None:
        return False
    earlier = history[index - 1].effective_on if index > 0 else None
    later = history[index + 1].effective_on if index + 1 < len(history) else None
    if earlier is not None and day < earlier:
        problems.add(field, f"Must not be before the change of status on {earlier.isoformat()}.")
        return False
    if later is not None and day > later:
        problems.add(field, f"Must not be after the change of status on {later.isoformat()}.")
        return False
    return True


# Terms -----------------------------------------------------------------------------------------


def renew_term(person: Person, actor: Person | None, note: str | None = None) -> Person:
    """A further term of three years, running on from the end of the current one.

    Renewal is open in the term's final year (or once it has ended), so a repeated request
    cannot add a second term by mistake.
    """
    today = local_today(person.scheme.timezone)
    if not person.has_role("visitor") or person.status not in ("active", "suspended"):
        raise Conflict(
            "Only an appointed volunteer's term is renewed.",
            {"status": [f"Not an appointed volunteer ('{person.status}')."]},
        )
    if person.term_ends_on is None:
        raise Conflict(
            "No term is recorded: set term_ends_on first.", {"term_ends_on": ["Not set."]}
        )
    if person.term_ends_on - today > RENEWAL_WINDOW:
        raise Conflict(
            f"The term runs until {person.term_ends_on.isoformat()}: renew it in its final year.",
            {"term_ends_on": ["Not in its final year."]},
        )
    old_end = person.term_ends_on
    person.term_ends_on = add_months(old_end, TERM_MONTHS)
    person.updated_at = utcnow()
    audit.record(
        person.scheme_id,
        actor,
        "person",
        person.id,
        "renew_term",
        {"term_ends_on": [old_end, person.term_ends_on]},
        reason=note,
    )
    db.session.commit()
    return person


def with_term_expiring(query: Select, within_days: int, today: date) -> Select:
    """Appointed volunteers whose term ends within `within_days` (or has ended), soonest first."""
    return (
        query.where(
            is_volunteer(),
            Person.status.in_(("active", "suspended")),
            Person.term_ends_on <= today + timedelta(days=within_days),
        )
        .order_by(None)
        .order_by(Person.term_ends_on, Person.name, Person.id)
    )


def with_probation_ending(query: Select, within_days: int, today: date) -> Select:
    """Probationers whose probation ends within `within_days` (or is overdue), soonest first."""
    return (
        query.where(
            Person.status == "probation",
            Person.probation_ends_on <= today + timedelta(days=within_days),
        )
        .order_by(None)
        .order_by(Person.probation_ends_on, Person.name, Person.id)
    )
