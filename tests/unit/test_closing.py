"""Closing the dossier: the parents decide, a second parent confirms, 30 days to reopen."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from dossier.domain import closing
from dossier.domain.errors import DomainError
from dossier.models import Family, FamilyStatus, Notification
from dossier.permissions import Action, PermissionDenied, can
from tests.factories import World

# 18:00 in Amsterdam on Monday 7 December 2026.
CLOSED_AT = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


def _status(world: World) -> str:
    world.session.expire_all()
    return world.session.get(Family, world.alfa.id).status


def test_with_two_parents_anna_asks_and_the_dossier_stays_open_until_bram_confirms(
    world: World,
) -> None:
    anna = world.actor("anna")
    assert closing.request_close(world.session, anna, now=CLOSED_AT) is False
    assert _status(world) == FamilyStatus.OPEN
    bram = world.actor("bram")
    view = closing.closing_view(world.session, bram, now=CLOSED_AT)
    assert view.request_id is not None and view.may_confirm and view.requested_by == "Anna"
    asked = world.session.exec(
        select(Notification).where(Notification.kind == closing.CLOSE_REQUESTED)
    ).all()
    assert [n.recipient_user_id for n in asked] == [world.users["bram"].id]
    closing.confirm_close(world.session, bram, view.request_id, now=CLOSED_AT)
    assert _status(world) == FamilyStatus.CLOSING
    told = world.session.exec(select(Notification).where(Notification.kind == closing.CLOSED))
    assert world.users["hugo"].id in {n.recipient_user_id for n in told}


def test_anna_cannot_confirm_her_own_request(world: World) -> None:
    anna = world.actor("anna")
    closing.request_close(world.session, anna, now=CLOSED_AT)
    request = closing.pending_request(world.session, world.alfa.id)
    with pytest.raises(DomainError):
        closing.confirm_close(world.session, anna, request.id, now=CLOSED_AT)
    assert closing.request_close(world.session, anna, now=CLOSED_AT) is False  # a double tap
    assert _status(world) == FamilyStatus.OPEN


def test_bram_can_decline_annas_request_and_nothing_closes(world: World) -> None:
    closing.request_close(world.session, world.actor("anna"), now=CLOSED_AT)
    request = closing.pending_request(world.session, world.alfa.id)
    closing.cancel_request(world.session, world.actor("bram"), request.id, now=CLOSED_AT)
    assert closing.pending_request(world.session, world.alfa.id) is None
    assert _status(world) == FamilyStatus.OPEN


def test_dora_as_the_only_parent_closes_at_once_and_it_is_erased_after_30_amsterdam_days(
    world: World,
) -> None:
    dora = world.actor("dora", world.beta)
    assert closing.request_close(world.session, dora, now=CLOSED_AT) is True
    world.session.expire_all()
    assert world.session.get(Family, world.beta.id).status == FamilyStatus.CLOSING
    closure = closing.current_closure(world.session, world.beta.id)
    assert closing.erase_day(closure.closed_at) == date(2027, 1, 6)
    # 00:00 in Amsterdam (winter time: UTC+1) on 6 January.
    assert closure.erase_after == datetime(2027, 1, 5, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", ["hanna", "hugo", "gerda", "ben", "cleo"])
def test_only_parents_may_close_the_dossier(world: World, name: str) -> None:
    actor = world.actor(name)
    assert not can(actor, Action.FAMILY_CLOSE)
    assert not can(actor, Action.FAMILY_CLOSE_CONFIRM)
    assert not can(actor, Action.FAMILY_REOPEN)
    with pytest.raises(PermissionDenied):
        closing.request_close(world.session, actor, now=CLOSED_AT)
    assert _status(world) == FamilyStatus.OPEN


def test_a_parent_reopens_within_30_days_and_everyone_is_back(world: World) -> None:
    dora = world.actor("dora", world.beta)
    closing.request_close(world.session, dora, now=CLOSED_AT)
    dora = world.actor("dora", world.beta)  # the actor now sees the closed dossier
    assert not can(dora, Action.TASK_VIEW)
    assert can(dora, Action.FAMILY_REOPEN)
    view = closing.closing_view(world.session, dora, now=CLOSED_AT)
    assert view.closed and view.may_reopen and view.erase_on == date(2027, 1, 6)
    hanna = world.actor("hanna", world.beta)
    assert not closing.closing_view(world.session, hanna, now=CLOSED_AT).may_reopen
    with pytest.raises(PermissionDenied):
        closing.reopen(world.session, hanna, now=CLOSED_AT)
    closing.reopen(world.session, dora, now=CLOSED_AT + timedelta(days=29))
    world.session.expire_all()
    assert world.session.get(Family, world.beta.id).status == FamilyStatus.OPEN
    assert can(world.actor("hanna", world.beta), Action.TASK_VIEW)


def test_after_the_30_days_nobody_can_reopen(world: World) -> None:
    dora = world.actor("dora", world.beta)
    closing.request_close(world.session, dora, now=CLOSED_AT)
    dora = world.actor("dora", world.beta)
    with pytest.raises(closing.TooLateToReopen):
        closing.reopen(world.session, dora, now=datetime(2027, 1, 5, 23, 0, tzinfo=UTC))
    world.session.expire_all()
    assert world.session.get(Family, world.beta.id).status == FamilyStatus.CLOSING
