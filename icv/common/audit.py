"""The audit trail: one event per change, written in the same transaction as the change."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from icv.common.database import db
from icv.models import AuditEvent, Person


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def record(
    scheme_id: int,
    actor: Person | None,
    entity: str,
    entity_id: int | str,
    action: str,
    changes: dict | None = None,
    reason: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        scheme_id=scheme_id,
        actor_id=actor.id if actor else None,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        changes={key: _plain(value) for key, value in (changes or {}).items()},
        reason=reason,
    )
    db.session.add(event)
    return event


def events_query(scheme_id: int, entity: str | None = None, entity_id: str | None = None):
    query = select(AuditEvent).where(AuditEvent.scheme_id == scheme_id)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
