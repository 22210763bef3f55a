"""Consent to share the care plan: a parent's yes, and the ill child's own from 12."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from dossier.domain import care_plan_consent as consent
from dossier.domain.care_plan import start_plan
from dossier.domain.errors import InvalidInput
from dossier.models import AuditEvent
from dossier.models.care_plan import CarePlanConsent, CarePlanSection
from dossier.permissions import PermissionDenied
from tests.factories import World


def shared(world: World) -> set[bool]:
    return {s.shared for s in world.session.exec(select(CarePlanSection)).all()}


def test_a_parents_yes_shares_the_plan_and_withdrawing_stops_it_keeping_the_row(
    world: World,
) -> None:
    start_plan(world.session, world.actor("hanna"))
    assert shared(world) == {False}
    anna = world.actor("anna")
    first = consent.give(world.session, anna)
    assert consent.give(world.session, anna).id == first.id  # a double tap
    assert shared(world) == {True}
    assert consent.withdraw(world.session, world.actor("bram")) == 1
    assert consent.withdraw(world.session, world.actor("bram")) == 0
    assert shared(world) == {False}
    rows = world.session.exec(select(CarePlanConsent)).all()
    assert len(rows) == 1 and rows[0].withdrawn_by_id == world.members["bram"].id
    actions = [e.action for e in world.session.exec(select(AuditEvent)).all()]
    assert "careplan.consent.give" in actions and "careplan.consent.withdraw" in actions


def test_case_managers_caregivers_and_siblings_cannot_consent(world: World) -> None:
    for who in ("hanna", "hugo", "gerda", "ben"):
        with pytest.raises(PermissionDenied):
            consent.give(world.session, world.actor(who))


def test_a_child_of_twelve_gives_their_own_yes_too(world: World) -> None:
    cleo_user = world.users["cleo"]
    cleo_user.birth_date = date(2012, 1, 1)
    world.session.add(cleo_user)
    world.session.flush()
    start_plan(world.session, world.actor("hanna"))
    consent.give(world.session, world.actor("anna"))
    view = consent.consent_state(world.session, world.actor("anna"))
    assert view.child_needed and not view.holds
    assert shared(world) == {False}
    with pytest.raises(PermissionDenied):  # a child with an account gives their own yes
        consent.give(world.session, world.actor("anna"), for_child=True)
    consent.give(world.session, world.actor("cleo"))
    assert consent.consent_state(world.session, world.actor("anna")).holds
    assert shared(world) == {True}
    consent.withdraw(world.session, world.actor("cleo"))
    assert shared(world) == {False}


def test_a_younger_child_is_not_asked_and_cannot_consent(world: World) -> None:
    cleo_user = world.users["cleo"]
    cleo_user.birth_date = date(2018, 6, 1)
    world.session.add(cleo_user)
    world.session.flush()
    with pytest.raises(InvalidInput):
        consent.give(world.session, world.actor("cleo"))
    consent.give(world.session, world.actor("anna"))
    assert consent.consent_state(world.session, world.actor("anna")).holds


def test_a_parent_records_the_yes_of_a_child_of_twelve_without_an_account(
    world: World,
) -> None:
    family = world.alfa
    family.child_birth_year = date.today().year - 13
    world.session.add(family)
    world.session.flush()
    # Dora's family Beta has no child member: the age comes from the year of birth.
    beta = world.beta
    beta.child_birth_year = date.today().year - 14
    world.session.add(beta)
    world.session.flush()
    dora = world.actor("dora", beta)
    start_plan(world.session, dora)
    consent.give(world.session, dora)
    assert not consent.holds(world.session, beta.id)
    row = consent.give(world.session, dora, for_child=True)
    assert (row.for_child, row.given_by_id, row.recorded_by_id) == (
        True,
        None,
        world.members["dora"].id,
    )
    assert consent.holds(world.session, beta.id)
