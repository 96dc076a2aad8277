"""Signing in: who may, checking a password, and the sessions that tokens belong to."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy import select, update

from icv import passwords
from icv.database import db
from icv.models import AuthSession, Person, utcnow

# Applicants and people in vetting have no access yet; suspended and left people lose it at once.
SIGN_IN_STATUSES = frozenset({"probation", "active"})


def can_sign_in(person: Person) -> bool:
    return person.status in SIGN_IN_STATUSES


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> Person | None:
    """The person these credentials belong to, or None; an unknown email costs the same time."""
    person = db.session.scalar(select(Person).where(Person.email == normalise_email(email)))
    if not passwords.verify_password(person.password_hash if person else None, password):
        return None
    if not can_sign_in(person):
        return None
    if passwords.needs_rehash(person.password_hash):
        person.password_hash = passwords.hash_password(password)
        db.session.commit()
    return person


def open_session(person: Person, lifetime: timedelta) -> AuthSession:
    session = AuthSession(id=str(uuid.uuid4()), person_id=person.id, expires_at=utcnow() + lifetime)
    db.session.add(session)
    db.session.commit()
    return session


def session_is_live(session_id: str | None, person_id: int, now: datetime | None = None) -> bool:
    if not session_id:
        return False
    session = db.session.get(AuthSession, session_id)
    return (
        session is not None
        and session.person_id == person_id
        and session.revoked_at is None
        and session.expires_at > (now or utcnow())
    )


def revoke_session(session_id: str) -> None:
    db.session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    db.session.commit()


def revoke_all_sessions(person_id: int, except_session_id: str | None = None) -> None:
    """Ends every sign-in of a person (when they leave or are suspended), or every other one
    (when they change their password)."""
    query = update(AuthSession).where(
        AuthSession.person_id == person_id, AuthSession.revoked_at.is_(None)
    )
    if except_session_id is not None:
        query = query.where(AuthSession.id != except_session_id)
    db.session.execute(query.values(revoked_at=utcnow()))
