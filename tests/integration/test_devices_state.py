"""Reflex states for Mijn apparaten, "Ingelogd blijven" and CSP-safe toasts, called
directly with the login set as the session gate sets it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import reflex as rx
import sqlalchemy as sa
from reflex_base.event import Event
from reflex_components_sonner.toast import Toaster
from sqlmodel import Session, select

from dossier.domain import sessions
from dossier.models import AuditEvent, UserSession, utcnow
from dossier.state import gate, toasts
from dossier.state.devices import DevicesState
from dossier.state.session_timer import SessionTimerState
from tests.factories import World

PIXEL = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
)
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile Safari/604.1"


def start(world: World, name: str, user_agent: str) -> int:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id, user_agent=user_agent
    )
    return sessions.peek_session(world.session, token).id


def login(world: World, name: str, session_id: int) -> gate.Login:
    return gate.Login(
        user_id=world.users[name].id,
        family_id=world.alfa.id,
        session_id=session_id,
        ip="127.0.0.1",
        user_agent="pytest",
    )


async def state_of(cls: type[rx.State]) -> rx.State:
    return await rx.State().get_state(cls)


async def test_my_devices_are_listed_with_friendly_names(world: World, acting) -> None:
    phone, iphone = start(world, "anna", PIXEL), start(world, "anna", IPHONE)
    start(world, "bram", PIXEL)
    world.session.commit()
    acting(login(world, "anna", phone))

    devices = await state_of(DevicesState)
    devices.load_devices()

    assert [(d["name"], d["current"]) for d in devices.devices] == [
        ("Chrome op Android", True),
        ("Safari op iPhone", False),
    ]
    assert devices.devices[1]["id"] == str(iphone)
    assert devices.devices[0]["since"].startswith("Ingelogd sinds: ")
    assert not devices.only_this_device


async def test_ending_another_device_logs_it_out(world: World, db: Session, acting) -> None:
    phone, iphone = start(world, "anna", PIXEL), start(world, "anna", IPHONE)
    world.session.commit()
    acting(login(world, "anna", phone))
    devices = await state_of(DevicesState)

    result = devices.end_device(str(iphone))

    assert "Dat apparaat is uitgelogd." in str(result)
    assert [d["current"] for d in devices.devices] == [True]
    assert devices.only_this_device
    db.expire_all()
    assert db.get(UserSession, iphone).revoked_at is not None
    ended = db.exec(select(AuditEvent).where(AuditEvent.action == "session.end")).one()
    assert (ended.object_id, ended.outcome) == (iphone, "allowed")


@pytest.mark.parametrize("forged", ["bram's", "not-a-number"])
async def test_someone_elses_session_id_is_refused(
    world: World, db: Session, acting, forged: str
) -> None:
    """Anna sends Bram's session id (or rubbish) in the event: nothing ends, it is logged."""
    phone, brams = start(world, "anna", PIXEL), start(world, "bram", IPHONE)
    world.session.commit()
    acting(login(world, "anna", phone))
    devices = await state_of(DevicesState)

    result = devices.end_device(str(brams) if forged == "bram's" else forged)

    assert "Dat apparaat was al uitgelogd." in str(result)
    db.expire_all()
    assert db.get(UserSession, brams).revoked_at is None
    refused = db.exec(select(AuditEvent).where(AuditEvent.action == "session.end")).one()
    assert (refused.user_id, refused.outcome) == (world.users["anna"].id, "denied")


async def test_without_a_login_the_pages_send_you_to_log_in(acting) -> None:
    acting(None)
    devices = await state_of(DevicesState)
    assert "/login?reason=expired" in str(devices.load_devices())
    timer = await state_of(SessionTimerState)
    assert "/login?reason=expired" in str(timer.stay_signed_in())


async def test_stay_signed_in_extends_the_idle_time(world: World, db: Session, acting) -> None:
    phone = start(world, "anna", PIXEL)
    almost_idle = utcnow() - timedelta(minutes=28)
    world.session.execute(sa.update(UserSession).values(last_seen_at=almost_idle))
    world.session.commit()
    acting(login(world, "anna", phone))
    timer = await state_of(SessionTimerState)

    assert timer.stay_signed_in() is None

    assert timer.extended == 1
    db.expire_all()
    assert db.get(UserSession, phone).last_seen_at > utcnow() - timedelta(seconds=5)


async def test_an_ended_session_cannot_be_extended(world: World, acting) -> None:
    phone = start(world, "anna", PIXEL)
    world.session.execute(sa.update(UserSession).values(revoked_at=utcnow()))
    world.session.commit()
    acting(login(world, "anna", phone))
    timer = await state_of(SessionTimerState)
    assert "/login?reason=expired" in str(timer.stay_signed_in())
    assert timer.extended == 0


# --------------------------------------------------------------------------------------
# Toasts without eval
# --------------------------------------------------------------------------------------


@pytest.fixture
def csp_safe_toasts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(Toaster, "send_toast", Toaster.__dict__["send_toast"])  # restored after
    toasts.install()
    yield


@pytest.fixture
def reflex_own_toasts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reflex's toasts as they come, also after another test imported the app (which
    installs ours for the whole process)."""
    monkeypatch.setattr(Toaster, "send_toast", staticmethod(toasts._reflex_send_toast))


def test_reflex_sends_handler_toasts_as_javascript_text_to_eval(reflex_own_toasts) -> None:
    """Why toasts.py exists: this payload would need 'unsafe-eval' in the CSP."""
    (event,) = Event.from_event_type([rx.toast.success("Gelukt")])
    assert event.name == "_call_function"
    assert isinstance(event.payload["function"], str)


def test_installed_toasts_travel_as_state_instead(csp_safe_toasts) -> None:
    for level in toasts.LEVELS:
        (event,) = Event.from_event_type([getattr(rx.toast, level)("Gelukt")])
        assert event.name.endswith("toast_state.show")
        assert event.payload == {"level": level, "message": "Gelukt"}
    # Options or a Var: compiled into the page, where no eval is needed; Reflex's own path.
    (event,) = Event.from_event_type([rx.toast.info("Hoi", duration=5000)])
    assert event.name == "_call_function"


async def test_the_toast_state_shows_each_message_once() -> None:
    state = await state_of(toasts.ToastState)
    state.show("error", "Dit mag je niet zien of veranderen.")
    assert (state.level, state.message, state.pending, state.seq) == (
        "error",
        "Dit mag je niet zien of veranderen.",
        True,
        1,
    )
    state.shown()
    assert not state.pending
    state.show("<script>", "x")
    assert state.level == "info"


def test_toast_events_pass_the_gate_without_a_login() -> None:
    name = f"{rx.State.get_name()}.{toasts.ToastState.get_name()}.show"
    assert gate.is_public_event(name)


# --------------------------------------------------------------------------------------
# The idle warning's settings reach the page
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "warn"), [(30, "120"), (3, "90"), (1, "30")])
def test_the_warning_times_come_from_the_settings(
    monkeypatch: pytest.MonkeyPatch, minutes: int, warn: str
) -> None:
    from dossier.pages.session_timer import session_timer
    from dossier.settings import get_settings

    monkeypatch.setenv("DOSSIER_SESSION_IDLE_MINUTES", str(minutes))
    get_settings.cache_clear()
    props = session_timer().render()["props"]
    assert f'"data-idle-seconds":"{minutes * 60}"' in props
    assert f'"data-warn-seconds":"{warn}"' in props  # never under WCAG's 20 seconds
    assert any(p.startswith('"data-status-url":') and "/api/auth/session" in p for p in props)
