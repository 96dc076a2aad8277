"""A scheme's settings, changed by its managers (PATCH /scheme) and audited.

Each setting is a column of `scheme`. `SETTINGS` lists those a manager may change, and
`RULES` the checks a value must pass beyond its type and range (which the request schema
checks); a change that breaks any rule writes nothing and names every field at fault.

To add a setting: add the column to `icv.models.core.Scheme` with a migration that gives
existing schemes its default, add its name to `SETTINGS` (and a rule to `RULES` if its value
needs more than a range), and add its field to the schemas of `api.resources.scheme`.
"""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from icv.admin import custody_refs
from icv.common import audit
from icv.common.database import db
from icv.common.dates import is_time_zone
from icv.common.errors import Conflict, Problems
from icv.models import Person, Scheme

SETTINGS = (
    "name",
    "timezone",
    "acknowledge_days",
    "tact_report_days",
    "hourly_rate",
    "custody_ref_pattern",
    "visit_detail_retention_years",
    "leaver_retention_years",
    "managers_need_second_factor",
    "planner_uncovered_allowance",
    "min_team_meetings_per_year",
    "national_training_in_probation",
    "min_refresher_trainings_per_term",
    "tact_training_for_tact_visits",
    "benchmarking",
    "benchmarking_named",
)


def _name(scheme: Scheme, value: str) -> str | None:
    if not value.strip():
        return "A scheme needs a name."
    taken = db.session.scalar(
        select(Scheme.id).where(Scheme.name == value.strip(), Scheme.id != scheme.id)
    )
    return "Another scheme has this name." if taken is not None else None


def _timezone(scheme: Scheme, value: str) -> str | None:
    if not is_time_zone(value):
        return f"Unknown time zone '{value}': use an IANA name such as Europe/London."
    return None


def _custody_ref_pattern(scheme: Scheme, value: str | None) -> str | None:
    return None if value is None else custody_refs.why_unfit(value)


RULES: dict[str, Callable[[Scheme, object], str | None]] = {
    "name": _name,
    "timezone": _timezone,
    "custody_ref_pattern": _custody_ref_pattern,
}


def _benchmarking(scheme: Scheme, changes: dict, problems: Problems) -> None:
    """Being named to the national body needs taking part: opting out withdraws the name too."""
    taking_part = changes.get("benchmarking", scheme.benchmarking)
    if not taking_part and "benchmarking_named" not in changes:
        changes["benchmarking_named"] = False
    if changes.get("benchmarking_named") and not taking_part:
        problems.add("benchmarking_named", "A scheme is named only in benchmarks it takes part in.")


def _normalised(changes: dict) -> dict:
    normal = dict(changes)
    if isinstance(normal.get("name"), str):
        normal["name"] = normal["name"].strip()
    if normal.get("custody_ref_pattern") == "":
        normal["custody_ref_pattern"] = None  # an empty pattern removes it
    return normal


def update_settings(scheme: Scheme, actor: Person, changes: dict) -> Scheme:
    """Changes the settings given; the audit trail keeps each one's old and new value.

    A change that changes nothing writes nothing (the version, and so the ETag, stays)."""
    unknown = set(changes) - set(SETTINGS)
    if unknown:
        raise ValueError(f"not settings: {sorted(unknown)}")
    changes = _normalised(changes)
    problems = Problems()
    for field, value in changes.items():
        rule = RULES.get(field)
        message = rule(scheme, value) if rule else None
        if message:
            problems.add(field, message)
    _benchmarking(scheme, changes, problems)
    problems.raise_if_any()
    changed = {
        field: [getattr(scheme, field), value]
        for field, value in changes.items()
        if getattr(scheme, field) != value
    }
    if not changed:
        return scheme
    for field, (_, value) in changed.items():
        setattr(scheme, field, value)
    audit.record(scheme.id, actor, "scheme", scheme.id, "update", changed)
    try:
        db.session.commit()
    except IntegrityError as error:  # two schemes renamed alike at once
        db.session.rollback()
        raise Conflict("Another scheme has this name.", {"name": ["Already used."]}) from error
    return scheme
