"""Builders of records through the domain's own functions, as a manager would make them."""

from datetime import date

from sqlalchemy import text

from icv.common.database import db
from icv.people import people
from icv.sites import sites
from tests.support.app import PASSWORD


def make_site(scheme, name: str, kind: str = "custody_suite", cells: int | None = 20, **extra):
    data = {"name": name, "kind": kind, "cells": cells, "status_on": date(2020, 4, 1), **extra}
    if kind == "dog_unit":
        data["cells"] = None
    return sites.create_site(scheme, None, data)


def make_person(scheme, *roles: str, email: str | None = None, **fields):
    data = {
        "name": fields.pop("name", f"{roles[0].title()} of {scheme.name}"),
        "email": email or f"{'-'.join(roles)}@{scheme.name.lower()}.example",
        "password": PASSWORD,
        "roles": list(roles),
        "status": "active",
        "joined_on": date(2015, 6, 1),
        **fields,
    }
    return people.create_person(scheme, None, data)


def make_volunteer(scheme, name: str, joined_on: date, status: str = "active", **fields):
    """A visitor of `scheme` first recorded with `status` on `joined_on`; email from the name."""
    email = f"{name.lower().replace(' ', '.')}@{scheme.name.lower()}.example"
    return make_person(
        scheme, "visitor", email=email, name=name, status=status, joined_on=joined_on, **fields
    )


def move(person, status: str, on: date | None = None, **fields):
    """Moves a person to `status` on a day, as their manager would (a leaving on `left_on`)."""
    changes = {"status": status, **fields}
    if on is not None:
        changes["left_on" if status == "left" else "status_on"] = on
    return people.update_person(person, None, changes)


def count_rows(table_name: str) -> int:
    return db.session.execute(text(f"SELECT COUNT(*) FROM {table_name}")).scalar_one()  # noqa: S608
