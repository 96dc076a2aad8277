"""A forgotten password: a one-time link (1 hour) by email, then a new password.

Asking never tells whether the email is known: both cases do the same work up to the
database (a token is drawn and hashed, the person looked up) and get the same answer. What
differs is only whether rows are written (the link and its email, in one commit), which sends
nothing while the request runs: the email goes out from the outbox later.
"""

from datetime import timedelta

from sqlalchemy import select

from icv.common import audit
from icv.common.database import db
from icv.models import Person
from icv.notifications import outbox
from icv.people import accounts, one_time_links

RESET_LIFETIME = timedelta(hours=1)


def request_reset(email: str) -> None:
    token = one_time_links.new_token()
    token_hash = one_time_links.hash_token(token)
    person = db.session.scalar(
        select(Person).where(Person.email == accounts.normalise_email(email))
    )
    if person is None or not accounts.can_sign_in(person):
        db.session.rollback()
        return
    one_time_links.issue(person, "password_reset", RESET_LIFETIME, token_hash)
    outbox.account_email(
        person,
        "password_reset",
        one_time_links.link_for("password_reset", token),
        hours=int(RESET_LIFETIME.total_seconds() // 3600),
    )
    audit.record(person.scheme_id, None, "person", person.id, "request_password_reset", {})
    db.session.commit()


def reset(token: str, password: str) -> Person:
    """Sets the new password, ends every sign-in of the person, and tells them by email. Their
    second factor stays: the next sign-in still needs it."""
    person = one_time_links.set_password_by_link(token, "password_reset", password)
    accounts.revoke_all_sessions(person.id)
    outbox.account_email(person, "password_changed")
    audit.record(person.scheme_id, person, "person", person.id, "reset_password", {})
    db.session.commit()
    return person
