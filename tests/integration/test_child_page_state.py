"""The child's own page state, behind the session gate: cleo writes and shares with hanna
only; hanna reads it; hugo and anna see the calm "not shared"; ben and gerda are refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import reflex as rx
from sqlmodel import select

from dossier.db import session_scope
from dossier.models import AuditEvent, ChildPage
from dossier.state import gate
from dossier.state.child_page import ChildPageState
from tests.factories import World
from tests.integration.support import login_as, sent


@pytest.fixture
def as_user(world: World) -> Iterator[Callable[..., Any]]:
    async def make(name: str) -> ChildPageState:
        gate.act_as(login_as(world, name))
        return await rx.State().get_state(ChildPageState)  # type: ignore[return-value]

    yield make
    gate.act_as(None)


def pages() -> list[ChildPage]:
    with session_scope() as session:
        return list(session.exec(select(ChildPage)).all())


async def write(world: World, cleo: ChildPageState, readers: list[str]) -> None:
    cleo.load_child_page()
    assert cleo.is_writer
    form = {
        "version": cleo.version,
        "likes": "Tekenen",
        "important": "Thuis zijn",
        "worries": "",
        "want_known": "Ik wil het zelf horen",
        **{f"reader_{world.members[name].id}": "on" for name in readers},
    }
    cleo.save_child_page(sent(cleo, form))


async def test_cleo_writes_and_shares_with_hanna_only(world: World, as_user) -> None:
    cleo = await as_user("cleo")
    await write(world, cleo, ["hanna"])
    (page,) = pages()
    assert page.reader_ids == [world.members["hanna"].id]
    assert cleo.values["likes"] == "Tekenen"
    assert [c["checked"] for c in cleo.readers if c["value"] == str(world.members["hanna"].id)]
    hanna = await as_user("hanna")
    hanna.load_child_page()
    assert not hanna.is_writer
    (shared,) = hanna.shared
    assert shared["title"] == "Cleo schreef dit"
    assert [line["text"] for line in shared["lines"]] == [
        "Tekenen",
        "Thuis zijn",
        "Ik wil het zelf horen",
    ]
    for name in ("hugo", "anna"):
        adult = await as_user(name)
        adult.load_child_page()
        assert adult.shared == [] and not adult.page_refused


async def test_ben_and_gerda_are_refused_and_it_is_logged(world: World, as_user) -> None:
    cleo = await as_user("cleo")
    await write(world, cleo, ["anna", "bram", "hanna", "hugo"])
    for name in ("ben", "gerda"):
        other = await as_user(name)
        other.load_child_page()
        assert other.page_refused and other.shared == []
    with session_scope() as session:
        denied = session.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert [d.action for d in denied] == ["child_page.view", "child_page.view"]


async def test_a_stale_save_keeps_the_words_and_says_so(world: World, as_user) -> None:
    cleo = await as_user("cleo")
    await write(world, cleo, [])
    old_key = cleo.send_key
    form = {"version": "0", "likes": "Anders", "send_key": old_key}
    cleo.save_child_page(form)
    assert "al veranderd" in cleo.alert
    assert cleo.values["likes"] == "Anders"
    assert pages()[0].content["likes"] == "Tekenen"
