"""The access-log page's state, called as the websocket would, behind the session gate."""

from __future__ import annotations

import pytest
import reflex as rx
from sqlmodel import Session, select

from dossier.domain.access import unit_of_work
from dossier.domain.errors import InvalidInput
from dossier.domain.tasks import list_tasks
from dossier.models import AuditEvent
from dossier.state.access_log import AccessLogState, parse_day
from tests.factories import World
from tests.integration.support import login_as


async def log_state() -> AccessLogState:
    return await rx.State().get_state(AccessLogState)  # type: ignore[return-value]


@pytest.fixture
def activity(world: World) -> World:
    """Hugo and Gerda looked at the tasks; Dora did so in her own family."""
    actors = [world.actor("hugo"), world.actor("gerda"), world.actor("dora", world.beta)]
    world.session.commit()
    for actor in actors:
        with unit_of_work() as session:
            list_tasks(session, actor)
    return world


def sentences(state: AccessLogState) -> list[str]:
    return [row["sentence"] for row in state.rows]


async def test_a_parent_sees_the_family_s_log_in_plain_words(
    activity: World, db: Session, acting
) -> None:
    acting(login_as(activity, "anna"))
    state = await log_state()
    assert state.load_log() is None
    assert state.loaded and not state.refused and state.error == ""
    assert sentences(state) == [
        "Gerda (zorgverlener) bekeek de takenlijst",
        "Hugo (casemanager thuis) bekeek de takenlijst",
    ]
    assert not any(row["denied"] for row in state.rows)
    labels = [p["label"] for p in state.people]
    assert "Hugo (casemanager thuis)" in labels
    assert not any("Dora" in label for label in labels)
    read = db.exec(select(AuditEvent).where(AuditEvent.action == "audit.view.list")).one()
    assert (read.user_id, read.ip, read.user_agent) == (
        activity.users["anna"].id,
        "127.0.0.1",
        "pytest",
    )


async def test_filtering_by_person_and_a_forged_id(activity: World, acting) -> None:
    acting(login_as(activity, "anna"))
    state = await log_state()
    state.load_log()
    state.choose_person(str(activity.users["hugo"].id))
    assert sentences(state) == ["Hugo (casemanager thuis) bekeek de takenlijst"]
    state.choose_person(str(activity.users["dora"].id))  # another family's user: no rows
    assert state.rows == [] and state.loaded
    state.choose_person("1; DROP TABLE audit_event")
    assert state.person == ""
    assert len(state.rows) >= 2


async def test_periods_and_bad_dates(activity: World, acting) -> None:
    acting(login_as(activity, "anna"))
    state = await log_state()
    state.load_log()
    state.choose_period("7")
    assert len(state.rows) >= 2
    state.choose_period("custom")
    assert state.custom_period
    state.show_dates({"date_from": "2000-01-01", "date_to": "2000-01-31"})
    assert state.rows == [] and state.error == ""
    assert state.show_dates({"date_from": "31-02-2026", "date_to": ""}) is None
    assert state.error.startswith("Deze datum klopt niet")
    assert state.rows == [] and state.loaded
    state.show_dates({"date_from": "2026-03-12", "date_to": "11-03-2026"})
    assert "Draai ze om" in state.error
    state.show_dates({"date_from": "", "date_to": ""})
    assert state.error == "" and len(state.rows) >= 2
    state.choose_period("forever")
    assert state.period == "30"


def test_dates_typed_by_hand() -> None:
    assert str(parse_day("2026-03-11")) == "2026-03-11"
    assert str(parse_day("11-03-2026")) == "2026-03-11"
    assert parse_day("  ") is None
    for bad in ("11 maart", "0001-01-01", "2026-13-01"):
        with pytest.raises(InvalidInput):
            parse_day(bad)


@pytest.mark.parametrize("name", ["hanna", "ben"])
async def test_others_are_refused_calmly_and_it_is_logged(
    activity: World, db: Session, acting, name: str
) -> None:
    acting(login_as(activity, name))
    state = await log_state()
    result = state.load_log()
    assert result is None  # no red toast: the page itself says it is not for them
    assert state.page_refused
    assert state.refused and state.loaded
    assert state.rows == [] and state.people == []
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).one()
    assert (denied.user_id, denied.action) == (activity.users[name].id, "audit.view")
