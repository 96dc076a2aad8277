"""One-time links sent by email (invitations, password resets): a random token whose SHA-256
alone is stored (the token has 256 bits, so a fast hash is enough), good once, until it
expires; a new link of the same purpose replaces the old one."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select, update

from icv.common import passwords
from icv.common.database import db
from icv.common.errors import Problems, RuleViolation
from icv.models import AccountToken, Person, utcnow
from icv.people import accounts, password_rules

TOKEN_BYTES = 32
LINK_PATHS = {"invitation": "/#/invite/", "password_reset": "/#/reset/"}


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_for(purpose: str, token: str) -> str:
    """The app's page for the token, under the deployment's base URL (added when emailed)."""
    return LINK_PATHS[purpose] + token


def issue(person: Person, purpose: str, lifetime: timedelta, token_hash: str) -> AccountToken:
    """Stores a token's hash as the person's only live link of this purpose."""
    db.session.execute(
        delete(AccountToken).where(
            AccountToken.person_id == person.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
    )
    now = utcnow()
    row = AccountToken(
        person_id=person.id,
        purpose=purpose,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + lifetime,
    )
    db.session.add(row)
    return row


def _refusal(row: AccountToken | None) -> str | None:
    if row is None:
        return "This link is not valid: ask for a new one."
    if row.used_at is not None:
        return "This link was already used: sign in, or ask for a new one."
    if row.expires_at <= utcnow():
        return "This link has expired: ask for a new one."
    return None


def set_password_by_link(token: str, purpose: str, password: str) -> Person:
    """Uses the link to set the person's password; refuses a link unknown, used or expired,
    and a password the rules refuse, writing nothing. Atomic: of two uses at once, one wins.
    The caller audits and commits."""
    token_hash = hash_token(token)
    row = db.session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == token_hash, AccountToken.purpose == purpose
        )
    )
    refusal = _refusal(row)
    person = db.session.get(Person, row.person_id) if refusal is None else None
    if person is not None and not accounts.can_sign_in(person):
        refusal = "This account cannot be used now: ask your scheme's manager."
    if refusal:
        raise RuleViolation("token", refusal)
    problems = Problems()
    password_rules.check_new_password(password, person.email, problems)
    problems.raise_if_any()
    now = utcnow()
    used = db.session.execute(
        update(AccountToken)
        .where(
            AccountToken.id == row.id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        db.session.rollback()
        raise RuleViolation("token", "This link was already used: sign in, or ask for a new one.")
    person.password_hash = passwords.hash_password(password)
    person.updated_at = now
    return person
