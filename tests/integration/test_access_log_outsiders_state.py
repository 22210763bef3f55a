"""The access-log page as Anna's browser gets it: Dora's attempts from Gezin Beta arrive
as "Iemand buiten jullie gezin … (N keer)", and her name and role never reach it."""

from __future__ import annotations

import json

import pytest
import reflex as rx

from dossier.domain.access import unit_of_work
from dossier.domain.tasks import get_task, list_tasks
from dossier.permissions import Action, PermissionDenied
from dossier.state.access_log import AccessLogState
from tests.factories import World
from tests.integration.support import login_as


async def test_anna_s_page_shows_dora_s_attempts_without_her_name_or_role(
    world: World, acting
) -> None:
    hugo, dora = world.actor("hugo"), world.actor("dora", world.beta)
    task_id = world.tasks["for_gerda"].id
    world.session.commit()
    with unit_of_work() as session:
        list_tasks(session, hugo)
    for _ in range(40):
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            get_task(session, dora, task_id, Action.TASK_EDIT)  # type: ignore[arg-type]
    acting(login_as(world, "anna"))
    state: AccessLogState = await rx.State().get_state(AccessLogState)  # type: ignore[assignment]
    state.load_log()
    assert [row["sentence"] for row in state.rows] == [
        "Iemand buiten jullie gezin probeerde een taak te veranderen (40 keer)",
        "Hugo (casemanager thuis) bekeek de takenlijst",
    ]
    sent = json.dumps({"rows": state.rows, "people": state.people}, ensure_ascii=False)
    assert "Dora" not in sent
    assert "ouder" not in state.rows[0]["sentence"]  # nor her role (parent, in Beta)
    assert str(world.users["dora"].id) not in [p["value"] for p in state.people]
