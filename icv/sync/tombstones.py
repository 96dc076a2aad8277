"""Tombstones, written where records leave a list, and read by a delta sync.

A record leaves a caller's list when it is deleted (a withdrawn plan and its items, an activity
or meeting taken back, an urgent issue withdrawn from a draft) or when it stops being theirs to
see (a visitor taken off a visit). What is only changed stays in the list: a withdrawn or
declined claim, an answered issue, a read notice are sent again as changed records, with their
new status.

Limits, by design:
- A change of the caller's own roles or sites can take whole sets of records out of their view
  at once; no tombstone is written per record. The delta says `reset` instead (the caller
  changed since the phone's last sync): the phone drops its copy and fetches the list afresh.
- A filtered delta (`status=...`) sends the changed records that match the filter; a record
  that no longer matches is not reported as removed. Phones mirror unfiltered lists.
- Tombstones are kept for RETENTION_DAYS; a phone away longer gets `reset`.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from icv.common.database import db
from icv.models import TOMBSTONE_KINDS, Person, Tombstone, utcnow

RETENTION_DAYS = 90


def bury(scheme_id: int, kind: str, record_ids: Iterable, person_id: int | None = None) -> None:
    """Records that `record_ids` of `kind` left the lists (of `person_id` only, when given), in
    the caller's transaction."""
    if kind not in TOMBSTONE_KINDS:
        raise ValueError(f"no tombstones of kind {kind!r}")
    now = utcnow()
    db.session.add_all(
        Tombstone(
            scheme_id=scheme_id,
            kind=kind,
            record_id=str(record_id),
            person_id=person_id,
            removed_at=now,
        )
        for record_id in record_ids
    )


def removed_since(person: Person, kind: str, since: datetime) -> list[str]:
    """The ids of `kind` that left `person`'s lists after `since`, oldest first."""
    query = (
        select(Tombstone.record_id)
        .where(
            Tombstone.scheme_id == person.scheme_id,
            Tombstone.kind == kind,
            Tombstone.removed_at > since,
            or_(Tombstone.person_id.is_(None), Tombstone.person_id == person.id),
        )
        .order_by(Tombstone.removed_at, Tombstone.id)
    )
    return list(dict.fromkeys(db.session.scalars(query)))


def needs_reset(person: Person, since: datetime, now: datetime | None = None) -> bool:
    """True when a delta from `since` cannot be trusted: the caller's own roles or sites changed
    after it, or it is older than the tombstones kept."""
    now = now or utcnow()
    return person.updated_at > since or since < now - timedelta(days=RETENTION_DAYS)


def forget_old(now: datetime | None = None, days: int = RETENTION_DAYS) -> int:
    """Drops tombstones older than `days` (never fewer than RETENTION_DAYS: a phone whose last
    sync is younger would miss what left its lists); returns how many, committed. Meant to run
    once a day (`icv sync forget`)."""
    if days < RETENTION_DAYS:
        raise ValueError(f"tombstones are kept at least {RETENTION_DAYS} days")
    cutoff = (now or utcnow()) - timedelta(days=days)
    result = db.session.execute(delete(Tombstone).where(Tombstone.removed_at < cutoff))
    db.session.commit()
    return result.rowcount
