"""In-app notifications (also the push outbox) and the devices that receive push."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, utc_column


class PushSubscription(Versioned, table=True):
    __tablename__ = "push_subscription"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    endpoint: str = Field(max_length=1000, sa_column_kwargs={"unique": True})
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    device_name: str = Field(default="", max_length=100)
    created_at: datetime = created_column()
    last_success_at: datetime | None = utc_column(nullable=True)
    failing_since: datetime | None = utc_column(nullable=True)


class Notification(SQLModel, table=True):
    """One message for one person; written in the same transaction as its cause.

    The text is looked up from the catalogue by `kind` in the reader's language, so no
    health details are stored here or shown on a lock screen.
    """

    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)
    recipient_user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=40)
    object_type: str = Field(default="", max_length=30)
    object_id: int | None = None
    url: str = Field(default="/", max_length=300)
    dedupe_key: str = Field(max_length=200, sa_column_kwargs={"unique": True})
    created_at: datetime = created_column()
    read_at: datetime | None = utc_column(nullable=True)
