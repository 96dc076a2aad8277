"""Bodies of dog-unit visits: dogs against the five welfare needs, and the unit's checks."""

from datetime import datetime, timedelta

from icv.models import DEFAULT_CHECKLISTS, WELFARE_NEEDS


def needs(**answers) -> dict:
    """Every need ok, except those given (`diet={"result": "concern", "note": ...}`)."""
    return {need: answers.get(need, {"result": "ok"}) for need in WELFARE_NEEDS}


def dog(ref: str, location: str = "force_kennels", **answers) -> dict:
    return {"ref": ref, "needs": needs(**answers), "location": location}


def dog_checks(**answers) -> dict:
    """Every default dog-unit check ok, except those given."""
    return {key: answers.get(key, {"result": "ok"}) for key, _ in DEFAULT_CHECKLISTS["dog"]}


def dog_visit(site, visitors, arrived_at: str, **fields) -> dict:
    """A complete dog-unit visit an hour long, admitted at once: two dogs, every check ok."""
    departed_at = (datetime.fromisoformat(arrived_at) + timedelta(hours=1)).isoformat()
    return {
        "site_id": site.id,
        "visitor_ids": [person.id for person in visitors],
        "arrived_at": arrived_at,
        "admitted_at": arrived_at,
        "departed_at": departed_at,
        "dogs": [dog("PD-REX"), dog("PD-NELL", location="home_kennel")],
        "checks": dog_checks(),
        **fields,
    }
