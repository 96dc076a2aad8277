"""dog welfare: the five needs of the Animal Welfare Act 2006, the new dog-unit checklist, and
urgent dog concerns as issues

Existing rows keep their meaning:
- a dog entry's booleans and five-freedoms map become its five needs. A need is a concern when
  anything that fed it was false, ok when something fed it and all was true, else not checked:
  environment <- kennel_ok, vehicle_ok, freedom from discomfort; diet <- freedom from hunger
  and thirst; normal_behaviour <- freedom to express normal behaviour; protection_from_pain_
  injury_disease <- freedom from pain, injury or disease and from fear and distress (the Act's
  "suffering"); housed_with_or_apart was never recorded. A concern's note says what was false.
  The dog was seen at the force's kennels (the only place a dog-unit visit went).
- a dog's records_ok becomes the visit's `vet_and_vaccination_records` check: a concern naming
  the dogs whose records were not in order, else ok (unless the visit already answered it).
- the old dog-unit checklist: `training_observed` is unchanged; `food_in_date` is the same check
  as `food_in_date_and_stored` and is renamed, on dog-unit visits and in the scheme's own
  checklist rows (unless the scheme already has an item of that key); `kennels_ok` and
  `vehicles_ok` have no equivalent (the new items are narrower) and become each scheme's retired
  items, so visits keep those answers, with their labels, in every report.
- issues get `check_key` (null: every existing issue was listed by visitors).

Revision ID: 0015
Revises: 0018
Create Date: 2027-01-10 10:00:00

"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0018"
branch_labels = None
depends_on = None

WELFARE_NEEDS = (
    "environment",
    "diet",
    "normal_behaviour",
    "housed_with_or_apart",
    "protection_from_pain_injury_disease",
)
DOG_LOCATIONS = ("force_kennels", "home_kennel", "vehicle")
# What each old field told of, and what its `false` said.
OLD_SOURCES = {
    "kennel_ok": ("environment", "kennel not in good order"),
    "vehicle_ok": ("environment", "vehicle not in good order"),
}
FREEDOMS = {
    "hunger_and_thirst": ("diet", "not free from hunger and thirst"),
    "discomfort": ("environment", "not free from discomfort"),
    "normal_behaviour": ("normal_behaviour", "not free to express normal behaviour"),
    "pain_injury_disease": (
        "protection_from_pain_injury_disease",
        "not free from pain, injury or disease",
    ),
    "fear_and_distress": ("protection_from_pain_injury_disease", "not free from fear and distress"),
}
RETIRED_DOG_ITEMS = {"kennels_ok": "Kennels in good order", "vehicles_ok": "Vehicles in good order"}
RENAMED_DOG_ITEMS = {"food_in_date": "food_in_date_and_stored"}
RECORDS_CHECK = "vet_and_vaccination_records"

dog_entry = sa.table(
    "dog_entry",
    sa.column("id", sa.Integer),
    sa.column("visit_id", sa.String),
    sa.column("ref", sa.String),
    sa.column("position", sa.Integer),
    sa.column("kennel_ok", sa.Boolean),
    sa.column("vehicle_ok", sa.Boolean),
    sa.column("records_ok", sa.Boolean),
    sa.column("five_freedoms", sa.JSON),
    sa.column("needs", sa.JSON),
    sa.column("location", sa.String),
)
visit = sa.table(
    "visit",
    sa.column("id", sa.String),
    sa.column("site_id", sa.Integer),
    sa.column("checks", sa.JSON),
)
site = sa.table("site", sa.column("id", sa.Integer), sa.column("kind", sa.String))
scheme = sa.table("scheme", sa.column("id", sa.Integer))
checklist_item = sa.table(
    "checklist_item",
    sa.column("id", sa.Integer),
    sa.column("scheme_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("key", sa.String),
    sa.column("label", sa.String),
    sa.column("active", sa.Boolean),
)


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def needs_of(kennel_ok, vehicle_ok, five_freedoms) -> dict:
    """The five needs an old dog entry's answers amount to."""
    found: dict[str, list[tuple[bool, str]]] = {need: [] for need in WELFARE_NEEDS}
    for value, (need, said) in zip((kennel_ok, vehicle_ok), OLD_SOURCES.values(), strict=True):
        if value is not None:
            found[need].append((bool(value), said))
    for freedom, value in (five_freedoms or {}).items():
        if freedom in FREEDOMS and value is not None:
            need, said = FREEDOMS[freedom]
            found[need].append((bool(value), said))
    needs = {}
    for need, answers in found.items():
        wanting = [said for value, said in answers if not value]
        if wanting:
            note = "Recorded before the welfare needs: " + "; ".join(wanting) + "."
            needs[need] = {"result": "concern", "note": note}
        else:
            needs[need] = {"result": "ok" if answers else "not_checked"}
    return needs


def _dog_unit_visits(connection):
    rows = connection.execute(
        sa.select(visit.c.id, visit.c.checks)
        .join(site, site.c.id == visit.c.site_id)
        .where(site.c.kind == "dog_unit")
    )
    return {visit_id: dict(_json(checks) or {}) for visit_id, checks in rows}


def _save_checks(connection, before: dict, after: dict) -> None:
    for visit_id, checks in after.items():
        if checks != before[visit_id]:
            connection.execute(visit.update().where(visit.c.id == visit_id).values(checks=checks))


def _renamed(checks: dict, renames: dict) -> dict:
    checks = dict(checks)
    for old, new in renames.items():
        if old in checks and new not in checks:
            checks[new] = checks.pop(old)
    return checks


