"""A sibling's choice of who may read a check-in holds on every path out of the dossier.

For every combination of the three share flags (2^3) and every kind of adult (a parent,
the home case manager, the hospital case manager), Ben writes two low-mood check-ins
with a secret word in the notes, the second asking to talk. Then, path by path, the
adult finds them (and their signals) exactly when the flag for their role is on, and
otherwise no trace: not in lists, counts, chart points, need counts, notes, signals,
notifications, the overview, the download, the calendar feed, or the Reflex states
called directly as the websocket would.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from datetime import timedelta

import pytest
import reflex as rx
from sqlmodel import col, select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.domain.calendar_feed import build_feed, feed_token
from dossier.domain.checkin_signals import pick_up, visible_signals
from dossier.domain.checkin_trends import Period, trend_page
from dossier.domain.checkins import readable_checkins, record_checkin
from dossier.domain.overview import build_overview
from dossier.i18n import local_today
from dossier.models import AuditEvent, CheckIn, CheckinSignal, Notification, utcnow
from dossier.permissions import PermissionDenied
from dossier.settings import get_settings
from dossier.state.checkins import CheckInsState
from dossier.state.overview import OverviewState
from tests.factories import World

SECRET = "GEHEIM-7f3a"
SECRET_NEED = "help_with_school"
FLAGS = ("share_parents", "share_cm_home", "share_cm_hospital")
AUDIENCE = {
    "share_parents": "parents",
    "share_cm_home": "cm_home",
    "share_cm_hospital": "cm_hospital",
}
READER_FLAG = {
    "anna": "share_parents",
    "bram": "share_parents",
    "hugo": "share_cm_home",
    "hanna": "share_cm_hospital",
}
TALK_TO = {"share_parents": "anna", "share_cm_home": "hugo", "share_cm_hospital": "hanna"}
READERS = ("anna", "hugo", "hanna")
COMBOS = [dict(zip(FLAGS, on, strict=True)) for on in itertools.product((False, True), repeat=3)]


def _label(combo: dict[str, bool]) -> str:
    return "+".join(AUDIENCE[f] for f, on in combo.items() if on) or "nobody"


CASES = [
    pytest.param(combo, reader, id=f"{_label(combo)}-{reader}")
    for combo in COMBOS
    for reader in READERS
]


@dataclass
class Shared:
    combo: dict[str, bool]
    checkin_ids: set[int]
    signal_ids: set[int]

    def visible_to(self, reader: str) -> bool:
        return self.combo[READER_FLAG[reader]]


def share(world: World, combo: dict[str, bool]) -> Shared:
    """Ben's two low-mood check-ins with the secret, shared as `combo` says."""
    session, ben = world.session, world.actor("ben")
    audience = [AUDIENCE[f] for f, on in combo.items() if on]
    talk_to = next((world.members[TALK_TO[f]].id for f, on in combo.items() if on), None)
    now = utcnow()
    first = record_checkin(
        session,
        ben,
        mood=1,
        needs=[SECRET_NEED],
        note=f"{SECRET} een",
        audience=audience,
        now=now - timedelta(days=2),
    )
    second = record_checkin(
        session,
        ben,
        mood=2,
        needs=[SECRET_NEED],
        note=f"{SECRET} twee",
        audience=audience,
        wants_to_talk=talk_to is not None,
        talk_to_id=talk_to,
        now=now + timedelta(minutes=1),
    )
    ids = {first.id, second.id}
    signals = session.exec(select(CheckinSignal).where(col(CheckinSignal.checkin_id).in_(ids)))
    shared = Shared(combo=combo, checkin_ids=ids, signal_ids={s.id for s in signals})
    session.commit()
    return shared


def test_every_combination_raises_signals_only_when_shared(world: World) -> None:
    for combo in COMBOS:
        shared = share(world, combo)
        kinds = {world.session.get(CheckinSignal, i).kind for i in shared.signal_ids}
        expected = {"wants_to_talk", "low_mood"} if any(combo.values()) else set()
        assert kinds == expected, combo
        for signal_id in shared.signal_ids:
            signal = world.session.get(CheckinSignal, signal_id)
            assert {f: getattr(signal, f) for f in FLAGS} == combo
        for signal in world.session.exec(select(CheckinSignal)).all():
            signal.picked_up_at = utcnow()  # the next combination starts without open signals
            world.session.add(signal)
        world.session.commit()


