"""The scheme's checklists (suite, detainee, dog): the defaults as the scheme relabelled or
retired them, then its own items. A visit answers the active items of its checklists; a retired
item keeps its meaning on the visits that used it (an amendment may keep it, not add it)."""

from sqlalchemy import select

from icv.common import audit
from icv.common.database import db
from icv.models import DEFAULT_CHECKLISTS, ChecklistItem, Person, Scheme


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


def save_item(
    scheme: Scheme, actor: Person, kind: str, key: str, label: str, active: bool = True
) -> dict:
    """Adds an item, or relabels or retires one; visits keep the answers they hold."""
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
    return next(item for item in items(scheme.id, kind, include_retired=True) if item["key"] == key)
