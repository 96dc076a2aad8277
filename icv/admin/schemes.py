"""Schemes: the tenants. Created by an administrator from the command line."""

from decimal import Decimal

from sqlalchemy import select

from icv.common.database import db
from icv.common.dates import is_time_zone
from icv.common.errors import Conflict, NotFound, RuleViolation
from icv.models import Scheme


def create_scheme(
    name: str,
    timezone: str = "Europe/London",
    hourly_rate: Decimal | None = None,
    acknowledge_days: int | None = None,
) -> Scheme:
    if not name.strip():
        raise RuleViolation("name", "A scheme needs a name.")
    if not is_time_zone(timezone):
        raise RuleViolation("timezone", f"Unknown time zone '{timezone}'.")
    if db.session.scalar(select(Scheme.id).where(Scheme.name == name.strip())) is not None:
        raise Conflict("A scheme of that name exists.", {"name": ["Already used."]})
    scheme = Scheme(name=name.strip(), timezone=timezone)
    if hourly_rate is not None:
        scheme.hourly_rate = hourly_rate
    if acknowledge_days is not None:
        scheme.acknowledge_days = acknowledge_days
    db.session.add(scheme)
    db.session.commit()
    return scheme


def get_scheme(scheme_id: int) -> Scheme:
    scheme = db.session.get(Scheme, scheme_id)
    if scheme is None:
        raise NotFound("scheme")
    return scheme


def default_scheme() -> Scheme:
    """The scheme a command means when none is named: the only one, else the demo scheme."""
    found = list(db.session.scalars(select(Scheme).order_by(Scheme.id).limit(2)))
    if len(found) == 1:
        return found[0]
    demo = db.session.scalar(select(Scheme).where(Scheme.name == "Demo scheme"))
    if demo is None:
        raise NotFound("scheme (name one with --scheme)")
    return demo


def all_schemes() -> list[Scheme]:
    return list(db.session.scalars(select(Scheme).order_by(Scheme.id)))
