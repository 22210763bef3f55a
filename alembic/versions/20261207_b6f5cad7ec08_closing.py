"""closing a dossier (30 days to reopen, then erasure)

Revision ID: b6f5cad7ec08
Revises: a5e4b9c6dbf7
Create Date: 2026-12-07 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa

import dossier.models.base
from alembic import op

revision: str = "b6f5cad7ec08"
down_revision: str | None = "a5e4b9c6dbf7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "family_closure",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=False),
        sa.Column("requested_at", dossier.models.base.UTCDateTime(), nullable=False),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("erase_after", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("cancelled_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("reopened_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["confirmed_by_id"], ["membership.id"]),
        sa.ForeignKeyConstraint(["family_id"], ["family.id"]),
        sa.ForeignKeyConstraint(["reopened_by_id"], ["membership.id"]),
        sa.ForeignKeyConstraint(["requested_by_id"], ["membership.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("family_closure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_closure_family_id"), ["family_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_family_closure_erase_after"), ["erase_after"], unique=False
        )
    op.create_table(
        "audit_retention",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("removed_up_to_id", sa.Integer(), nullable=False),
        sa.Column("removed_up_to_hash", sa.String(length=64), nullable=False),
        sa.Column("removed_rows", sa.Integer(), nullable=False),
        sa.Column("at", dossier.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("audit_retention")
    with op.batch_alter_table("family_closure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_closure_erase_after"))
        batch_op.drop_index(batch_op.f("ix_family_closure_family_id"))
    op.drop_table("family_closure")
