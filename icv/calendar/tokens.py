"""The secrets behind calendar feeds: separate from sign-in tokens, so that a calendar app can
poll a visitor's feed without signing in.

A secret is 256 random bits, shown once; only its SHA-256 digest is stored (a fast hash is
enough for a secret that cannot be guessed). Each person has at most one: a new one replaces
the old, whose feed then answers 404. A feed answers only while its person may sign in and is
a visitor; a suspension or a leaving deletes the secret with the person's sign-ins
(`icv.people.people`), so a reinstated visitor asks for a new address.
"""

import hashlib
import secrets

from sqlalchemy import delete, select

from icv.common import audit
from icv.common.database import db
from icv.models import CalendarToken, Person, utcnow
from icv.people.accounts import can_sign_in

SECRET_BYTES = 32


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(person: Person) -> str:
    """A new feed secret for the person; the old one stops working. Audited, never the secret."""
    token = secrets.token_urlsafe(SECRET_BYTES)
    row = db.session.get(CalendarToken, person.id)
    if row is None:
        row = CalendarToken(person_id=person.id)
        db.session.add(row)
    row.token_hash, row.created_at = _digest(token), utcnow()
    audit.record(person.scheme_id, person, "calendar_token", person.id, "rotate")
    db.session.commit()
    return token


def person_for(token: str) -> Person | None:
    """The visitor whose feed this secret opens, or None (unknown, replaced, or its person may
    no longer sign in or is no longer a visitor)."""
    person = db.session.scalar(
        select(Person)
        .join(CalendarToken, CalendarToken.person_id == Person.id)
        .where(CalendarToken.token_hash == _digest(token))
    )
    if person is None or not can_sign_in(person) or not person.has_role("visitor"):
        return None
    return person


def revoke(person_id: int) -> None:
    """Deletes the person's feed secret, in the caller's transaction."""
    db.session.execute(delete(CalendarToken).where(CalendarToken.person_id == person_id))
