"""Two parents who demote each other at the same moment on PostgreSQL: the family still
keeps a parent (keep_a_parent locks the family's parents, so the second change waits
for the first and then sees one parent fewer)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlmodel import Session

from dossier.db import get_engine
from dossier.domain.errors import InvalidInput
from dossier.domain.members import change_role
from dossier.models import Membership, Role
from dossier.ops.migrations import upgrade
from tests.factories import World, build_world


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_two_parents_demoting_each_other_at_once_leave_one_parent(pg_world: World) -> None:
    anna, bram = pg_world.members["anna"], pg_world.members["bram"]
    as_anna, as_bram = pg_world.actor("anna"), pg_world.actor("bram")
    pg_world.session.commit()
    engine = pg_world.session.get_bind()
    errors: list[BaseException] = []

    def anna_demotes_bram() -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                change_role(
                    session,
                    as_anna,
                    membership_id=bram.id,
                    role=Role.CAREGIVER,
                    expected_version=bram.version,
                )
                session.commit()
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    with Session(engine, expire_on_commit=False) as first:
        change_role(
            first,
            as_bram,
            membership_id=anna.id,
            role=Role.CAREGIVER,
            expected_version=anna.version,
        )
        waiting = threading.Thread(target=anna_demotes_bram)
        waiting.start()
        waiting.join(timeout=1.0)
        assert waiting.is_alive()  # blocked on the parents' lock
        first.commit()
    waiting.join(timeout=30)
    assert len(errors) == 1 and isinstance(errors[0], InvalidInput), errors
    assert errors[0].message_key == "members.last_parent"
    with Session(engine) as check:
        roles = {
            m.id: m.role for m in (check.get(Membership, anna.id), check.get(Membership, bram.id))
        }
    assert roles == {anna.id: Role.CAREGIVER, bram.id: Role.PARENT}
