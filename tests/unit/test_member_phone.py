"""Phone numbers of members: everyone sets their own, parents anyone's; checked input,
a stale save refused, one access-log row without the number."""

from __future__ import annotations

import pytest
from sqlmodel import select

from dossier.domain.errors import Conflict, InvalidInput, NotFound
from dossier.domain.members import PHONE_MAX, change_phone, clean_phone, phones_of
from dossier.i18n import translate
from dossier.models import AuditEvent
from dossier.permissions import PermissionDenied
from tests.factories import World


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("06 1234 5678", "06 1234 5678"),
        ("+31 6 1234 5678", "+31 6 1234 5678"),
        ("(030) 123-45-67", "(030) 123-45-67"),
        ("  06   12345678 ", "06 12345678"),
        ("112", "112"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_numbers_people_write_are_accepted(raw: str, clean: str) -> None:
    assert clean_phone(raw) == clean


@pytest.mark.parametrize(
    "raw", ["06-abc", "bel me", "06 1234 5678 ext. 2", "<script>", "+-()", "12", "06/12345678"]
)
def test_anything_else_gets_a_clear_dutch_message(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_phone(raw)
    text = translate("nl", refused.value.message_key, **refused.value.params)
    assert text.startswith("Dit telefoonnummer klopt niet")


def test_too_long_says_how_long_it_may_be() -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_phone("0" * (PHONE_MAX + 1))
    text = translate("nl", refused.value.message_key, **refused.value.params)
    assert f"{PHONE_MAX} tekens" in text


def _set(world: World, who: str, whose: str, phone: str, version: int | None = None):
    member = world.members[whose]
    return change_phone(
        world.session,
        world.actor(who),
        membership_id=member.id,
        phone=phone,
        expected_version=member.version if version is None else version,
    )


@pytest.mark.parametrize("who", ["hugo", "ben", "gerda", "anna"])
def test_everyone_sets_their_own_number(world: World, who: str) -> None:
    _set(world, who, who, "06 1111 2222")
    assert world.members[who].phone == "06 1111 2222"


def test_a_parent_sets_anyones_number(world: World) -> None:
    _set(world, "anna", "gerda", "(030) 123 45 67")
    assert world.members["gerda"].phone == "(030) 123 45 67"


@pytest.mark.parametrize("who", ["hugo", "hanna", "ben", "cleo", "gerda"])
def test_others_may_not_set_someone_elses_number(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        _set(world, who, "anna", "06 0000 0000")
    assert world.members["anna"].phone == ""


def test_another_family_cannot_set_our_numbers(world: World) -> None:
    gerda = world.members["gerda"]
    with pytest.raises(PermissionDenied):
        change_phone(
            world.session,
            world.actor("dora", world.beta),
            membership_id=gerda.id,
            phone="06 0000 0000",
            expected_version=gerda.version,
        )
    # Hanna is in both families: her own number here is not "her own" over there.
    with pytest.raises(PermissionDenied):
        change_phone(
            world.session,
            world.actor("hanna", world.beta),
            membership_id=world.members["hanna"].id,
            phone="06 0000 0000",
            expected_version=world.members["hanna"].version,
        )


def test_a_stale_save_is_refused(world: World) -> None:
    before = world.members["hugo"].version
    _set(world, "hugo", "hugo", "06 1111 2222")
    with pytest.raises(Conflict):
        _set(world, "anna", "hugo", "06 3333 4444", version=before)
    assert world.members["hugo"].phone == "06 1111 2222"


def test_unknown_member_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        change_phone(
            world.session, world.actor("anna"), membership_id=99999, phone="", expected_version=1
        )


def test_one_log_row_that_never_holds_the_number(world: World) -> None:
    _set(world, "anna", "gerda", "06 1111 2222")
    _set(world, "anna", "gerda", "06 1111 2222")  # the same number again: nothing happens
    _set(world, "anna", "gerda", "")
    world.session.commit()
    rows = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "membership.phone").order_by(AuditEvent.id)
    ).all()
    assert [r.detail for r in rows] == ["added", "removed"]
    assert all("1111" not in r.detail for r in rows)
    assert rows[0].object_id == world.members["gerda"].id


def test_phones_are_read_only_by_those_who_see_the_members(world: World) -> None:
    _set(world, "anna", "hugo", "06 1111 2222")
    assert phones_of(world.session, world.actor("ben"))[world.members["hugo"].id] == "06 1111 2222"
    with pytest.raises(PermissionDenied):
        phones_of(world.session, world.actor("gerda"))
