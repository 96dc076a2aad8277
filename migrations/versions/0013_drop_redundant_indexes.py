"""drop indexes that a composite index already serves

ix_visit_scheme_id is the leading column of ix_visit_scheme_id_arrived_at, and
ix_detainee_entry_visit_id and ix_dog_entry_visit_id of the (visit_id, ref) unique
constraints: each only cost writes (ten detainee entries a visit).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 16:40:00

"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

REDUNDANT = (
    ("visit", "ix_visit_scheme_id", ["scheme_id"]),
    ("detainee_entry", "ix_detainee_entry_visit_id", ["visit_id"]),
    ("dog_entry", "ix_dog_entry_visit_id", ["visit_id"]),
)


def upgrade():
    for table, name, _columns in REDUNDANT:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(name)


def downgrade():
    for table, name, columns in REDUNDANT:
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_index(name, columns, unique=False)
