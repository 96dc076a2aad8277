"""The demo scheme: the reference scheme's sites and one person per role.

Its people sign in as `<role>@demo.example` with password `demo-<role>`. Loading is
idempotent: what exists already is left as it is, so running it twice changes nothing.
"""

from datetime import date

from sqlalchemy import select

from icv import people, schemes, sites
from icv.database import db
from icv.models import Person, Scheme, Site

DEMO_SCHEME = "Demo scheme"
DEMO_TIMEZONE = "Europe/London"
DEMO_SITES_SINCE = date(2020, 4, 1)

# (name, kind, cells, closed from): the reference year's sites; the secondary suite was closed
# for the whole of 2023/24.
DEMO_SITES = (
    ("Suite A", "custody_suite", 36, None),
    ("Suite B", "custody_suite", 18, None),
    ("Suite C", "custody_suite", 14, date(2023, 4, 1)),
    ("Dog Unit", "dog_unit", None, None),
)

DEMO_PEOPLE = (
    {"role": "manager", "name": "Morgan Manager", "joined_on": date(2019, 1, 7)},
    {
        "role": "visitor",
        "name": "Val Visitor",
        "joined_on": date(2016, 5, 3),
        "aws": True,
        "home_area": "North",
        "gender": "female",
        "birth_year": 1961,
    },
    {
        "role": "inspector",
        "name": "Ian Inspector",
        "joined_on": date(2021, 9, 1),
        "sites": ("Suite A", "Suite B", "Suite C"),
    },
    {"role": "viewer", "name": "Vic Viewer", "joined_on": date(2022, 6, 1)},
)


def demo_email(role: str) -> str:
    return f"{role}@demo.example"


def demo_password(role: str) -> str:
    return f"demo-{role}"


def _scheme() -> Scheme:
    scheme = db.session.scalar(select(Scheme).where(Scheme.name == DEMO_SCHEME))
    return scheme or schemes.create_scheme(DEMO_SCHEME, DEMO_TIMEZONE)


def _site(scheme: Scheme, name: str, kind: str, cells: int | None, closed_from: date | None):
    site = db.session.scalar(select(Site).where(Site.scheme_id == scheme.id, Site.name == name))
    if site is not None:
        return site
    site = sites.create_site(
        scheme,
        None,
        {"name": name, "kind": kind, "cells": cells, "status_on": DEMO_SITES_SINCE},
    )
    if closed_from:
        sites.update_site(site, None, {"status": "closed", "status_on": closed_from})
    return site


def _person(scheme: Scheme, spec: dict, site_ids: dict[str, int]) -> Person:
    email = demo_email(spec["role"])
    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is not None:
        return person
    data = {
        "name": spec["name"],
        "email": email,
        "password": demo_password(spec["role"]),
        "roles": [spec["role"]],
        "status": "active",
        "joined_on": spec["joined_on"],
        "aws": spec.get("aws", False),
        "site_ids": [site_ids[name] for name in spec.get("sites", ())],
        **{key: spec.get(key) for key in ("home_area", "gender", "birth_year")},
    }
    return people.create_person(scheme, None, data)


def load_demo() -> Scheme:
    scheme = _scheme()
    site_ids = {spec[0]: _site(scheme, *spec).id for spec in DEMO_SITES}
    for spec in DEMO_PEOPLE:
        _person(scheme, spec, site_ids)
    return scheme
