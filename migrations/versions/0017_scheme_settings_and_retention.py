"""the scheme's settings through the API, and retention of personal data

Existing rows keep their meaning:
- a scheme has no custody reference pattern (any reference is accepted, as before), keeps a
  visit's identifying detail 3 years after its financial year ends and a leaver's name 6 years
  after they left (the defaults), and starts at version 1 (its ETag);
- no visit has been redacted and no person anonymised yet.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-10 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    # Plain add_column: batch mode would copy the scheme and person tables on SQLite.
    op.add_column("scheme", sa.Column("custody_ref_pattern", sa.String(length=200), nullable=True))
    op.add_column(
        "scheme",
        sa.Column(
            "visit_detail_retention_years", sa.Integer(), nullable=False, server_default="3"
        ),
    )
    op.add_column(
        "scheme",
        sa.Column("leaver_retention_years", sa.Integer(), nullable=False, server_default="6"),
    )
    op.add_column("scheme", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("person", sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("visit", sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("visit") as batch_op:
        batch_op.drop_column("redacted_at")
    with op.batch_alter_table("person") as batch_op:
        batch_op.drop_column("anonymised_at")
    with op.batch_alter_table("scheme") as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("leaver_retention_years")
        batch_op.drop_column("visit_detail_retention_years")
        batch_op.drop_column("custody_ref_pattern")
