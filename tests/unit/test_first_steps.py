"""Eerste stappen: ticked from what is in the database, hidden per parent."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from dossier.domain import first_steps, starting
from dossier.domain.access import actor_for
from dossier.models import AgreementTemplateChoice, Membership, PushSubscription, Role, User
from dossier.permissions import Actor, PermissionDenied
from tests.factories import World


def new_dossier(db: Session) -> Actor:
    checked = starting.check_start(
        name="Lotte Smit",
        email="lotte.smit@test.nl",
        password="een goed wachtwoord",
        family_name="Gezin Smit",
        child_name="Bo",
        birth_year="2020",
        today=date(2026, 12, 7),
    )
    result = starting.start_dossier(db, checked)
    db.commit()
    assert result.user_id is not None and result.family_id is not None
    return actor_for(db, user_id=result.user_id, family_id=result.family_id)


def done(db: Session, actor: Actor) -> dict[str, bool]:
    found = first_steps.first_steps(db, actor)
    assert found is not None
    return {step.key: step.done for step in found.steps}


def join(db: Session, actor: Actor, name: str, role: Role) -> Membership:
    user = User(email=f"{name}@test.nl", name=name)
    db.add(user)
    db.flush()
    membership = Membership(family_id=actor.family_id, user_id=user.id, role=role)
    db.add(membership)
    db.commit()
    return membership


def test_a_new_dossier_shows_six_steps_none_done_yet(db: Session) -> None:
    actor = new_dossier(db)
    found = first_steps.first_steps(db, actor)
    assert found is not None and found.done == 0 and not found.all_done
    assert [s.key for s in found.steps] == [
        "other_parent",
        "cm_hospital",
        "cm_home",
        "starters",
        "notifications",
        "install",
    ]
    assert [s.href for s in found.steps][:4] == ["/gezin", "/gezin", "/gezin", "/wie-doet-wat"]


def test_each_step_ticks_off_when_it_is_done(db: Session) -> None:
    actor = new_dossier(db)
    join(db, actor, "Mark", Role.PARENT)
    join(db, actor, "Femke", Role.CM_HOME)
    assert done(db, actor)["other_parent"] and done(db, actor)["cm_home"]
    assert not done(db, actor)["cm_hospital"]
    waiting = join(db, actor, "Sanne", Role.CM_HOSPITAL)
    waiting.awaiting_consent = True  # not in the team before the parents' yes
    db.add(waiting)
    db.commit()
    assert not done(db, actor)["cm_hospital"]
    db.add(AgreementTemplateChoice(family_id=actor.family_id, template_key="mdo", choice="adopted"))
    db.add(
        PushSubscription(
            user_id=actor.user_id, endpoint="https://push.test/1", p256dh="k", auth="a"
        )
    )
    db.commit()
    ticks = done(db, actor)
    assert ticks["starters"] and ticks["notifications"] and not ticks["install"]
    first_steps.tick_installed(db, actor)
    db.commit()
    assert done(db, actor)["install"]


def test_a_parent_hides_the_card_for_themself(db: Session) -> None:
    actor = new_dossier(db)
    first_steps.hide_first_steps(db, actor)
    db.commit()
    assert first_steps.first_steps(db, actor) is None
    other = join(db, actor, "Mark", Role.PARENT)
    mark = actor_for(db, user_id=other.user_id, family_id=actor.family_id)
    assert first_steps.first_steps(db, mark) is not None


def test_a_family_that_did_not_start_in_the_app_gets_no_card(world: World) -> None:
    assert first_steps.first_steps(world.session, world.actor("anna")) is None


@pytest.mark.parametrize("name", ["hanna", "hugo", "ben", "gerda", "cleo"])
def test_only_parents_see_or_change_the_card(world: World, name: str) -> None:
    world.alfa.started_in_app = True
    world.session.add(world.alfa)
    world.session.commit()
    assert first_steps.first_steps(world.session, world.actor("anna")) is not None
    assert first_steps.first_steps(world.session, world.actor(name)) is None
    with pytest.raises(PermissionDenied):
        first_steps.hide_first_steps(world.session, world.actor(name))
