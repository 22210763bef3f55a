"""NetworkState and the overview's "Bij spoed" card, called as the websocket would."""

from __future__ import annotations

from datetime import timedelta

import reflex as rx
from sqlmodel import Session, select

from dossier.clock import local_today
from dossier.domain.once import FIELD as SEND_KEY
from dossier.models import Absence, Contact, WorkingHours
from dossier.state.network import NetworkState
from dossier.state.overview import OverviewState
from tests.factories import World
from tests.integration.support import login_as


async def network_as(world: World, acting, name: str) -> NetworkState:
    world.session.commit()
    acting(login_as(world, name))
    state = await rx.State().get_state(NetworkState)
    state.load_network()
    return state


def contact_named(db: Session, name: str) -> Contact | None:
    db.expire_all()
    found = db.exec(select(Contact).where(Contact.name == name)).first()
    db.commit()
    return found


def names(rows) -> list[str]:
    return [r["name"] for r in rows]


async def test_a_parent_adds_the_gp_and_grandma_bij_spoed(
    world: World, db: Session, acting
) -> None:
    network = await network_as(world, acting, "anna")
    assert network.can_edit and not network.is_case_manager_here
    assert names(network.contacts) == ["Oma Alfa", "Praktijk Gerda", "Apotheek Alfa"]
    network.form_change("", True)
    assert network.form_open and network.form_id == ""
    form = {
        "name": "Opa Henk",
        "kind": "family",
        "emergency": "call",
        "phone_label_0": "mobiel",
        "phone_0": "06 87654321",
        "day_5": "on",
        "day_6": "on",
        "from": "09:00",
        "to": "21:00",
        SEND_KEY: network.send_key,
    }
    network.save_contact(form)
    assert not network.form_open
    opa = contact_named(db, "Opa Henk")
    assert opa is not None and opa.emergency == "call"
    assert opa.phones == [{"label": "mobiel", "number": "+31687654321", "typed": "06 87654321"}]
    assert opa.reach_hours == [{"days": [5, 6], "from": "09:00", "to": "21:00"}]
    row = next(r for r in network.contacts if r["name"] == "Opa Henk")
    assert (row["phone"], row["phone_href"]) == ("06 87654321", "tel:+31687654321")
    assert names(network.contacts)[:2] == ["Oma Alfa", "Opa Henk"]  # bij spoed first
    network.save_contact(form)  # the second tap of a double tap saves nothing
    db.expire_all()
    assert len(db.exec(select(Contact).where(Contact.name == "Opa Henk")).all()) == 1


async def test_a_wrong_number_keeps_the_form_open_with_the_message(
    world: World, db: Session, acting
) -> None:
    network = await network_as(world, acting, "anna")
    network.form_change("", True)
    network.save_contact({"name": "Noodnummer", "phone_0": "112", SEND_KEY: network.send_key})
    assert network.form_open
    assert "112" in network.errors["phones"]
    assert network.form_phone_numbers[0] == "112"  # what was typed stays
    assert contact_named(db, "Noodnummer") is None


async def test_opening_a_contact_shows_tel_and_details_in_a_dialog_on_a_phone(
    world: World, acting
) -> None:
    network = await network_as(world, acting, "anna")
    oma = world.contacts["oma"]
    network.open_contact(str(oma.id), False)
    assert network.detail_open and network.sel_name == "Oma Alfa"
    assert network.sel_phones == [
        {"label": "mobiel", "shown": "06-12345678", "href": "tel:+31612345678"}
    ]
    network.detail_change(False)
    network.open_contact(str(oma.id), True)  # a tablet: the pane, no dialog
    assert not network.detail_open and network.sel_id == str(oma.id)


async def test_a_caregiver_sees_the_emergency_contacts_and_her_own_and_cannot_edit(
    world: World, acting
) -> None:
    network = await network_as(world, acting, "gerda")
    assert names(network.contacts) == ["Oma Alfa", "Praktijk Gerda"]
    assert not network.can_edit


