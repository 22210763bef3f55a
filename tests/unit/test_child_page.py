"""'Wat ik belangrijk vind': cleo writes her own page, private until she picks readers;
only the adults she picked read it; never ben or gerda; stale saves refused."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dossier.domain.access import unit_of_work
from dossier.domain.child_page import (
    ChildPageInputError,
    is_shared_with,
    own_page,
    read_page,
    reader_options,
    save_page,
    shared_pages,
)
from dossier.domain.errors import Conflict
from dossier.models import AuditEvent, ChildPage
from dossier.permissions import PermissionDenied
from tests.factories import World

WORDS = {
    "likes": "Tekenen en mijn kat",
    "important": "Dat ik thuis kan zijn",
    "worries": "Dat mama verdrietig is",
    "want_known": "Ik wil zelf horen wat de dokter zegt",
}


def write(world: World, readers: list[str], version: int | None = None) -> ChildPage:
    ids = [str(world.members[name].id) for name in readers]
    return save_page(
        world.session,
        world.actor("cleo"),
        expected_version=version,
        raw=WORDS,
        reader_ids=ids,
    )


def test_cleo_s_page_is_private_until_she_picks_a_reader(world: World) -> None:
    page = write(world, [])
    assert own_page(world.session, world.actor("cleo")) is page
    for name in ("anna", "bram", "hanna", "hugo"):
        assert shared_pages(world.session, world.actor(name)) == []
        assert not is_shared_with(world.session, world.actor(name))


def test_cleo_shares_with_hanna_only_and_only_hanna_reads_it(world: World) -> None:
    page = write(world, ["hanna"])
    assert shared_pages(world.session, world.actor("hanna")) == [page]
    assert is_shared_with(world.session, world.actor("hanna"))
    assert read_page(world.session, world.actor("hanna"), page.id).content == WORDS
    for name in ("anna", "hugo"):
        assert shared_pages(world.session, world.actor(name)) == []
        with pytest.raises(PermissionDenied):
            read_page(world.session, world.actor(name), page.id)
    reads = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "child_page.view")
    ).all()
    assert {r.user_id for r in reads} == {world.users["hanna"].id}


def test_ben_and_gerda_never_read_it_and_the_refusal_is_logged(world: World, db: Session) -> None:
    page = write(world, ["anna", "bram", "hanna", "hugo"])
    actors = {name: world.actor(name) for name in ("ben", "gerda")}
    for actor in actors.values():
        assert not is_shared_with(world.session, actor)
    world.session.commit()
    for actor in actors.values():
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            read_page(session, actor, page.id)
        with pytest.raises(PermissionDenied), unit_of_work() as session:
            shared_pages(session, actor)
    denied = db.exec(select(AuditEvent).where(AuditEvent.outcome == "denied")).all()
    assert len(denied) == 4


def test_cleo_can_pick_only_parents_and_case_managers(world: World) -> None:
    options = {r.membership_id for r in reader_options(world.session, world.actor("cleo"))}
    m = world.members
    assert options == {m[n].id for n in ("anna", "bram", "hanna", "hugo")}
    for forged in (["ben"], ["gerda"], ["dora"]):
        with pytest.raises(ChildPageInputError):
            write(world, forged)
    with pytest.raises(ChildPageInputError):
        save_page(
            world.session,
            world.actor("cleo"),
            expected_version=None,
            raw=WORDS,
            reader_ids=["abc"],
        )
    assert world.session.exec(select(ChildPage)).all() == []


def test_only_cleo_writes_her_page(world: World) -> None:
    for name in ("anna", "hanna", "ben"):
        with pytest.raises(PermissionDenied):
            save_page(
                world.session, world.actor(name), expected_version=None, raw=WORDS, reader_ids=[]
            )


def test_a_stale_save_is_refused_and_the_same_words_again_change_nothing(world: World) -> None:
    page = write(world, ["anna"])
    version = page.version
    same = write(world, ["anna"], version=version)
    assert same.version == version
    write(world, ["anna", "hugo"], version=version)
    with pytest.raises(Conflict):
        write(world, ["bram"], version=version)
    assert page.reader_ids == sorted([world.members["anna"].id, world.members["hugo"].id])


def test_too_long_words_are_a_message_and_nothing_is_written(world: World) -> None:
    with pytest.raises(ChildPageInputError) as caught:
        save_page(
            world.session,
            world.actor("cleo"),
            expected_version=None,
            raw={**WORDS, "worries": "x" * 3000},
            reader_ids=[],
        )
    assert caught.value.errors == {"worries": "child_page.error.too_long"}
    assert world.session.exec(select(ChildPage)).all() == []
