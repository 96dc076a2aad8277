"""The scheme's checklists (suite, detainee, dog): the defaults as the scheme relabelled or
retired them, then its own items. A visit answers the active items of its checklists; a retired
item keeps its meaning on the visits that used it (an amendment may keep it, not add it)."""

from sqlalchemy import select

from icv.common import audit
from icv.common.database import db
from icv.common.errors import Conflict, NotFound, RuleViolation
from icv.models import CHECKLIST_KINDS, DEFAULT_CHECKLISTS, ChecklistItem, Person, Scheme


def items(scheme_id: int, kind: str, *, include_retired: bool = False) -> list[dict]:
    merged = {
        key: {"key": key, "label": label, "active": True} for key, label in DEFAULT_CHECKLISTS[kind]
    }
    for row in db.session.scalars(
        select(ChecklistItem)
        .where(ChecklistItem.scheme_id == scheme_id, ChecklistItem.kind == kind)
        .order_by(ChecklistItem.id)
    ):
        merged[row.key] = {"key": row.key, "label": row.label, "active": row.active}
    return [item for item in merged.values() if include_retired or item["active"]]


def all_checklists(scheme_id: int) -> dict[str, list[dict]]:
    """Every checklist of the scheme, retired items included (marked `active: false`)."""
    return {kind: items(scheme_id, kind, include_retired=True) for kind in DEFAULT_CHECKLISTS}


def active_keys(scheme_id: int, kind: str) -> list[str]:
    return [item["key"] for item in items(scheme_id, kind)]


def _save(scheme: Scheme, actor: Person, kind: str, key: str, label: str, active: bool) -> dict:
    row = db.session.scalar(
        select(ChecklistItem).where(
            ChecklistItem.scheme_id == scheme.id,
            ChecklistItem.kind == kind,
            ChecklistItem.key == key,
        )
    )
    if row is None:
        row = ChecklistItem(scheme_id=scheme.id, kind=kind, key=key)
        db.session.add(row)
    row.label, row.active = label, active
    audit.record(
        scheme.id,
        actor,
        "checklist_item",
        f"{kind}.{key}",
        "save",
        {"label": label, "active": active},
    )
    db.session.commit()
    return _item(scheme.id, kind, key)


def _item(scheme_id: int, kind: str, key: str) -> dict | None:
    return next(
        (item for item in items(scheme_id, kind, include_retired=True) if item["key"] == key),
        None,
    )


def _check_kind(kind: str) -> None:
    if kind not in CHECKLIST_KINDS:
        raise NotFound("checklist")


def add_item(
    scheme: Scheme, actor: Person, kind: str, key: str, label: str, active: bool = True
) -> dict:
    """A new item; a key the checklist already has (retired or not) is a conflict."""
    _check_kind(kind)
    if _item(scheme.id, kind, key) is not None:
        raise Conflict(
            f"The {kind} checklist already has '{key}': change it instead.",
            {"key": ["Already on the checklist."]},
        )
    return _save(scheme, actor, kind, key, label, active)


def change_item(scheme: Scheme, actor: Person, kind: str, key: str, changes: dict) -> dict:
    """Relabels an item, or retires it (or brings it back); visits keep the answers they hold."""
    _check_kind(kind)
    item = _item(scheme.id, kind, key)
    if item is None:
        raise NotFound("checklist item")
    if not changes:
        raise RuleViolation("label", "Give a new label, or active true or false.")
    return _save(
        scheme,
        actor,
        kind,
        key,
        changes.get("label", item["label"]),
        changes.get("active", item["active"]),
    )