# --------------------------------------------------------------------------------------
# The domain
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_domain_lists_only_what_was_shared(world: World, combo, reader: str) -> None:
    shared = share(world, combo)
    found = readable_checkins(world.session, world.actor(reader), limit=None)
    assert (shared.checkin_ids <= {c.id for c in found}) is shared.visible_to(reader)
    assert (shared.checkin_ids & {c.id for c in found} == set()) is not shared.visible_to(reader)
    # The sibling always reads their own, whoever they shared it with.
    assert shared.checkin_ids <= {
        c.id for c in readable_checkins(world.session, world.actor("ben"))
    }


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_trends_and_chart_data_count_only_what_was_shared(world: World, combo, reader) -> None:
    shared = share(world, combo)
    ben = world.members["ben"].id
    visible = shared.visible_to(reader)
    for period in Period:
        page = trend_page(world.session, world.actor(reader), sibling_id=ben, period=period)
        trend = page.trend
        # The factory gave every adult one check-in of their own (mood 3, "rest").
        assert [(s.sibling_id, s.shared) for s in page.siblings] == [(ben, 3 if visible else 1)]
        assert sorted(p.mood for p in trend.points) == ([1, 2, 3] if visible else [3])
        assert trend.count == (3 if visible else 1)
        assert trend.average == (2 if visible else 3)
        assert sum(w.count for w in trend.weeks) == trend.count
        assert any(n.need == SECRET_NEED for n in trend.needs) is visible
        assert {n.need: n.count for n in trend.needs}.get(SECRET_NEED, 0) == (2 if visible else 0)
        assert any(SECRET in n.text for n in trend.notes) is visible
        assert {n.checkin_id for n in trend.notes} <= shared.checkin_ids


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_signals_and_picking_up_only_when_shared(world: World, combo, reader: str) -> None:
    shared = share(world, combo)
    actor = world.actor(reader)
    seen = {s.id for s in visible_signals(world.session, actor, open_only=False)}
    if shared.visible_to(reader):
        assert shared.signal_ids and shared.signal_ids <= seen
        signal = world.session.get(CheckinSignal, min(shared.signal_ids))
        picked = pick_up(world.session, actor, signal_id=signal.id, expected_version=1)
        assert picked.picked_up_by_id == actor.membership_id
    else:
        assert seen & shared.signal_ids == set()
        for signal_id in shared.signal_ids:
            with pytest.raises(PermissionDenied):
                pick_up(world.session, actor, signal_id=signal_id, expected_version=1)
            assert world.session.get(CheckinSignal, signal_id).picked_up_at is None


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_notifications_go_only_to_the_adults_it_was_shared_with(
    world: World, combo, reader: str
) -> None:
    shared = share(world, combo)
    rows = world.session.exec(
        select(Notification).where(
            Notification.object_type == "checkinsignal",
            col(Notification.object_id).in_(shared.signal_ids or {-1}),
        )
    ).all()
    recipients = {n.recipient_user_id for n in rows}
    expected = {world.users[name].id for name, flag in READER_FLAG.items() if combo[flag]}
    assert recipients == expected
    assert (world.users[reader].id in recipients) is shared.visible_to(reader)
    # Never the sibling, the ill child or a caregiver; and never any content.
    assert recipients.isdisjoint({world.users[n].id for n in ("ben", "cleo", "gerda")})
    assert all(SECRET not in json.dumps(n.model_dump(mode="json")) for n in rows)


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_the_overview_shows_signals_and_check_ins_only_when_shared(
    world: World, combo, reader: str
) -> None:
    shared = share(world, combo)
    overview = build_overview(world.session, world.actor(reader), today=local_today())
    expected = shared.signal_ids if shared.visible_to(reader) else set()
    assert {s.id for s in overview.signals} == expected
    latest = {c.id for c in overview.checkins}
    assert bool(latest & shared.checkin_ids) is shared.visible_to(reader)


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_the_calendar_feed_never_holds_check_ins(world: World, combo, reader: str) -> None:
    share(world, combo)
    token = feed_token(world.session, world.actor(reader))
    body = build_feed(world.session, token).decode()
    assert SECRET not in body
    assert "check-in" not in body.lower() and "checkin" not in body.lower()
    assert "Kinderarts" in body  # the feed itself works


# --------------------------------------------------------------------------------------
# The download
# --------------------------------------------------------------------------------------


def _client_for(world: World, name: str) -> TestClient:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id
    )
    world.session.commit()
    client = TestClient(build_api(), base_url="http://localhost:3000")
    client.cookies.set(get_settings().session_cookie_name, token)
    return client