def upgrade():
    with op.batch_alter_table("issue") as batch_op:
        batch_op.add_column(sa.Column("check_key", sa.String(length=40), nullable=True))
    with op.batch_alter_table("dog_entry") as batch_op:
        batch_op.add_column(sa.Column("needs", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("location", sa.String(length=20), nullable=True))

    connection = op.get_bind()
    before = _dog_unit_visits(connection)
    checks = {
        visit_id: _renamed(answers, RENAMED_DOG_ITEMS) for visit_id, answers in before.items()
    }
    records: dict[str, list[tuple[str, bool]]] = {}
    for entry in connection.execute(sa.select(dog_entry).order_by(dog_entry.c.position)).all():
        needs = needs_of(entry.kennel_ok, entry.vehicle_ok, _json(entry.five_freedoms))
        connection.execute(
            dog_entry.update()
            .where(dog_entry.c.id == entry.id)
            .values(needs=needs, location="force_kennels")
        )
        records.setdefault(entry.visit_id, []).append((entry.ref, bool(entry.records_ok)))
    for visit_id, dogs in records.items():
        if visit_id not in checks or RECORDS_CHECK in checks[visit_id]:
            continue
        wanting = [ref for ref, ok in dogs if not ok]
        checks[visit_id][RECORDS_CHECK] = (
            {
                "result": "concern",
                "note": "Records not in order for: " + ", ".join(wanting) + ".",
            }
            if wanting
            else {"result": "ok"}
        )
    _save_checks(connection, before, checks)

    for (scheme_id,) in connection.execute(sa.select(scheme.c.id)).all():
        own = {
            row.key: row
            for row in connection.execute(
                sa.select(checklist_item).where(
                    checklist_item.c.scheme_id == scheme_id, checklist_item.c.kind == "dog"
                )
            )
        }
        for old, new in RENAMED_DOG_ITEMS.items():
            if old in own and new not in own:
                connection.execute(
                    checklist_item.update()
                    .where(checklist_item.c.id == own[old].id)
                    .values(key=new)
                )
        for key, label in RETIRED_DOG_ITEMS.items():
            if key in own:
                connection.execute(
                    checklist_item.update()
                    .where(checklist_item.c.id == own[key].id)
                    .values(active=False)
                )
            else:
                connection.execute(
                    checklist_item.insert().values(
                        scheme_id=scheme_id, kind="dog", key=key, label=label, active=False
                    )
                )

    with op.batch_alter_table("dog_entry") as batch_op:
        batch_op.alter_column("needs", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("location", existing_type=sa.String(length=20), nullable=False)
        batch_op.create_check_constraint(
            op.f("ck_dog_entry_dog_location"),
            f"location IN ({', '.join(repr(value) for value in DOG_LOCATIONS)})",
        )
        batch_op.drop_column("five_freedoms")
        batch_op.drop_column("records_ok")
        batch_op.drop_column("vehicle_ok")
        batch_op.drop_column("kennel_ok")


def downgrade():
    """Back to booleans: kennel and vehicle are fine unless the environment was a concern, the
    records unless the visit's records check was; each need answered gives its freedoms back.
    Issues an urgent check raised stay, as urgent issues the visitors listed."""
    with op.batch_alter_table("dog_entry") as batch_op:
        batch_op.add_column(sa.Column("kennel_ok", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("vehicle_ok", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("records_ok", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("five_freedoms", sa.JSON(), nullable=True))

    connection = op.get_bind()
    before = _dog_unit_visits(connection)
    for entry in connection.execute(sa.select(dog_entry)).all():
        needs = _json(entry.needs) or {}
        result = {need: (needs.get(need) or {}).get("result") for need in WELFARE_NEEDS}
        freedoms = {
            freedom: result[need] == "ok"
            for freedom, (need, _) in FREEDOMS.items()
            if result[need] in ("ok", "concern")
        }
        records = (before.get(entry.visit_id, {}).get(RECORDS_CHECK) or {}).get("result")
        environment_ok = result["environment"] != "concern"
        connection.execute(
            dog_entry.update()
            .where(dog_entry.c.id == entry.id)
            .values(
                kennel_ok=environment_ok,
                vehicle_ok=environment_ok,
                records_ok=records != "concern",
                five_freedoms=freedoms,
            )
        )
    back = {new: old for old, new in RENAMED_DOG_ITEMS.items()}
    _save_checks(
        connection,
        before,
        {visit_id: _renamed(answers, back) for visit_id, answers in before.items()},
    )
    for new, old in back.items():
        taken = sa.select(checklist_item.c.scheme_id).where(
            checklist_item.c.kind == "dog", checklist_item.c.key == old
        )
        connection.execute(
            checklist_item.update()
            .where(
                checklist_item.c.kind == "dog",
                checklist_item.c.key == new,
                checklist_item.c.scheme_id.not_in(taken),
            )
            .values(key=old)
        )
    for key, label in RETIRED_DOG_ITEMS.items():
        connection.execute(
            checklist_item.delete().where(
                checklist_item.c.kind == "dog",
                checklist_item.c.key == key,
                checklist_item.c.label == label,
                checklist_item.c.active.is_(False),
            )
        )

    with op.batch_alter_table("dog_entry") as batch_op:
        batch_op.alter_column("kennel_ok", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column("vehicle_ok", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column("records_ok", existing_type=sa.Boolean(), nullable=False)
        batch_op.alter_column("five_freedoms", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_constraint(op.f("ck_dog_entry_dog_location"), type_="check")
        batch_op.drop_column("location")
        batch_op.drop_column("needs")
    with op.batch_alter_table("issue") as batch_op:
        batch_op.drop_column("check_key")
