"""leaving a family, erased accounts, access with an end date

Revision ID: a5e4b9c6dbf7
Revises: f4d3a8b5cae6
Create Date: 2026-12-07 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

import dossier.models.base
from alembic import op

revision: str = "a5e4b9c6dbf7"
down_revision: str | None = "f4d3a8b5cae6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("erased_at", dossier.models.base.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(sa.Column("access_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ended_at", dossier.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("ended_reason", sa.String(length=20), nullable=False, server_default="")
        )
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("access_until", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitation", schema=None) as batch_op:
        batch_op.drop_column("access_until")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("ended_reason")
        batch_op.drop_column("ended_at")
        batch_op.drop_column("access_until")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
