"""The generated state-replay test: a tab's loaded data belongs to the login that loaded it.

Reflex keeps each tab's state tree under a client token, not under the login. For every
page with an on_load (taken from the app itself, so a new page joins by itself), a
person opens it through the real session gate with a real session cookie; then the
same tab (the same state tree, as the same client token would find it) hydrates again
with no cookie, a revoked cookie, another person's cookie, another family's member's
cookie, and after a role change or a removal. What the hydrate would send (the whole
tree, `root.dict()`) must carry none of the first person's family data, and every state
of the tree must be back at its defaults. The page loads first prove the data was
there, so the test can fail. tests/integration/test_state_replay_server.py does the
same over the real websocket, with the memory and the Redis state manager.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest
import reflex as rx
from reflex.istate.delta import _resolve_delta
from reflex.state import BaseState
from reflex_base.event import Event, get_hydrate_event
from sqlmodel import select

from dossier.domain import sessions
from dossier.models import CheckIn, Membership, MembershipStatus
from dossier.settings import get_settings
from dossier.state import gate
from dossier.state.base import LocaleState
from tests.factories import World

SECRET_NOTE = "Ik wil iets vragen aan mama."
SECRET_PHONE = "0612345678"
# Family data of Gezin Alfa as the first person loads it; none of it may come back.
MARKERS = (
    "Gezin Alfa",
    "Cleo",
    "Anna",
    "Hanna",
    "Gerda",
    "Recept",
    "Kinderarts",
    "PGB",
    SECRET_NOTE,
    SECRET_PHONE,
)
# Who opens which page first (a parent, unless the page is someone else's).
OPENED_BY = {"mijn-gezinnen": "hanna", "mijn-check-in": "ben"}
PUBLIC_PAGES = {"login", "uitnodiging", "404"}  # 404: the not-found page, no family data
# Getting back in (issue 17): public pages that never load family data.
PUBLIC_PAGES |= {"wachtwoord-vergeten", "wachtwoord-herstellen", "e-mail-bevestigen"}
# Starting a dossier, and the claim link of one started with an address in use.
PUBLIC_PAGES |= {"starten", "dossier-toevoegen"}


def _app() -> Any:
    from dossier.dossier import app  # built per process, after the test's settings

    return app


def _pages() -> list[str]:
    return sorted(route for route in _app()._load_events if route not in PUBLIC_PAGES)


def _cookie(token: str | None) -> dict[str, str]:
    name = get_settings().session_cookie_name
    return {"cookie": f"{name}={token}" if token else "", "user-agent": "pytest"}


class Tab:
    """One browser tab: one state tree, events sent through the session gate."""

    def __init__(self) -> None:
        self.root = rx.State(_reflex_internal_init=True)
        self.cookie: dict[str, str] = _cookie(None)

    async def send(self, handler: Any) -> None:
        self.root.router_data = {"headers": self.cookie, "ip": "127.0.0.1", "pathname": "/"}
        name = f"{handler.state_full_name}.{handler.fn.__name__}"
        assert await gate.SessionGate().preprocess(None, self.root, Event(name=name)) is None
        state = await self.root.get_state(self._state_class(handler))
        result = handler.fn(state)
        if inspect.isasyncgen(result):  # off_loop hands the body to a thread
            async for _ in result:
                pass
        elif inspect.isawaitable(result):
            await result

    async def hydrate(self) -> dict[str, Any]:
        """What Reflex's hydrate sends after the gate: the whole tree, resolved."""
        self.root.router_data = {"headers": self.cookie, "ip": "127.0.0.1", "pathname": "/"}
        event = Event(name=get_hydrate_event(self.root))
        await gate.SessionGate().preprocess(None, self.root, event)
        return await _resolve_delta(self.root.dict())

    @staticmethod
    def _state_class(handler: Any) -> type[BaseState]:
        return rx.State.get_class_substate(".".join(handler.state_full_name.split(".")[1:]))


def _family_data(delta: dict[str, Any]) -> set[str]:
    """The markers found anywhere in the delta, except the language catalogue."""
    text = repr({name: vars_ for name, vars_ in delta.items() if not _is_locale(name)})
    return {marker for marker in MARKERS if marker in text}


def _is_locale(state_name: str) -> bool:
    return state_name == LocaleState.get_full_name()


def _not_at_defaults(root: BaseState) -> list[str]:
    """Every var of every loaded state below LocaleState that is not its default."""
    found: list[str] = []
    stack = [root.get_substate(LocaleState.get_full_name().split(".")[1:])]
    while stack:
        state = stack.pop()
        cls = type(state)
        for name, field in cls.__fields__.items():
            owned_below_locale = field._owner is cls and cls is not LocaleState
            if owned_below_locale and getattr(state, name) != field.default_value():
                found.append(f"{cls.__name__}.{name}")
        stack.extend(state.substates.values())
    return found


