"""Invitations: a person added without a password is emailed a one-time link (72 hours) to
choose their own; until then they cannot sign in. Sending another replaces the last."""

from datetime import datetime, timedelta

from icv.common import audit
from icv.common.database import db
from icv.common.errors import Conflict
from icv.models import Person
from icv.notifications import outbox
from icv.people import accounts, one_time_links

INVITATION_LIFETIME = timedelta(hours=72)


def why_not_invited(person: Person) -> str | None:
    if not accounts.can_sign_in(person):
        return "Only people on probation or active can sign in: invite them when they can."
    if person.password_hash is not None:
        return "They have chosen a password already: they can ask for a new one at sign-in."
    return None


def invite(person: Person, actor: Person | None) -> datetime:
    """Writes the invitation (token and email) in the caller's transaction; returns when its
    link expires."""
    token = one_time_links.new_token()
    row = one_time_links.issue(
        person, "invitation", INVITATION_LIFETIME, one_time_links.hash_token(token)
    )
    outbox.account_email(
        person,
        "invitation",
        one_time_links.link_for("invitation", token),
        hours=int(INVITATION_LIFETIME.total_seconds() // 3600),
    )
    audit.record(
        person.scheme_id, actor, "person", person.id, "invite", {"expires_at": row.expires_at}
    )
    return row.expires_at


def send_again(person: Person, actor: Person) -> datetime:
    """A new invitation (the manager's `POST /people/{id}/invite`); the previous link stops
    working."""
    reason = why_not_invited(person)
    if reason:
        raise Conflict(reason)
    expires_at = invite(person, actor)
    db.session.commit()
    return expires_at


def accept(token: str, password: str) -> Person:
    person = one_time_links.set_password_by_link(token, "invitation", password)
    audit.record(person.scheme_id, person, "person", person.id, "accept_invitation", {})
    db.session.commit()
    return person
