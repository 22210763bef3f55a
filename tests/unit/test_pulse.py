"""The family pulse moves with every change to a family's dossier, and only then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from dossier.domain import pulse
from dossier.models import AgreementConfirmation, AuditEvent, Task, utcnow
from dossier.notify import pulse_bus
from tests.factories import World


def counters(world: World) -> tuple[int, int]:
    world.session.flush()
    return pulse.current(world.session, world.alfa.id), pulse.current(world.session, world.beta.id)


def test_a_new_or_changed_task_bumps_its_own_family_only(world: World) -> None:
    alfa, beta = counters(world)
    world.session.add(Task(family_id=world.alfa.id, title="Nieuw", domain="care"))
    assert counters(world) == (alfa + 1, beta)
    task = world.tasks["overdue"]
    task.due_on = task.due_on + timedelta(days=1)
    world.session.add(task)
    assert counters(world) == (alfa + 2, beta)


def test_an_audit_row_or_a_read_does_not_bump(world: World) -> None:
    before = counters(world)
    world.session.add(
        AuditEvent(action="task.view.list", outcome="allowed", family_id=world.alfa.id)
    )
    world.session.get(Task, world.tasks["overdue"].id)
    assert counters(world) == before


def test_a_confirmation_bumps_the_family_of_its_agreement(world: World) -> None:
    from dossier.models import Agreement

    agreement = world.session.query(Agreement).filter_by(family_id=world.alfa.id).first()
    alfa, beta = counters(world)
    world.session.add(
        AgreementConfirmation(
            agreement_id=agreement.id,
            membership_id=world.members["anna"].id,
            agreement_version=1,
            confirmed_at=utcnow(),
        )
    )
    assert counters(world) == (alfa + 1, beta)


def heard_while(world: World, change: Callable[[], None]) -> list[dict[int, int]]:
    heard: list[dict[int, int]] = []
    stop = pulse_bus.listen(lambda changes: heard.append(dict(changes)))
    try:
        change()
    finally:
        stop()
    return heard


def test_a_committed_change_is_announced_once_with_the_pulse_it_reached(world: World) -> None:
    world.session.commit()

    def add_two_tasks() -> None:
        world.session.add(Task(family_id=world.alfa.id, title="Een", domain="care"))
        world.session.flush()
        world.session.add(Task(family_id=world.alfa.id, title="Twee", domain="care"))
        world.session.commit()

    heard = heard_while(world, add_two_tasks)
    assert heard == [{world.alfa.id: pulse.current(world.session, world.alfa.id)}]


def test_a_rolled_back_change_or_a_read_is_never_announced(world: World) -> None:
    world.session.commit()

    def change_then_roll_back() -> None:
        world.session.add(Task(family_id=world.beta.id, title="Toch niet", domain="care"))
        world.session.flush()
        world.session.rollback()
        world.session.get(Task, world.tasks["overdue"].id)
        world.session.commit()

    assert heard_while(world, change_then_roll_back) == []