async def test_removing_takes_the_contact_out_of_the_list(
    world: World, db: Session, acting
) -> None:
    network = await network_as(world, acting, "hugo")
    apotheek = world.contacts["apotheek"]
    network.remove(str(apotheek.id), "1")
    assert "Apotheek Alfa" not in names(network.contacts)
    assert contact_named(db, "Apotheek Alfa").removed_at is not None


async def test_a_case_manager_sets_her_hours_and_an_absence_and_the_parent_reads_it(
    world: World, db: Session, acting
) -> None:
    hugo = await network_as(world, acting, "hugo")
    assert hugo.is_case_manager_here
    hugo.save_hours(
        {
            "my_day_0": "on",
            "my_day_1": "on",
            "my_day_2": "on",
            "my_day_3": "on",
            "my_day_4": "on",
            "my_from": "08:30",
            "my_to": "17:00",
        }
    )
    assert hugo.reach_error == ""
    assert hugo.my_line == "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    today = local_today()
    bram = world.members["bram"]
    hugo.save_absence(
        {
            "away_from": today.isoformat(),
            "away_to": (today + timedelta(days=10)).isoformat(),
            "stand_in": f"m:{bram.id}",
            SEND_KEY: hugo.reach_send_key,
        }
    )
    assert hugo.absence_error == ""
    assert len(hugo.my_absences) == 1 and "Bram" in hugo.my_absences[0]["text"]

    anna = await network_as(world, acting, "anna")
    team = {r["name"]: r for r in anna.team}
    assert team["Hugo"]["line"] == "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    assert team["Hugo"]["away"].startswith("Hugo is afwezig tot ")
    assert team["Hugo"]["away"].endswith("Vervanger: Bram.")

    overview = await rx.State().get_state(OverviewState)
    overview.load_overview()
    hugo_id = str(world.members["hugo"].id)
    assert overview.team_reach[hugo_id] == "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    assert overview.team_away[hugo_id].endswith("Vervanger: Bram.")
    assert [r["name"] for r in overview.emergency] == ["Oma Alfa"]
    assert overview.emergency[0]["phone_href"] == "tel:+31612345678"
    db.expire_all()
    assert len(db.exec(select(WorkingHours)).all()) == 1
    assert len(db.exec(select(Absence)).all()) == 1


async def test_a_bad_absence_says_why_and_saves_nothing(world: World, db: Session, acting) -> None:
    hugo = await network_as(world, acting, "hugo")
    today = local_today()
    hugo.save_absence(
        {
            "away_from": (today + timedelta(days=3)).isoformat(),
            "away_to": today.isoformat(),
            SEND_KEY: hugo.reach_send_key,
        }
    )
    assert hugo.absence_error == "De laatste dag ligt voor de eerste dag."
    db.expire_all()
    assert db.exec(select(Absence)).all() == []


async def test_the_caregiver_and_the_ill_child_get_the_bij_spoed_card_case_managers_not(
    world: World, acting
) -> None:
    for name, expected in (("gerda", ["Oma Alfa"]), ("cleo", ["Oma Alfa"]), ("hanna", [])):
        world.session.commit()
        acting(login_as(world, name))
        overview = await rx.State().get_state(OverviewState)
        overview.load_overview()
        assert [r["name"] for r in overview.emergency] == expected, name


async def test_back_at_work_after_all_the_absence_and_its_stand_in_go(
    world: World, db: Session, acting
) -> None:
    hugo = await network_as(world, acting, "hugo")
    today = local_today().isoformat()
    oma = world.contacts["oma"]
    form = {"away_from": today, "away_to": today, "stand_in": f"c:{oma.id}"}
    hugo.save_absence({**form, SEND_KEY: hugo.reach_send_key})
    assert "Oma Alfa" in hugo.my_absences[0]["text"]
    hugo.delete_absence(hugo.my_absences[0]["id"])
    assert hugo.my_absences == []
    db.expire_all()
    assert db.exec(select(Absence)).all() == []


