"""CheckInsState called directly: periods, languages, two adults picking up one signal,
and the trend and download again on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import reflex as rx
from sqlmodel import Session

from dossier.db import get_engine
from dossier.domain.checkin_trends import Period, checkins_for_export, trend_page
from dossier.domain.checkins import record_checkin
from dossier.ops.migrations import upgrade
from dossier.state.checkins import CheckInsState
from tests.factories import World, build_world

TALK_TO = {"parents": "anna", "cm_home": "hugo", "cm_hospital": "hanna"}


def ask_to_talk(world: World, audience: list[str], note: str = "Kunnen we praten?") -> None:
    record_checkin(
        world.session,
        world.actor("ben"),
        mood=2,
        needs=["someone_to_talk"],
        note=note,
        audience=audience,
        wants_to_talk=True,
        talk_to_id=world.members[TALK_TO[audience[0]]].id,
    )
    world.session.commit()


async def test_the_page_shows_a_trend_in_words_and_a_chart(world: World, acting) -> None:
    ask_to_talk(world, ["parents", "cm_home"])
    acting("anna")
    state = await rx.State().get_state(CheckInsState)
    assert not state.loaded
    state.load_page()
    assert state.loaded and state.period == "3m" and state.sibling_name == "Ben"
    assert state.shared_text == "Ben deelde 2 check-ins met jou in de laatste 3 maanden."
    assert state.mood_summary == "Gemiddeld 2,5 over 2 check-ins; laatste: niet zo goed"
    assert state.mood_words[0] == "Heel slecht" and state.mood_words[4] == "Heel goed"
    assert [row["mood"] for row in state.mood_chart if "mood" in row] == [3, 2]
    assert [row["week"] for row in state.mood_chart if "week" in row] == [2.5]
    assert set(state.x_labels) == {str(x) for x in state.x_ticks}
    # A tie keeps the order of the check-in screen.
    assert state.needs == [
        {"label": "Iemand om mee te praten", "count": 1},
        {"label": "Rust", "count": 1},
    ]
    assert state.needs_summary.count("1 keer") == 2
    assert [n["text"] for n in state.notes] == ["Kunnen we praten?"]
    assert state.export_url.endswith(
        f"/api/checkins/export.csv?sibling={world.members['ben'].id}&months=3"
    )
    (signal,) = state.open_signals
    assert signal["text"] == "Ben wil graag praten met Anna"

    assert state.start_switch("4w") is None and state.switching
    state.choose_period("4w")
    assert not state.switching
    assert state.shared_text.endswith("in de laatste 4 weken.")
    assert state.export_url.endswith("&months=1")
    assert all(label[0].isdigit() for label in state.x_labels.values())  # "26 okt"
    state.choose_period("forever")  # unknown: the default
    assert state.period == "3m"


async def test_in_english_with_english_numbers(world: World, acting) -> None:
    ask_to_talk(world, ["parents"])
    acting("anna")
    state = await rx.State().get_state(CheckInsState)
    state.lang = "en"
    state.load_page()
    assert state.mood_summary == "Average 2.5 over 2 check-ins; latest: not so good"
    assert state.shared_text == "Ben shared 2 check-ins with you in the last 3 months."


async def test_nothing_shared_yet_is_said_plainly(world: World, acting) -> None:
    acting("hanna")
    world.session.commit()
    state = await rx.State().get_state(CheckInsState)
    state.choose_period("4w")
    assert state.siblings == [{"value": str(world.members["ben"].id), "label": "Ben (1)"}]
    ask_to_talk(world, ["parents"])
    state.choose_period("4w")
    assert state.count == 1  # only the factory's check-in for the hospital case manager


async def test_two_adults_pick_up_the_same_signal(world: World, acting) -> None:
    ask_to_talk(world, ["parents", "cm_home"])
    acting("anna")
    anna = await rx.State().get_state(CheckInsState)
    anna.load_page()
    acting("hugo")
    hugo = await rx.State().get_state(CheckInsState)
    hugo.load_page()
    (seen_by_hugo,) = hugo.open_signals

    acting("anna")
    (signal,) = anna.open_signals
    assert "Fijn" in str(anna.pick_up_signal(signal["id"], signal["version"]))
    assert anna.open_signals == []
    (picked,) = anna.picked_up_signals
    assert picked["picked_up"].startswith("Opgepakt door Anna, ")

    # Hugo's screen still showed it open: his tap tells him, and shows who has it.
    acting("hugo")
    result = hugo.pick_up_signal(seen_by_hugo["id"], seen_by_hugo["version"])
    assert "Iemand anders heeft dit net opgepakt." in str(result)
    assert hugo.open_signals == []
    assert hugo.picked_up_signals[0]["picked_up"].startswith("Opgepakt door Anna")
    assert hugo.pick_up_signal("abc", "1") is None  # not an id: nothing happens


# --------------------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------------------


@pytest.fixture
def pg_world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setenv("REFLEX_DB_URL", pg_url)
    upgrade(pg_url)
    with Session(get_engine(pg_url), expire_on_commit=False) as session:
        yield build_world(session)


def test_the_trend_and_the_download_on_postgres(pg_world: World) -> None:
    """Shared only with the home case manager: on PostgreSQL too, only Hugo counts it."""
    ask_to_talk(pg_world, ["cm_home"], note="alleen voor Hugo")
    ben = pg_world.members["ben"].id
    for reader, count in (("hugo", 2), ("anna", 1), ("hanna", 1)):
        actor = pg_world.actor(reader)
        page = trend_page(pg_world.session, actor, period=Period.MONTHS_6)
        assert (page.trend.sibling_id, page.trend.count) == (ben, count), reader
        assert page.siblings[0].shared == count
        notes = [n.text for n in page.trend.notes]
        assert ("alleen voor Hugo" in notes) is (reader == "hugo")
        rows = checkins_for_export(pg_world.session, actor, sibling_id=ben, months=6)
        assert len(rows) == count
