"""Step-up: the most sensitive changes need the caller to have proved who they are within the
last five minutes, so that a borrowed access token alone is not enough for them.

Signing in counts as proving it (with the password, and the code when they have a second
factor); so does `POST /auth/confirm` with the password or a code. The time is kept on the
sign-in's session row (`auth_session.confirmed_at`): it survives refreshes of the access token,
and ends with the sign-in.

What needs it: creating a manager (or admin) or giving someone that role, changing another
person's email (their sign-in), removing someone's second factor, setting one up (else a
borrowed token could lock its holder out), and scheme-wide settings.
"""

from datetime import timedelta

from sqlalchemy import select, update

from icv.common import audit, passwords
from icv.common.database import db
from icv.common.errors import RuleViolation
from icv.models import AuthSession, Person, utcnow
from icv.people import accounts, second_factor

CONFIRMATION_LASTS = timedelta(minutes=5)
POWERFUL_ROLES = frozenset({"manager", "admin"})


def confirmed_recently(session_id: str | None) -> bool:
    if not session_id:
        return False
    confirmed_at = db.session.scalar(
        select(AuthSession.confirmed_at).where(AuthSession.id == session_id)
    )
    return confirmed_at is not None and utcnow() - confirmed_at <= CONFIRMATION_LASTS


def confirm(person: Person, session_id: str, *, password: str | None, code: str | None) -> None:
    """Records that the holder of the sign-in proved who they are (a right password or second
    factor code); else a 422 naming the field, and nothing recorded."""
    if code is not None:
        if not second_factor.verify(person, code):
            raise RuleViolation("code", "The code is not right.")
    elif not passwords.verify_password(person.password_hash, password or ""):
        raise RuleViolation("password", "The password is not right.")
    db.session.execute(
        update(AuthSession).where(AuthSession.id == session_id).values(confirmed_at=utcnow())
    )
    audit.record(
        person.scheme_id,
        person,
        "person",
        person.id,
        "confirm_identity",
        {"with": "code" if code is not None else "password"},
    )
    db.session.commit()


def person_change_needs_it(actor: Person, person: Person | None, changes: dict) -> bool:
    """Whether creating (`person` None) or changing a person needs a recent confirmation: a
    new manager or admin, that role given, or the email of someone else changed."""
    new_roles = set(changes.get("roles") or ())
    if person is None:
        return bool(new_roles & POWERFUL_ROLES)
    if (new_roles & POWERFUL_ROLES) - set(person.roles):
        return True
    changes_email = "email" in changes and (
        accounts.normalise_email(changes["email"]) != person.email
    )
    return changes_email and person.id != actor.id
