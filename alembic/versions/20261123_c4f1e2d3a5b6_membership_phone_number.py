"""membership: an optional phone number (key contacts, also offline)

Revision ID: c4f1e2d3a5b6
Revises: 898987d868d5
Create Date: 2026-11-23 04:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c4f1e2d3a5b6"
down_revision: str | None = "898987d868d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "phone",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",  # existing members: no number yet
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("phone")
