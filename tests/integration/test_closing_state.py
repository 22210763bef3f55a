"""The closing page and the closed notice, through the states as the browser calls them."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

from dossier.models import Family, FamilyClosure, FamilyStatus
from dossier.state.closing import ClosingState
from dossier.state.overview import OverviewState
from dossier.state.tasks import TasksState
from tests.factories import World


async def state_of(cls: type[rx.State]) -> rx.State:
    return await rx.State().get_state(cls)


def _status(world: World, family: Family | None = None) -> str:
    family_id = (family or world.alfa).id
    status = world.session.exec(select(Family.status).where(Family.id == family_id)).one()
    world.session.commit()  # SQLite has one writer: the handlers need it next
    return status


async def test_anna_asks_bram_sees_the_request_on_his_overview_and_closes_it(
    world: World, acting
) -> None:
    acting("anna")
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    assert page.loaded and page.parents == 2 and page.may_close_family
    page.ask_to_close()
    assert page.asked_by_me and page.request_id
    assert _status(world) == FamilyStatus.OPEN

    acting("bram")
    overview = await state_of(OverviewState)
    overview.load_shell()
    assert overview.close_asked_by == "Anna wil het dossier sluiten."
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    assert page.may_confirm and page.requested_by == "Anna"
    page.confirm_close(page.request_id)
    assert _status(world) == FamilyStatus.CLOSING


async def test_a_case_manager_sees_a_calm_notice_on_every_page_of_a_closed_dossier(
    world: World, acting
) -> None:
    acting("dora", world.beta)
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    assert page.parents == 1
    page.ask_to_close()  # the only parent: closed at once
    assert page.family_closed and page.may_reopen_family
    assert page.closed_notice.startswith("Het wordt op ")

    acting("hanna", world.beta)
    for cls, loader in ((OverviewState, "load_overview"), (TasksState, "load_tasks")):
        state = await state_of(cls)
        state.load_shell()
        result = getattr(state, loader)()
        assert state.family_closed and not state.may_reopen_family
        assert result is None  # no red toast: the frame shows the notice instead
    closing_page = await state_of(ClosingState)
    closing_page.load_shell()
    closing_page.load_closing()
    assert closing_page.closed and not closing_page.may_reopen


async def test_dora_reopens_her_closed_dossier_and_the_notice_is_gone(world: World, acting) -> None:
    acting("dora", world.beta)
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    page.ask_to_close()
    page.reopen()
    assert _status(world, world.beta) == FamilyStatus.OPEN
    page.load_shell()
    assert not page.family_closed


async def test_a_case_manager_cannot_open_the_closing_page(world: World, acting) -> None:
    acting("hanna")
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    assert page.page_refused and not page.may_close_family


async def test_a_double_tap_closes_once_and_a_second_withdrawal_only_says_it_changed(
    world: World, acting
) -> None:
    acting("dora", world.beta)
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    page.ask_to_close()
    assert page.ask_to_close() is None  # the second tap: nothing more happens
    closures = world.session.exec(
        select(FamilyClosure).where(FamilyClosure.family_id == world.beta.id)
    ).all()
    world.session.commit()
    assert len(closures) == 1

    acting("anna")
    page = await state_of(ClosingState)
    page.load_shell()
    page.load_closing()
    page.ask_to_close()
    request_id = page.request_id
    page.cancel_request(request_id)
    again = page.cancel_request(request_id)
    assert "warning" in str(again) and not page.asked_by_me
    assert _status(world) == FamilyStatus.OPEN
