"""End to end: a parent assigns a task to the home case manager; the case manager's
subscribed device gets the decrypted push with the right title and URL, the parent gets
nothing. A real push service on loopback (tests/push_service.py) decrypts it."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dossier.domain.access import unit_of_work
from dossier.domain.notification_settings import save
from dossier.domain.tasks import create_task
from dossier.i18n import translate
from dossier.models import DeliveryStatus, Notification, PushDelivery, PushSubscription
from dossier.notify import vapid, worker
from tests.factories import World
from tests.push_service import PushService, make_subscription


@pytest.fixture(autouse=True)
def vapid_from_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    """The development key file in the test's own data directory."""
    for name in (vapid.PRIVATE_KEY_ENV, vapid.SUBJECT_ENV):
        monkeypatch.delenv(name, raising=False)


def subscribe(world: World, service: PushService, name: str) -> None:
    info, _key, _auth = make_subscription(service, name)
    world.session.add(
        PushSubscription(
            user_id=world.users[name].id,
            endpoint=info["endpoint"],
            p256dh=info["keys"]["p256dh"],
            auth=info["keys"]["auth"],
        )
    )


def test_a_task_for_the_home_case_manager_arrives_on_their_phone_only(
    world: World, db: Session, push_service: PushService
) -> None:
    subscribe(world, push_service, "hugo")
    subscribe(world, push_service, "anna")
    # Whatever the real clock says now, no quiet hours hold this push back (the same time
    # twice means none); quiet hours themselves are tested with a controlled clock.
    save(
        world.session,
        world.users["hugo"].id,
        channels={},
        quiet_start="00:00",
        quiet_end="00:00",
        daily_summary=False,
        summary_at="08:00",
        expected_version=0,
    )
    anna = world.actor("anna")
    world.session.commit()

    with unit_of_work() as session:
        create_task(
            session,
            anna,
            {
                "title": "Morfinepomp ophalen bij de apotheek",
                "domain": "care",
                "assignee": str(world.members["hugo"].id),
            },
        )
    counts = worker.run_once(owner="test-worker")
    assert counts["sent"] == 1

    [got] = push_service.received_for("hugo")
    assert got.payload["title"] == translate("nl", "notification.task.assigned.title")
    assert got.payload["body"] == "Nieuwe taak voor jou in het gezinsdossier"
    assert got.payload["url"] == "/taken"
    assert "Morfinepomp" not in str(got.payload)  # no health details on the lock screen
    assert push_service.received_for("anna") == []
    assert push_service.failures == []

    db.expire_all()
    (note,) = db.exec(select(Notification)).all()
    assert note.recipient_user_id == world.users["hugo"].id
    (delivery,) = db.exec(select(PushDelivery)).all()
    assert delivery.status == DeliveryStatus.SENT