def _export(client: TestClient, sibling: int, months: str = "1", **headers: str):
    return client.get(
        f"/api/checkins/export.csv?sibling={sibling}&months={months}", headers=headers
    )


@pytest.mark.parametrize(("combo", "reader"), CASES)
def test_the_download_holds_only_what_was_shared(world: World, combo, reader: str) -> None:
    shared = share(world, combo)
    with _client_for(world, reader) as client:
        response = _export(client, world.members["ben"].id)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert (SECRET in text) is shared.visible_to(reader)
    assert ("Hulp met school" in text) is shared.visible_to(reader)
    lines = text.strip().split("\r\n")
    assert len(lines) == 1 + (3 if shared.visible_to(reader) else 1)  # header + rows


def test_the_download_is_for_dutch_excel(world: World) -> None:
    session, ben = world.session, world.actor("ben")
    record_checkin(
        session,
        ben,
        mood=4,
        needs=["rest", "something_fun"],
        note='=HYPERLINK("http://x")',
        audience=["parents"],
        wants_to_talk=True,
        talk_to_id=world.members["anna"].id,
    )
    with _client_for(world, "anna") as client:
        response = _export(client, world.members["ben"].id, months="6")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="check-ins-ben-'
    )
    assert response.content.startswith("\ufeff".encode())
    header, newest, *_ = response.content.decode("utf-8-sig").split("\r\n")
    assert header == "Datum;Stemming (1-5);Stemming in woorden;Wat nodig;Berichtje;Wil praten"
    day, mood, word, needs, note, talk = newest.split(";", 5)
    assert day.startswith(local_today().isoformat())
    assert (mood, word, needs) == ("4", "Goed", "Even iets leuks doen, Rust")
    assert note.startswith("\"'=HYPERLINK")  # shown as text, never run as a formula
    assert talk == "Ja, met Anna"
    # One row in the access log names the download (never its content).
    with session_scope() as check:
        exports = check.exec(select(AuditEvent).where(AuditEvent.action == "checkin.export"))
        (row,) = exports.all()
    assert row.outcome == "allowed" and SECRET not in row.detail


def test_the_download_needs_a_login_and_a_reading_role(world: World) -> None:
    ben = world.members["ben"].id
    with TestClient(build_api(), base_url="http://localhost:3000") as anonymous:
        assert _export(anonymous, ben).status_code == 401
    for name in ("gerda", "cleo", "ben"):
        with _client_for(world, name) as client:
            assert _export(client, ben).status_code == 403, name
    with session_scope() as check:
        denied = check.exec(
            select(AuditEvent).where(
                AuditEvent.action == "checkin.view", AuditEvent.outcome == "denied"
            )
        ).all()
    assert len(denied) == 3
    with _client_for(world, "anna") as client:
        assert _export(client, ben, **{"sec-fetch-site": "cross-site"}).status_code == 403
        assert _export(client, ben, origin="https://evil.example").status_code == 403
        assert client.get("/api/checkins/export.csv?sibling=abc").status_code == 400
        assert _export(client, ben, months="24").status_code == 400


def test_a_sibling_of_another_family_downloads_as_an_empty_file(world: World) -> None:
    share(world, dict.fromkeys(FLAGS, True))
    ben = world.members["ben"].id
    token = sessions.start_session(
        world.session, user_id=world.users["dora"].id, family_id=world.beta.id
    )
    world.session.commit()
    with TestClient(build_api(), base_url="http://localhost:3000") as client:
        client.cookies.set(get_settings().session_cookie_name, token)
        response = _export(client, ben)
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").strip().count("\r\n") == 0  # header only
    assert SECRET not in response.text
    assert 'filename="check-ins-broer-of-zus-' in response.headers["content-disposition"]


# --------------------------------------------------------------------------------------
# The Reflex states, called directly
# --------------------------------------------------------------------------------------


def _state_text(state: rx.State, names: tuple[str, ...]) -> str:
    return json.dumps({name: getattr(state, name) for name in names}, default=str)


TREND_VARS = (
    "open_signals",
    "picked_up_signals",
    "siblings",
    "shared_text",
    "count",
    "mood_chart",
    "mood_summary",
    "needs",
    "needs_summary",
    "notes",
)


