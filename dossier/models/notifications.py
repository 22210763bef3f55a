"""In-app notifications, the push outbox, the devices that receive push, and each
person's notification settings.

A `Notification` is one message for one person, written in the same transaction as its
cause; the in-app list shows every one of them. For each of that person's devices that
should get it as a push, a `PushDelivery` row is the outbox entry a worker claims,
sends and settles. The push texts come from the catalogue by `kind` in the reader's
language, so no health details are stored here or shown on a lock screen; the in-app
list says what and who, made when it is read from the item (through the gate).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from dossier.models.base import Versioned, created_column, json_column, utc_column


class Category(StrEnum):
    """What a notification is about; each person chooses a channel per category."""

    TASKS = "tasks"
    AGREEMENTS = "agreements"
    APPOINTMENTS = "appointments"
    REMINDERS = "reminders"  # before an appointment
    SIGNALS = "signals"  # a brother or sister may need attention
    CHECKIN_REMINDER = "checkin_reminder"  # the sibling's own gentle reminder
    SYSTEM = "system"  # a test notification, the daily summary


class Channel(StrEnum):
    PUSH = "push"  # in the app and on the person's devices
    IN_APP = "in_app"  # only in the app's notification list
    OFF = "off"


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting to be claimed (maybe not before `not_before`)
    SENT = "sent"  # the push service answered 201
    GONE = "gone"  # 404/410: the subscription ended; it was removed
    FAILED = "failed"  # gave up after retries; the device is marked as failing
    REJECTED = "rejected"  # 400/403/413: a configuration error, never retried
    EXPIRED = "expired"  # its time to live passed before it could be sent
    SUMMARISED = "summarised"  # folded into the daily summary instead


class PushSubscription(Versioned, table=True):
    __tablename__ = "push_subscription"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    endpoint: str = Field(max_length=1000, sa_column_kwargs={"unique": True})
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    device_name: str = Field(default="", max_length=100)
    user_agent: str = Field(default="", max_length=300)
    created_at: datetime = created_column()
    last_success_at: datetime | None = utc_column(nullable=True)
    failing_since: datetime | None = utc_column(nullable=True)


class Notification(SQLModel, table=True):
    """One message for one person; written in the same transaction as its cause."""

    id: int | None = Field(default=None, primary_key=True)
    family_id: int | None = Field(default=None, foreign_key="family.id", index=True)
    recipient_user_id: int = Field(foreign_key="user.id", index=True)
    kind: str = Field(max_length=40)
    category: str = Field(default=Category.SYSTEM, max_length=20)
    urgent: bool = False  # comes through during quiet hours
    object_type: str = Field(default="", max_length=30)
    object_id: int | None = None
    # Who caused it (shown in the app as a first name, never in a push); None when time
    # caused it (a reminder) or for rows from before this column.
    actor_membership_id: int | None = Field(default=None, foreign_key="membership.id")
    url: str = Field(default="/", max_length=300)
    dedupe_key: str = Field(max_length=200, sa_column_kwargs={"unique": True})
    created_at: datetime = created_column()
    read_at: datetime | None = utc_column(nullable=True)


class PushDelivery(SQLModel, table=True):
    """The outbox: one notification to one device. Claimed with a lease, so several
    workers never send the same row twice and a crashed worker's rows come back."""

    __tablename__ = "push_delivery"

    id: int | None = Field(default=None, primary_key=True)
    notification_id: int = Field(foreign_key="notification.id", index=True)
    subscription_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer, sa.ForeignKey("push_subscription.id", ondelete="SET NULL"), index=True
        ),
    )
    status: str = Field(default=DeliveryStatus.PENDING, max_length=12)
    not_before: datetime = utc_column()  # quiet hours, back-off and Retry-After push this on
    expires_at: datetime = utc_column()  # created + TTL: after this it is never sent
    lease_until: datetime | None = utc_column(nullable=True)
    lease_owner: str = Field(default="", max_length=64)
    attempts: int = 0
    last_status: int | None = None
    last_error: str = Field(default="", max_length=300)
    created_at: datetime = created_column()
    sent_at: datetime | None = utc_column(nullable=True)

    __table_args__ = (
        sa.UniqueConstraint("notification_id", "subscription_id", name="uq_delivery_per_device"),
        sa.Index("ix_push_delivery_due", "status", "not_before"),
    )


class NotificationSettings(Versioned, table=True):
    """A person's choices: a channel per category, quiet hours, a daily summary."""

    __tablename__ = "notification_settings"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", sa_column_kwargs={"unique": True})
    channels: dict[str, str] = json_column(dict)  # {category: channel}; missing: the default
    quiet_start: str = Field(default="22:00", max_length=5)  # Europe/Amsterdam wall clock
    quiet_end: str = Field(default="07:30", max_length=5)
    daily_summary: bool = False  # one push a day instead of single messages
    summary_at: str = Field(default="08:00", max_length=5)
    updated_at: datetime = created_column()
