"""Delta sync of a list: `updated_since` (an aware time) narrows a list to what changed after it,
oldest change first, and the answer's `X-Sync` header says what left the caller's list since:

    X-Sync: {"as_of": "2024-09-03T18:20:00+00:00", "removed": ["17", "18"], "reset": false}

The body keeps the list's usual shape. The phone keeps `as_of` for its next `updated_since`
(`as_of` is a few seconds before the answer was read, so a change committed while it was read is
sent again next time rather than missed), replaces the records it was sent, deletes the
`removed` ids, and on `reset: true` drops its copy and fetches the list afresh (see
`icv.sync.tombstones` for when, and for the limits).
"""

import json
from datetime import datetime, timedelta

from flask import after_this_request
from sqlalchemy import Select, exists, or_, select

from api.framework.authorization import current_person
from icv.models import Notification, Plan, PlanItem, PlanItemVisitor, utcnow
from icv.sync import tombstones

# Changes committed while an answer is read may carry an earlier time than the read itself.
OVERLAP = timedelta(seconds=5)


def _changed(entity, since: datetime):
    if entity is Notification:
        return or_(Notification.created_at > since, Notification.read_at > since)
    if entity is Plan:
        items = select(PlanItem.id).where(PlanItem.plan_id == Plan.id)
        return or_(
            Plan.created_at > since,
            exists(items.where(PlanItem.updated_at > since)),
            exists(
                select(PlanItemVisitor.plan_item_id).where(
                    PlanItemVisitor.plan_item_id.in_(items),
                    PlanItemVisitor.responded_at > since,
                )
            ),
        )
    return entity.updated_at > since


def changed_since(query: Select, since: datetime) -> Select:
    """The list narrowed to what changed after `since`, oldest change first."""
    entity = query.column_descriptions[0]["entity"]
    order = entity.updated_at if hasattr(entity, "updated_at") else entity.created_at
    return query.where(_changed(entity, since)).order_by(None).order_by(order, entity.id)


def announce_removed(kind: str, since: datetime) -> None:
    """Puts what left the caller's list of `kind` after `since` in the answer's X-Sync header."""
    caller = current_person()
    now = utcnow()
    state = {
        "as_of": (now - OVERLAP).isoformat(),
        "removed": tombstones.removed_since(caller, kind, since),
        "reset": tombstones.needs_reset(caller, since, now),
    }

    @after_this_request
    def carry_delta(response):
        if response.status_code in (200, 304):
            response.headers["X-Sync"] = json.dumps(state)
        return response
