"""Who the agreements page names: everyone who can take part for those who may see the
family's members; for a caregiver (MEMBERS_VIEW: none) only the people named on the
agreements they may see themselves, never the family's whole list of adults."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from dossier.domain.agreement_overview import domain_overview
from dossier.domain.agreements import agreement_people
from dossier.models import Agreement, AuditEvent
from tests.factories import World

TODAY = date(2026, 11, 23)


def names(world: World, who: str) -> list[str]:
    return [p.name for p in agreement_people(world.session, world.actor(who))]


def test_parents_and_case_managers_get_everyone_who_can_take_part(world: World) -> None:
    everyone = ["Anna", "Bram", "Hanna", "Hugo", "Gerda"]
    for who in ("anna", "hanna", "hugo"):
        assert names(world, who) == everyone


def test_a_caregiver_gets_only_the_people_on_agreements_she_may_see(world: World) -> None:
    """Gerda is kept informed of "Zorgcoördinatie" (Hanna's): she learns of Hanna and
    herself, not of Anna, Bram or Hugo, their roles or their membership ids."""
    people = agreement_people(world.session, world.actor("gerda"))
    assert [(p.membership_id, p.name) for p in people] == [
        (world.members["hanna"].id, "Hanna"),
        (world.members["gerda"].id, "Gerda"),
    ]


def test_a_caregiver_named_on_what_the_parents_keep_sees_the_parents(world: World) -> None:
    world.session.add(
        Agreement(
            family_id=world.alfa.id,
            topic="Medicijnen",
            domain="care",
            parents_keep=True,
            backup_id=world.members["gerda"].id,
        )
    )
    world.session.flush()
    assert names(world, "gerda") == ["Anna", "Bram", "Hanna", "Gerda"]


def test_a_caregiver_on_no_agreement_gets_nobody(world: World) -> None:
    for agreement in world.session.exec(select(Agreement)).all():
        agreement.informed_ids = []
        world.session.add(agreement)
    world.session.flush()
    assert names(world, "gerda") == []


def test_the_caregivers_overview_carries_only_those_people(world: World) -> None:
    overview = domain_overview(world.session, world.actor("gerda"), today=TODAY)
    assert {p.membership_id for p in overview.people} == {
        world.members["hanna"].id,
        world.members["gerda"].id,
    }


def test_narrowing_the_people_adds_no_row_to_the_access_log(world: World) -> None:
    before = len(world.session.exec(select(AuditEvent)).all())
    agreement_people(world.session, world.actor("gerda"))
    assert len(world.session.exec(select(AuditEvent)).all()) == before
