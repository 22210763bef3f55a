"""Confirm your e-mail and the reset page over the websocket, called as Reflex would: the
banner and its "Stuur opnieuw", the link that confirms, and a reset link that is only
looked at (never used) by opening the page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

from dossier import clock
from dossier.db import session_scope
from dossier.domain.email_confirmation import request_confirmation
from dossier.domain.password_reset import link_is_live, request_reset
from dossier.domain.passwords import hash_password
from dossier.models import MailOutbox, User
from dossier.state import gate
from dossier.state.base import AppState
from dossier.state.password_reset import ConfirmEmailState, PasswordResetState
from tests.factories import World
from tests.integration.support import login_as


def link_in_last_mail() -> str:
    with session_scope() as session:
        rows = session.exec(select(MailOutbox)).all()
        return rows[-1].body_text.split("token=", 1)[1].split()[0]


@pytest.fixture
def anna(world: World) -> User:
    user = world.users["anna"]
    user.password_hash = hash_password("het oude wachtwoord")
    world.session.add(user)
    world.session.commit()
    return user


@pytest.fixture
def page(world: World) -> Iterator[Callable[..., Any]]:
    """page(State, path, who=...) -> that state, its address bar set as the browser would."""
    world.session.commit()

    async def open_page(state_class: type[rx.State], path: str, *, who: str | None = None):
        gate.act_as(login_as(world, who) if who else None)
        root = rx.State()
        data = {
            "pathname": path.split("?")[0],
            "asPath": path,
            "headers": {"origin": "http://localhost:3000"},
            "ip": "198.51.100.7",
        }
        root.router_data = root._update_router_vars(data, {})
        return await root.get_state(state_class)

    yield open_page
    gate.act_as(None)


async def test_anna_sees_the_banner_until_she_confirms_her_address(
    world: World, anna: User, page: Callable[..., Any]
) -> None:
    shell = await page(AppState, "/", who="anna")
    shell.load_shell()
    assert shell.unconfirmed_email == "anna@test.nl"
    assert "anna@test.nl" in shell.confirm_banner_text
    with session_scope() as session:
        user = session.get(User, anna.id)
        assert user is not None
        request_confirmation(session, user)
    confirm = await page(ConfirmEmailState, f"/e-mail-bevestigen?token={link_in_last_mail()}")
    confirm.load_confirm()
    shell = await page(AppState, "/", who="anna")
    shell.load_shell()
    assert shell.unconfirmed_email == ""


async def test_send_again_queues_one_new_link_and_then_asks_to_wait(
    world: World, anna: User, page: Callable[..., Any]
) -> None:
    shell = await page(AppState, "/", who="anna")
    shell.load_shell()
    shell.resend_confirmation()
    shell.resend_confirmation()
    with session_scope() as session:
        mails = session.exec(select(MailOutbox)).all()
    assert [mail.kind for mail in mails] == ["confirm"]
    assert mails[0].to_address == "anna@test.nl"


async def test_a_confirmed_or_organisation_account_sees_no_banner(
    world: World, anna: User, page: Callable[..., Any]
) -> None:
    anna.email_confirmed_at = clock.now()
    world.session.add(anna)
    world.session.commit()
    for who in ("anna", "hanna"):  # hanna: no password here at all
        shell = await page(AppState, "/", who=who)
        shell.load_shell()
        assert shell.unconfirmed_email == ""


async def test_a_dead_confirmation_link_changes_nothing(
    world: World, anna: User, page: Callable[..., Any]
) -> None:
    confirm = await page(ConfirmEmailState, "/e-mail-bevestigen?token=verzonnen")
    confirm.load_confirm()
    with session_scope() as session:
        user = session.get(User, anna.id)
        assert user is not None and user.email_confirmed_at is None


async def test_opening_the_reset_page_only_looks_at_the_link(
    world: World, anna: User, page: Callable[..., Any]
) -> None:
    anna.email_confirmed_at = clock.now()
    world.session.add(anna)
    world.session.commit()
    with session_scope() as session:
        request_reset(session, "anna@test.nl")
    token = link_in_last_mail()
    for _ in range(2):
        state = await page(PasswordResetState, f"/wachtwoord-herstellen?token={token}")
        state.load_reset()
        assert state.live and state.token == token
    with session_scope() as session:
        assert link_is_live(session, token)


async def test_a_dead_reset_link_shows_the_calm_page(
    world: World, page: Callable[..., Any]
) -> None:
    state = await page(PasswordResetState, "/wachtwoord-herstellen?token=verzonnen&error=mismatch")
    state.load_reset()
    assert state.loaded and not state.live and state.token == ""
