"""exports of the family's data (background job, one-time link)

Revision ID: f4d3a8b5cae6
Revises: e3c2f7a4b9d5
Create Date: 2026-12-07 18:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import dossier.models.base

revision: str = "f4d3a8b5cae6"
down_revision: str | None = "e3c2f7a4b9d5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("file_path", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", dossier.models.base.UTCDateTime(), nullable=False),
        sa.Column("started_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("finished_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.Column("expires_at", dossier.models.base.UTCDateTime(), nullable=False),
        sa.Column("downloaded_at", dossier.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["family_id"], ["family.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_job_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_job_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_job_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_job_status"))
        batch_op.drop_index(batch_op.f("ix_export_job_family_id"))
        batch_op.drop_index(batch_op.f("ix_export_job_user_id"))
    op.drop_table("export_job")
