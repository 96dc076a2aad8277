"""merge the plans branch

Revision ID: 0007
Revises: 0005, 0006
Create Date: 2026-11-22 06:00:00

"""

revision = "0007"
down_revision = ("0005", "0006")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
