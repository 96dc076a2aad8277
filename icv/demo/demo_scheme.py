"""The demo scheme: the reference scheme's sites, one person per role, and its whole year.

Its people sign in as `<role>@demo.example` with password `demo-<role>`. The year of records
is generated from the published figures in `icv/demo/` (a copy of
../shared/reference/fy2023-24.json) by `icv.demo.synthetic_year`, so that the annual statistics
computed
from the records reproduce them. Loading is idempotent: what exists already is left as it is,
so running it twice changes nothing.
"""

import json
from datetime import date
from importlib import resources

from sqlalchemy import func, select

from icv.admin import schemes
from icv.common import passwords
from icv.common.database import db
from icv.common.dates import FinancialYear, local_today
from icv.demo import recent_years, synthetic_year
from icv.demo.bulk import bulk_loading
from icv.models import Person, Scheme, Site, Visit
from icv.people import people
from icv.sites import sites

DEMO_SCHEME = "Demo scheme"
DEMO_SITES_SINCE = date(2020, 4, 1)
REFERENCE_FILE = "reference-fy2023-24.json"


def reference_spec() -> dict:
    return json.loads(resources.files("icv.demo").joinpath(REFERENCE_FILE).read_text())


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


def _scheme(spec: dict) -> Scheme:
    scheme = db.session.scalar(select(Scheme).where(Scheme.name == DEMO_SCHEME))
    return scheme or schemes.create_scheme(DEMO_SCHEME, spec["timezone"])


def _site(scheme: Scheme, spec_site: dict, year: FinancialYear) -> Site:
    """A site of the specification; one not open all year is closed for the whole year."""
    name = spec_site["name"]
    site = db.session.scalar(select(Site).where(Site.scheme_id == scheme.id, Site.name == name))
    if site is not None:
        return site
    site = sites.create_site(
        scheme,
        None,
        {
            "name": name,
            "kind": spec_site["kind"],
            "cells": spec_site.get("cells"),
            "status_on": DEMO_SITES_SINCE,
        },
    )
    if spec_site.get("open_all_year") is False:
        sites.update_site(site, None, {"status": "closed", "status_on": year.first_day})
    return site


def _person(scheme: Scheme, spec: dict, site_ids: dict[str, int]) -> Person:
    email = demo_email(spec["role"])
    person = db.session.scalar(select(Person).where(Person.email == email))
    if person is not None:
        return person
    data = {
        "name": spec["name"],
        "email": email,
        "roles": [spec["role"]],
        "status": "active",
        "joined_on": spec["joined_on"],
        "aws": spec.get("aws", False),
        "site_ids": [site_ids[name] for name in spec.get("sites", ())],
        **{key: spec.get(key) for key in ("home_area", "gender", "birth_year")},
    }
    person = people.create_person(scheme, None, data, send_invitation=False)
    # The demo's published passwords are meant to be guessed: set here, past the rules a
    # password someone chooses must meet (`icv.people.password_rules`).
    person.password_hash = passwords.hash_password(demo_password(spec["role"]))
    db.session.commit()
    return person


def _has_year(scheme: Scheme, year: FinancialYear) -> bool:
    start, end = year.utc_bounds(scheme.timezone)
    visits = db.session.scalar(
        select(func.count(Visit.id)).where(
            Visit.scheme_id == scheme.id, Visit.arrived_at >= start, Visit.arrived_at < end
        )
    )
    return visits > 0


def load_demo(spec: dict | None = None, seed: int = 2023, today: date | None = None) -> Scheme:
    """Loads the published year, then the years since up to `today` (default: the real date
    in the scheme's time zone; never later), unless they are loaded already."""
    spec = spec or reference_spec()
    year = FinancialYear(spec["financial_year"])
    real_today = local_today(spec["timezone"])
    if today is not None and today > real_today:
        raise ValueError(f"The demo's today cannot be after the real date ({real_today}).")
    with bulk_loading():
        scheme = _scheme(spec)
        site_ids = {item["name"]: _site(scheme, item, year).id for item in spec["sites"]}
        by_role = {item["role"]: _person(scheme, item, site_ids) for item in DEMO_PEOPLE}
        manager, inspector, visitor = (
            by_role[role] for role in ("manager", "inspector", "visitor")
        )
        if not _has_year(scheme, year):
            synthetic_year.load_year(scheme, spec, manager, inspector, visitor, seed)
        if not recent_years.has_recent_years(scheme, year):
            recent_years.load_recent_years(
                scheme, spec, manager, inspector, visitor, today or real_today, seed
            )
    return scheme