async def test_the_pane_shows_the_contact_as_just_saved(world: World, acting) -> None:
    network = await network_as(world, acting, "anna")
    oma = world.contacts["oma"]
    network.open_contact(str(oma.id), True)
    network.form_change(str(oma.id), True)
    form = {
        "name": "Oma Alfa",
        "kind": "family",
        "emergency": "call",
        "phone_0": "06-12345678",
        "phone_label_0": "mobiel",
        "note": "Heeft een sleutel",
        SEND_KEY: network.send_key,
    }
    network.save_contact(form)
    assert {"label": "Notitie", "value": "Heeft een sleutel"} in network.sel_lines
    assert network.sel_version == "2"


async def test_a_case_manager_with_a_short_friday_gives_two_ranges(
    world: World, db: Session, acting
) -> None:
    hugo = await network_as(world, acting, "hugo")
    long_days = {f"my_day_{d}": "on" for d in range(4)}
    hugo.save_hours(
        {**long_days, "my_from": "08:30", "my_to": "17:00"}
        | {"my_r2_day_4": "on", "my_r2_from": "08:30", "my_r2_to": "12:30"}
    )
    assert hugo.reach_error == ""
    assert "ma-do 8.30-17.00" in hugo.my_line and "vr 8.30-12.30" in hugo.my_line
    db.expire_all()
    stored = db.exec(select(WorkingHours)).one()
    assert [r["days"] for r in stored.hours] == [[0, 1, 2, 3], [4]]
    db.commit()  # end the read, so the next load may write its access-log row
    hugo.my_days2, hugo.my_from2 = [False] * 7, ""
    hugo.load_network()  # read back from the database
    again = hugo
    assert again.my_days2 == [False, False, False, False, True, False, False]
    assert (again.my_from2, again.my_to2) == ("08:30", "12:30")


async def test_a_contact_reachable_on_weekdays_and_saturday_morning_keeps_both(
    world: World, db: Session, acting
) -> None:
    network = await network_as(world, acting, "anna")
    network.form_change("", True)
    network.save_contact(
        {
            "name": "Apotheek Zaterdag",
            "kind": "pharmacy",
            **{f"day_{d}": "on" for d in range(5)},
            "from": "08:00",
            "to": "18:00",
            "r2_day_5": "on",
            "r2_from": "10:00",
            "r2_to": "13:00",
            SEND_KEY: network.send_key,
        }
    )
    saved = contact_named(db, "Apotheek Zaterdag")
    assert saved is not None
    assert saved.reach_hours == [
        {"days": [0, 1, 2, 3, 4], "from": "08:00", "to": "18:00"},
        {"days": [5], "from": "10:00", "to": "13:00"},
    ]
    network.form_change(str(saved.id), True)
    assert network.form_days2[5] and network.form_from2 == "10:00"


async def test_a_case_manager_changes_her_stand_in_later_and_the_parent_reads_the_new_one(
    world: World, acting
) -> None:
    hugo = await network_as(world, acting, "hugo")
    today = local_today()
    away = {"away_from": today.isoformat(), "away_to": (today + timedelta(days=5)).isoformat()}
    hugo.save_absence({**away, SEND_KEY: hugo.reach_send_key})
    row = hugo.my_absences[0]
    assert row["stand_in"] == ""  # the other case manager, by default
    oma = world.contacts["oma"]
    hugo.change_stand_in(row["id"], f"c:{oma.id}")
    assert hugo.my_absences[0]["stand_in"] == f"c:{oma.id}"
    assert "Oma Alfa" in hugo.my_absences[0]["text"]
    hugo.change_stand_in(row["id"], "c:999999")  # not a contact of this family
    assert hugo.absence_error != "" and hugo.my_absences[0]["stand_in"] == f"c:{oma.id}"
    world.session.commit()
    acting(login_as(world, "anna"))
    overview = await rx.State().get_state(OverviewState)
    overview.load_overview()
    said = overview.team_away[str(world.members["hugo"].id)]
    assert "Vervanger: Oma Alfa" in said
