"""Migration 0015 carries dog-unit visits recorded before the welfare needs over with their
meaning: each dog's booleans and five freedoms become its five needs (a concern noting what was
false), its records the visit's records check; the old dog-unit checks keep their answers (food
in date renamed to its new item, kennels and vehicles kept as the scheme's retired items)."""

import importlib.util
import json
from pathlib import Path

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from icv.common.database import db
from icv.models import DogEntry, Visit
from icv.visits import checklists
from tests.support.dog_visits import dog_visit
from tests.support.visits import log_visit

MIGRATION = Path(__file__).parents[2] / "migrations" / "versions" / "0015_dog_welfare_needs.py"


def previous_revision() -> str:
    spec = importlib.util.spec_from_file_location("dog_welfare_migration", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.down_revision


OLD_DOG = (
    "INSERT INTO dog_entry (visit_id, position, ref, kennel_ok, vehicle_ok, records_ok,"
    " five_freedoms, notes) VALUES (:visit, :position, :ref, :kennel, :vehicle, :records,"
    " :freedoms, NULL)"
)
OLD_ITEM = (
    "INSERT INTO checklist_item (scheme_id, kind, key, label, active)"
    " VALUES (:scheme, :kind, :key, :label, true)"
)


def record_old_visits(scheme, dog_visit_id: str, suite_visit_id: str) -> None:
    """Raw rows in the shape before 0015, as visits recorded then hold them."""
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM dog_entry"))
        for position, (ref, kennel, vehicle, records, freedoms) in enumerate(
            (
                (
                    "PD-REX",
                    True,
                    False,
                    True,
                    {"hunger_and_thirst": True, "fear_and_distress": False},
                ),
                ("PD-NELL", True, True, False, {}),
            )
        ):
            connection.execute(
                text(OLD_DOG),
                {
                    "visit": dog_visit_id,
                    "position": position,
                    "ref": ref,
                    "kennel": kennel,
                    "vehicle": vehicle,
                    "records": records,
                    "freedoms": json.dumps(freedoms),
                },
            )
        old_dog_checks = {
            "kennels_ok": {"result": "ok"},
            "vehicles_ok": {"result": "concern", "note": "Van 2 dirty"},
            "food_in_date": {"result": "ok"},
            "training_observed": {"result": "not_checked"},
        }
        for visit_id, checks in (
            (dog_visit_id, old_dog_checks),
            (suite_visit_id, {"food_in_date": {"result": "concern", "note": "Old sandwiches"}}),
        ):
            connection.execute(
                text("UPDATE visit SET checks = :checks WHERE id = :id"),
                {"checks": json.dumps(checks), "id": visit_id},
            )
        connection.execute(text("DELETE FROM checklist_item"))
        for kind, key, label in (
            ("dog", "food_in_date", "Dog food in date"),
            ("dog", "kennels_ok", "Kennels clean"),
            ("suite", "food_in_date", "Food for detainees in date"),
        ):
            connection.execute(
                text(OLD_ITEM), {"scheme": scheme.id, "kind": kind, "key": key, "label": label}
            )


def test_0015_keeps_the_meaning_of_dog_visits_recorded_before_it(
    record, manager_headers, scheme, dog_unit, suite, manager, visitor, partner
):
    dog_visit_id = record(
        manager_headers, dog_visit(dog_unit, (visitor, partner), "2026-03-10T10:00:00+00:00")
    )["id"]
    suite_visit_id = log_visit(suite, manager, [visitor, partner], "2026-03-11T10:00:00+00:00").id
    db.session.remove()
    downgrade(revision=previous_revision())
    record_old_visits(scheme, dog_visit_id, suite_visit_id)

    upgrade(revision="heads")

    rex, nell = db.session.scalars(db.select(DogEntry).order_by(DogEntry.position)).all()
    assert rex.needs == {
        "environment": {
            "result": "concern",
            "note": "Recorded before the welfare needs: vehicle not in good order.",
        },
        "diet": {"result": "ok"},
        "normal_behaviour": {"result": "not_checked"},
        "housed_with_or_apart": {"result": "not_checked"},
        "protection_from_pain_injury_disease": {
            "result": "concern",
            "note": "Recorded before the welfare needs: not free from fear and distress.",
        },
    }
    assert nell.needs["environment"] == {"result": "ok"}
    assert nell.needs["diet"] == {"result": "not_checked"}
    assert (rex.location, nell.location) == ("force_kennels", "force_kennels")
    assert db.session.get(Visit, dog_visit_id).checks == {
        "kennels_ok": {"result": "ok"},
        "vehicles_ok": {"result": "concern", "note": "Van 2 dirty"},
        "food_in_date_and_stored": {"result": "ok"},
        "training_observed": {"result": "not_checked"},
        "vet_and_vaccination_records": {
            "result": "concern",
            "note": "Records not in order for: PD-NELL.",
        },
    }
    assert db.session.get(Visit, suite_visit_id).checks == {
        "food_in_date": {"result": "concern", "note": "Old sandwiches"}
    }


def test_0015_keeps_each_schemes_dog_checklist_as_it_was_worded(
    record, manager_headers, scheme, dog_unit, suite, manager, visitor, partner
):
    dog_visit_id = record(
        manager_headers, dog_visit(dog_unit, (visitor, partner), "2026-03-10T10:00:00+00:00")
    )["id"]
    suite_visit_id = log_visit(suite, manager, [visitor, partner], "2026-03-11T10:00:00+00:00").id
    db.session.remove()
    downgrade(revision=previous_revision())
    record_old_visits(scheme, dog_visit_id, suite_visit_id)

    upgrade(revision="heads")

    dog = {item["key"]: item for item in checklists.items(scheme.id, "dog", include_retired=True)}
    assert dog["food_in_date_and_stored"] == {
        "key": "food_in_date_and_stored",
        "label": "Dog food in date",
        "active": True,
    }
    assert dog["kennels_ok"] == {"key": "kennels_ok", "label": "Kennels clean", "active": False}
    assert dog["vehicles_ok"]["active"] is False
    assert "food_in_date" not in dog
    assert "kennels_ok" not in checklists.active_keys(scheme.id, "dog")
    suite_items = checklists.items(scheme.id, "suite")
    assert {"key": "food_in_date", "label": "Food for detainees in date", "active": True} in (
        suite_items
    )