def _start(world: World, name: str) -> str:
    family = world.beta if name == "dora" else world.alfa
    token = sessions.start_session(world.session, user_id=world.users[name].id, family_id=family.id)
    world.session.commit()
    return token


def _membership(world: World, name: str) -> Membership:
    return world.session.exec(
        select(Membership).where(Membership.id == world.members[name].id)
    ).one()


def _revoke(world: World, _name: str, token: str) -> str | None:
    sessions.end_session(world.session, token)
    world.session.commit()
    return token


def _change_role(world: World, name: str, token: str) -> str | None:
    member = _membership(world, name)
    member.role = "caregiver" if member.role != "caregiver" else "parent"
    world.session.add(member)
    world.session.commit()
    return token


def _remove(world: World, name: str, token: str) -> str | None:
    member = _membership(world, name)
    member.status = MembershipStatus.REVOKED
    world.session.add(member)
    world.session.commit()
    return token


def _other_person(other: str) -> Callable[[World, str, str], str | None]:
    def cookie_of(world: World, name: str, _token: str) -> str | None:
        return _start(world, other if other != name else "anna")

    return cookie_of


# What happens to the tab between the first load and the hydrate; the cookie it sends.
REPLAYS: dict[str, Callable[[World, str, str], str | None]] = {
    "no cookie": lambda _world, _name, _token: None,
    "a revoked cookie": _revoke,
    "another person's cookie (a sibling)": _other_person("ben"),
    "a member of another family's cookie": _other_person("dora"),
    "the same cookie after a role change": _change_role,
    "the same cookie after the person was removed": _remove,
}


def _prepare_secrets(world: World) -> None:
    for checkin in world.session.exec(select(CheckIn)).all():
        checkin.note = SECRET_NOTE
        world.session.add(checkin)
    for name in ("anna", "hanna", "gerda"):
        member = _membership(world, name)
        member.phone = SECRET_PHONE
        world.session.add(member)
    world.session.commit()


@pytest.mark.parametrize("replay", sorted(REPLAYS))
async def test_no_tab_ever_hands_one_persons_loaded_pages_to_another_login(
    world: World, replay: str
) -> None:
    _prepare_secrets(world)
    for page in _pages():
        name = OPENED_BY.get(page, "anna")
        tab, token = Tab(), _start(world, name)
        tab.cookie = _cookie(token)
        for handler in _app()._load_events[page]:
            await tab.send(handler)
        seen = _family_data(await tab.hydrate())
        assert seen, f"{name} opened /{page} but saw none of the family's data"

        tab.cookie = _cookie(REPLAYS[replay](world, name, token))
        leaked = _family_data(await tab.hydrate())

        assert not leaked, f"/{page} of {name} replayed with {replay}: {sorted(leaked)}"
        assert not _not_at_defaults(tab.root), f"/{page} with {replay}"
        _restore(world, name)


def _restore(world: World, name: str) -> None:
    """Undo a role change or removal, so the next page starts from the same family."""
    member = _membership(world, name)
    original = {"hanna": "cm_hospital", "ben": "sibling"}.get(name, "parent")
    member.role, member.status = original, MembershipStatus.ACTIVE
    world.session.add(member)
    world.session.commit()


async def test_the_same_live_login_gets_its_own_tab_back_after_a_reload(world: World) -> None:
    """The binding must not cost the person their own page: same login, same data."""
    _prepare_secrets(world)
    tab = Tab()
    tab.cookie = _cookie(_start(world, "anna"))
    for handler in _app()._load_events["taken"]:
        await tab.send(handler)

    assert "Recept" in _family_data(await tab.hydrate())
    assert "Recept" in _family_data(await tab.hydrate())


async def test_a_fresh_tab_is_not_marked_dirty_by_the_binding(world: World) -> None:
    """A new tab's tree holds only defaults: binding it to the login changes no var but
    the key itself, so nothing extra is stored or sent."""
    tab = Tab()
    tab.root.router_data = {"headers": _cookie(_start(world, "anna")), "pathname": "/"}
    event = Event(name=get_hydrate_event(tab.root))

    await gate.SessionGate().preprocess(None, tab.root, event)

    locale = tab.root.get_substate(LocaleState.get_full_name().split(".")[1:])
    stack, dirty = list(locale.substates.values()), []
    while stack:
        state = stack.pop()
        dirty += [f"{type(state).__name__}.{name}" for name in state.dirty_vars]
        stack.extend(state.substates.values())
    assert locale.dirty_vars == {"_login_key"}
    assert dirty == []
