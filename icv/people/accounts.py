"""Signing in: who may, checking a password, and the sessions that tokens belong to."""

import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload, lazyload

from icv.common import passwords
from icv.common.database import db
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


# A phone that lost the answer to a refresh may send the same refresh token again this soon.
REFRESH_RETRY_GRACE = timedelta(seconds=60)


def new_session_id() -> str:
    return str(uuid.uuid4())


def open_session(
    person: Person, lifetime: timedelta, session_id: str, refresh_jti: str
) -> AuthSession:
    now = utcnow()
    session = AuthSession(
        id=session_id,
        person_id=person.id,
        expires_at=now + lifetime,
        refresh_jti=refresh_jti,
        confirmed_at=now,  # signing in proves who they are, as `POST /auth/confirm` does
    )
    db.session.add(session)
    db.session.commit()
    return session


def rotate_refresh(session_id: str, presented_jti: str, new_jti: str) -> bool:
    """Makes `new_jti` the sign-in's only valid refresh token, if `presented_jti` was it.

    A refresh token is good for one use. Presenting a used one means it was copied: the whole
    sign-in is revoked (reuse detection). The one exception is the token just replaced, sent
    again within a minute - a phone that never heard the answer retrying.
    """
    session = db.session.scalar(
        select(AuthSession).where(AuthSession.id == session_id).with_for_update()
    )
    now = utcnow()
    if session is None or session.revoked_at is not None:
        return False
    is_current = session.refresh_jti is None or session.refresh_jti == presented_jti
    is_retry = (
        session.previous_refresh_jti == presented_jti
        and session.refreshed_at is not None
        and now - session.refreshed_at <= REFRESH_RETRY_GRACE
    )
    if not (is_current or is_retry):
        session.revoked_at = now
        db.session.commit()
        return False
    if is_current:
        session.previous_refresh_jti = presented_jti
    session.refresh_jti, session.refreshed_at = new_jti, now
    db.session.commit()
    return True


def session_holder(session_id: str | None, person_id: int) -> Person | None:
    """The person of a live sign-in (not revoked, not expired), with their roles and scheme, in
    one statement; None when the sign-in is over or is not theirs. Whether they may still sign
    in (their status) is the caller's to check."""
    if not session_id:
        return None
    return db.session.scalar(
        select(Person)
        .join(AuthSession, AuthSession.person_id == Person.id)
        .where(
            AuthSession.id == session_id,
            Person.id == person_id,
            AuthSession.revoked_at.is_(None),
            AuthSession.expires_at > utcnow(),
        )
        .options(joinedload(Person.role_rows), lazyload(Person.sites))
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
