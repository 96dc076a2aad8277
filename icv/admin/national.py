"""National bodies' accounts and schemes' agreement to be benchmarked.

A national account (role `national`) belongs to no scheme: it reads the cross-scheme benchmarks
of the schemes that opted in (`icv.reporting.benchmarks`) and nothing else. It is created from
the command line only (`icv national-account create`), as schemes are.
"""

from datetime import date

from sqlalchemy import select

from icv.admin import settings
from icv.common import passwords
from icv.common.database import db
from icv.common.errors import Conflict, RuleViolation
from icv.models import NATIONAL_ROLE, Person, Scheme
from icv.people.accounts import normalise_email


def create_national_account(email: str, name: str, password: str) -> Person:
    """An active national account of no scheme, signing in with `email` and `password`."""
    email = normalise_email(email)
    if "@" not in email:
        raise RuleViolation("email", "Give an email address.")
    if not name.strip():
        raise RuleViolation("name", "A national account needs a name.")
    if not password:
        raise RuleViolation("password", "A national account needs a password.")
    if db.session.scalar(select(Person.id).where(Person.email == email)) is not None:
        raise Conflict("Someone signs in with that email.", {"email": ["Already used."]})
    person = Person(
        scheme_id=None,
        name=name.strip(),
        email=email,
        password_hash=passwords.hash_password(password),
        status="active",
        joined_on=date.today(),
    )
    person.set_roles([NATIONAL_ROLE])
    db.session.add(person)
    db.session.commit()
    return person


def is_national(person: Person) -> bool:
    return person.scheme_id is None and person.has_role(NATIONAL_ROLE)


def set_benchmarking(scheme: Scheme, *, benchmarking: bool, named: bool | None = None) -> Scheme:
    """Opts the scheme in to (or out of) benchmarks and, with `named`, to being named to the
    national body in them: the rules of `PATCH /scheme` (`icv.admin.settings`), from the CLI or a
    test, with nobody signed in."""
    changes = {"benchmarking": benchmarking}
    if named is not None:
        changes["benchmarking_named"] = named
    return settings.update_settings(scheme, None, changes)
