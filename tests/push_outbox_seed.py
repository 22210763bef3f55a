"""Rows for push fan-out: devices on the local push service and a full outbox.

Shared by tests/integration/test_push_outbox.py and the benchmark (bench/push.py), so
both measure the same 1,000 deliveries.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from dossier.db import get_engine
from dossier.models import Category, Notification, PushDelivery, PushSubscription, User, utcnow
from tests.push_service import PushService, make_subscription


def add_devices(
    session: Session, service: PushService, *, devices: int, prefix: str = "dev"
) -> dict[str, PushSubscription]:
    """One person per device, subscribed on `service`; {device name: subscription}."""
    added: dict[str, PushSubscription] = {}
    for n in range(devices):
        name = f"{prefix}{n}"
        info, _key, _auth = make_subscription(service, name)
        user = User(name=f"Person {n}", email=f"{name}@example.nl", locale="nl")
        session.add(user)
        session.flush()
        device = PushSubscription(
            user_id=user.id,  # type: ignore[arg-type]
            endpoint=info["endpoint"],
            p256dh=info["keys"]["p256dh"],
            auth=info["keys"]["auth"],
        )
        session.add(device)
        session.flush()
        added[name] = device
    return added


def seed_outbox(
    url: str, service: PushService, *, devices: int, per_device: int, prefix: str = "dev"
) -> None:
    """The rows `notify` writes (a notification and its outbox row), in bulk: urgent,
    so no quiet hours apply whatever the time of day."""
    now = utcnow()
    with Session(get_engine(url), expire_on_commit=False) as session:
        added = add_devices(session, service, devices=devices, prefix=prefix)
        notifications = [
            (
                device,
                Notification(
                    recipient_user_id=device.user_id,
                    kind="task.assigned",
                    category=Category.TASKS,
                    urgent=True,
                    dedupe_key=f"{name}-{k}",
                    created_at=now,
                ),
            )
            for name, device in added.items()
            for k in range(per_device)
        ]
        session.add_all(n for _device, n in notifications)
        session.flush()
        session.add_all(
            PushDelivery(
                notification_id=n.id,  # type: ignore[arg-type]
                subscription_id=device.id,  # type: ignore[arg-type]
                not_before=now,
                expires_at=now + timedelta(days=1),
                created_at=now,
            )
            for device, n in notifications
        )
        session.commit()
