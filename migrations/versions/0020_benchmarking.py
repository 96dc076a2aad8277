"""cross-scheme benchmarking: schemes' opt-in, national accounts of no scheme

Existing rows keep their meaning:
- every scheme is opted out of benchmarks and of being named (`benchmarking`,
  `benchmarking_named` false): nobody agreed to anything yet;
- every person keeps their scheme; `person.scheme_id` may now be null, for the national role
  only (a national body's account, outside any scheme);
- the role vocabulary gains `national`.

Downgrading removes the national accounts (the old shape has no place for a person of no
scheme) and the two columns.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-09 10:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None

OLD_ROLES = ("visitor", "manager", "inspector", "viewer", "admin")
ROLES = (*OLD_ROLES, "national")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


def _replace_role_check(values: tuple[str, ...]) -> None:
    with op.batch_alter_table("person_role") as batch_op:
        batch_op.drop_constraint(op.f("ck_person_role_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_person_role_role"), _in("role", values))


def upgrade():
    op.add_column(
        "scheme",
        sa.Column("benchmarking", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "scheme",
        sa.Column("benchmarking_named", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    _replace_role_check(ROLES)
    with op.batch_alter_table("person") as batch_op:
        batch_op.alter_column("scheme_id", existing_type=sa.Integer(), nullable=True)


def downgrade():
    connection = op.get_bind()
    national = sa.select(sa.column("person_id")).select_from(sa.table("person_role"))
    national = national.where(sa.column("role") == "national")
    for table in ("auth_session", "person_role"):
        connection.execute(
            sa.table(table, sa.column("person_id"))
            .delete()
            .where(sa.column("person_id").in_(national))
        )
    connection.execute(sa.text("DELETE FROM person WHERE scheme_id IS NULL"))
    with op.batch_alter_table("person") as batch_op:
        batch_op.alter_column("scheme_id", existing_type=sa.Integer(), nullable=False)
    _replace_role_check(OLD_ROLES)
    op.drop_column("scheme", "benchmarking_named")
    op.drop_column("scheme", "benchmarking")
