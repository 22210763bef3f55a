"""The overview keeps its promises: "Mijn taken" lists mine, the team card says whom to
call, and a link from elsewhere names one item and nothing else."""

from __future__ import annotations

from datetime import date, timedelta

from dossier.domain.members import team_contacts
from dossier.domain.overview import MY_TASKS_SHOWN, build_overview
from dossier.models import Task
from dossier.state.linked_item import linked_id
from tests.factories import World


def _task_for(world: World, name: str, title: str, due: date | None = None) -> Task:
    task = Task(
        family_id=world.alfa.id,
        title=title,
        domain="care",
        assignee_id=world.members[name].id,
        due_on=due,
    )
    world.session.add(task)
    world.session.flush()
    return task


def test_hugo_sees_his_open_tasks_under_mijn_taken_even_when_none_is_due_soon(
    world: World,
) -> None:
    far = date.today() + timedelta(days=30)
    _task_for(world, "hugo", "Offerte kinderwagen", far)
    _task_for(world, "hugo", "Zonder datum")
    overview = build_overview(world.session, world.actor("hugo"), today=date.today())
    assert [t.title for t in overview.my_tasks] == ["Offerte kinderwagen", "Zonder datum"]
    assert overview.my_open == 2


def test_hugos_overdue_task_comes_first_and_the_card_counts_the_rest(world: World) -> None:
    today = date.today()
    for day in range(MY_TASKS_SHOWN + 2):
        _task_for(world, "hugo", f"Later {day}", today + timedelta(days=10 + day))
    _task_for(world, "hugo", "Te laat", today - timedelta(days=2))
    overview = build_overview(world.session, world.actor("hugo"), today=today)
    assert overview.my_tasks[0].title == "Te laat"
    assert len(overview.my_tasks) == MY_TASKS_SHOWN
    assert overview.my_open == MY_TASKS_SHOWN + 3


def test_anna_finds_the_case_managers_first_on_the_team_card_with_their_numbers(
    world: World,
) -> None:
    world.members["hanna"].phone = "06 1234 5678"
    world.session.add(world.members["hanna"])
    world.session.flush()
    team = team_contacts(world.session, world.actor("anna"))
    assert [c.name for c in team] == ["Hanna", "Hugo", "Bram", "Gerda"]
    assert team[0].phone_href == "tel:0612345678"
    assert team[1].phone_href == ""  # no number: no link to nowhere


def test_the_team_card_leaves_out_yourself_the_children_and_the_other_family(
    world: World,
) -> None:
    names = {c.name for c in team_contacts(world.session, world.actor("hugo"))}
    assert names == {"Hanna", "Anna", "Bram", "Gerda"}
    assert "Dora" not in names  # Gezin Beta


def test_gerda_who_may_not_see_the_member_list_gets_no_team_card(world: World) -> None:
    assert team_contacts(world.session, world.actor("gerda")) == []
    overview = build_overview(world.session, world.actor("gerda"), today=date.today())
    assert overview.team == []


def test_a_link_names_one_plain_id_or_nothing() -> None:
    assert linked_id("12") == "12"
    assert linked_id(" 7 ") == "7"
    for bad in ("", "-1", "1e3", "12; drop", "١٢", "9" * 13):
        assert linked_id(bad) == ""