@pytest.mark.parametrize(("combo", "reader"), CASES)
async def test_the_check_in_page_state_shows_only_what_was_shared(
    world: World, combo, reader: str, acting
) -> None:
    shared = share(world, combo)
    visible = shared.visible_to(reader)
    ben = str(world.members["ben"].id)
    acting(reader)
    state = await rx.State().get_state(CheckInsState)
    assert state.load_page() is None
    assert state.loaded and not state.not_for_you
    for handler, arg in ((state.choose_period, "4w"), (state.choose_sibling, ben)):
        assert handler(arg) is None
        text = _state_text(state, TREND_VARS)
        assert (SECRET in text) is visible
        assert ("Hulp met school" in text) is visible
        assert state.count == (3 if visible else 1)
        assert len([row for row in state.mood_chart if "mood" in row]) == state.count
        assert state.siblings == [{"value": ben, "label": f"Ben ({3 if visible else 1})"}]
        assert {r["id"] for r in state.open_signals} == (
            {str(i) for i in shared.signal_ids} if visible else set()
        )
    # Picking up a signal that was not shared is refused and logged, by id straight away.
    for signal_id in shared.signal_ids:
        result = state.pick_up_signal(str(signal_id), "1")
        with session_scope() as check:
            signal = check.get(CheckinSignal, signal_id)
        if visible:
            assert "Fijn" in str(result) and signal.picked_up_at is not None
        else:
            assert "Dit mag je niet" in str(result) and signal.picked_up_at is None
    if visible:
        assert state.open_signals == []
        assert all(r["picked_up"].startswith("Opgepakt door") for r in state.picked_up_signals)


@pytest.mark.parametrize(("combo", "reader"), CASES)
async def test_the_overview_state_shows_signals_only_when_shared(
    world: World, combo, reader: str, acting
) -> None:
    shared = share(world, combo)
    acting(reader)
    state = await rx.State().get_state(OverviewState)
    assert state.load_overview() is None
    ids = {row["id"] for row in state.signals}
    assert ids == ({str(i) for i in shared.signal_ids} if shared.visible_to(reader) else set())
    # The latest check-in per sibling (with its note) only when it was shared.
    assert (SECRET in _state_text(state, ("signals", "checkins"))) is shared.visible_to(reader)


def test_the_headline_case_hugo_only(world: World) -> None:
    """Shared only with the home case manager: Hugo sees it all; Anna and Hanna nothing."""
    shared = share(
        world, {"share_parents": False, "share_cm_home": True, "share_cm_hospital": False}
    )
    ben = world.members["ben"].id
    for reader, visible in (("hugo", True), ("anna", False), ("hanna", False)):
        actor = world.actor(reader)
        trend = trend_page(world.session, actor, sibling_id=ben, period=Period.WEEKS_4).trend
        assert any(SECRET in n.text for n in trend.notes) is visible, reader
        assert bool({s.id for s in visible_signals(world.session, actor)}) is visible, reader
        with _client_for(world, reader) as client:
            assert (SECRET in _export(client, ben).content.decode("utf-8-sig")) is visible
    assert len(shared.signal_ids) == 2


# --------------------------------------------------------------------------------------
# Who else comes to the page
# --------------------------------------------------------------------------------------


async def test_a_sibling_is_sent_to_their_own_screen(world: World, acting) -> None:
    acting("ben")
    state = await rx.State().get_state(CheckInsState)
    result = state.load_page()
    assert "/mijn-check-in" in str(result)
    assert state.notes == [] and state.siblings == []


@pytest.mark.parametrize("name", ["gerda", "cleo"])
async def test_caregivers_and_the_ill_child_get_a_calm_not_for_you(
    world: World, acting, name: str
) -> None:
    share(world, dict.fromkeys(FLAGS, True))
    acting(name)
    state = await rx.State().get_state(CheckInsState)
    assert state.load_page() is None  # no error toast: the page says it calmly
    assert state.loaded and state.not_for_you
    assert SECRET not in _state_text(state, TREND_VARS)
    with session_scope() as check:
        refused = check.exec(
            select(AuditEvent).where(
                AuditEvent.outcome == "denied", AuditEvent.user_id == world.users[name].id
            )
        ).all()
    assert refused, "the refusal is in the access log"


async def test_a_forged_sibling_id_yields_nothing(world: World, acting) -> None:
    share(world, dict.fromkeys(FLAGS, True))
    acting("anna")
    state = await rx.State().get_state(CheckInsState)
    for forged in ("999999", str(world.members["dora"].id), "1; DROP TABLE checkin", "²"):
        assert state.choose_sibling(forged) is None
        if forged.isascii() and forged.isdigit():
            assert state.count == 0 and state.notes == [] and state.mood_chart == []
            assert SECRET not in _state_text(state, TREND_VARS)
    with session_scope() as check:
        assert check.exec(select(CheckIn)).first() is not None  # nothing was dropped
