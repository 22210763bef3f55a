"""appointment: soft delete (deleted_at), for a mistaken appointment with undo

Revision ID: b7d2e4f6a8c1
Revises: 7b3d9e1f4a52
Create Date: 2026-12-07 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

import dossier.models.base
from alembic import op

revision: str = "b7d2e4f6a8c1"
down_revision: str | None = "7b3d9e1f4a52"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("deleted_at", dossier.models.base.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
