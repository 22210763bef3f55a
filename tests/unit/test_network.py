"""The family's network: contacts, who sees which, input checks, versions, the log."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, func, select

from dossier.domain import pulse
from dossier.domain.access import unit_of_work
from dossier.domain.errors import Conflict, NotFound
from dossier.domain.network import (
    InvalidContact,
    add_contact,
    change_contact,
    contact_input,
    emergency_contacts,
    get_contact,
    list_contacts,
    normalise_phone,
    remove_contact,
    tel_href,
)
from dossier.models import AuditEvent, Contact, EmergencyUse
from dossier.permissions import Action, PermissionDenied
from tests.factories import World


def form(**values: object) -> dict[str, object]:
    return {"name": "Huisartsenpraktijk De Linde", "kind": "gp", **values}


def contact_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Contact)).one()


def names(contacts: list[Contact]) -> list[str]:
    return [c.name for c in contacts]


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("06-12345678", "+31612345678"),
        ("06 1234 5678", "+31612345678"),
        ("+31 6 12345678", "+31612345678"),
        ("+31 (0)6 12345678", "+31612345678"),
        ("0031 20 555 0123", "+31205550123"),
        ("020-5550123", "+31205550123"),
        ("0800-1234", "+318001234"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_dutch_numbers_as_people_type_them_become_one_tel_number(typed: str, number: str) -> None:
    assert normalise_phone(typed) == number
    assert tel_href(number) == f"tel:{number}"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("112", "network.error.phone_emergency"),
        ("1-1-2", "network.error.phone_emergency"),
        ("12345", "network.error.phone_invalid"),
        ("06-1234abcd", "network.error.phone_invalid"),
        ("612345678", "network.error.phone_invalid"),
        ("+3", "network.error.phone_invalid"),
    ],
)
def test_112_and_wrong_numbers_are_refused_with_a_clear_message(typed: str, key: str) -> None:
    with pytest.raises(ValueError, match=key):
        normalise_phone(typed)


def test_a_form_keeps_the_typed_number_for_display_and_the_normalised_one_for_calling() -> None:
    data = contact_input(form(phones=[{"label": "praktijk", "number": " 020 - 555 0123 "}]))
    assert data.phones == [
        {"label": "praktijk", "number": "+31205550123", "typed": "020 - 555 0123"}
    ]


def test_every_wrong_field_is_named_at_once() -> None:
    raw = {
        "name": " ",
        "kind": "wizard",
        "email": "oma@",
        "phones": [{"number": "112"}],
        "reach_hours": [{"days": [0], "from": "17:00", "to": "08:30"}],
        "emergency": "maybe",
        "member": "x",
    }
    with pytest.raises(InvalidContact) as problem:
        contact_input(raw)
    assert problem.value.errors == {
        "name": "network.error.name_required",
        "kind": "network.error.kind",
        "phones": "network.error.phone_emergency",
        "email": "network.error.email",
        "reach_hours": "network.error.hours_order",
        "emergency": "network.error.emergency",
        "membership_id": "network.error.member",
    }


@pytest.mark.parametrize(
    ("hours", "key"),
    [
        ([{"days": [], "from": "08:00", "to": "12:00"}], "network.error.hours_days"),
        ([{"days": [7], "from": "08:00", "to": "12:00"}], "network.error.hours_days"),
        ([{"days": [1], "from": "8", "to": "12:00"}], "network.error.hours_time"),
        ([{"days": [1], "from": "09:00", "to": "09:00"}], "network.error.hours_order"),
    ],
)
def test_reach_hours_need_days_and_a_from_before_a_to(hours: list, key: str) -> None:
    with pytest.raises(InvalidContact) as problem:
        contact_input(form(reach_hours=hours))
    assert problem.value.errors == {"reach_hours": key}


def test_reach_hours_are_tidied_and_an_empty_row_is_left_out() -> None:
    data = contact_input(
        form(reach_hours=[{"days": [4, 0, "2"], "from": "8:30", "to": "17:00"}, {"days": []}])
    )
    assert data.reach_hours == [{"days": [0, 2, 4], "from": "08:30", "to": "17:00"}]


def test_a_parent_adds_the_gp_with_an_audit_row_and_a_pulse(world: World) -> None:
    anna = world.actor("anna")
    before = pulse.current(world.session, world.alfa.id)
    contact = add_contact(
        world.session, anna, form(phones=[{"label": "", "number": "0201234567"}], email="a@b.nl")
    )
    world.session.commit()
    assert (contact.family_id, contact.created_by_id) == (world.alfa.id, anna.membership_id)
    assert contact.phones[0]["number"] == "+31201234567"
    assert pulse.current(world.session, world.alfa.id) == before + 1
    actions = world.session.exec(
        select(AuditEvent.action).where(AuditEvent.object_id == contact.id)
    ).all()
    assert "network.add" in actions


def test_bad_input_writes_nothing(world: World) -> None:
    anna = world.actor("anna")
    world.session.commit()
    before = contact_count(world.session)
    with pytest.raises(InvalidContact), unit_of_work() as session:
        add_contact(session, anna, form(email="nee"))
    assert contact_count(world.session) == before


def test_a_contact_links_only_to_an_active_member_of_the_same_family(world: World) -> None:
    anna = world.actor("anna")
    dora = world.members["dora"]
    with pytest.raises(InvalidContact) as problem:
        add_contact(world.session, anna, form(member=str(dora.id)))
    assert problem.value.errors == {"membership_id": "network.error.member"}
    gerda = world.members["gerda"]
    contact = add_contact(world.session, anna, form(member=str(gerda.id)))
    assert contact.membership_id == gerda.id


@pytest.mark.parametrize("name", ["ben", "cleo", "gerda"])
def test_siblings_the_ill_child_and_caregivers_cannot_add(world: World, name: str) -> None:
    actor = world.actor(name)
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        add_contact(session, actor, form())
    denied = world.session.exec(
        select(AuditEvent).where(
            AuditEvent.user_id == world.users[name].id, AuditEvent.outcome == "denied"
        )
    ).all()
    assert [row.action for row in denied] == [Action.NETWORK_EDIT]


def test_bij_spoed_comes_first_and_removed_contacts_are_gone(world: World) -> None:
    anna = world.actor("anna")
    assert names(list_contacts(world.session, anna)) == [
        "Oma Alfa",
        "Praktijk Gerda",
        "Apotheek Alfa",
    ]
    apotheek = world.contacts["apotheek"]
    remove_contact(world.session, anna, contact_id=apotheek.id, expected_version=apotheek.version)
    assert names(list_contacts(world.session, anna)) == ["Oma Alfa", "Praktijk Gerda"]
    with pytest.raises(NotFound):
        get_contact(world.session, anna, apotheek.id, Action.NETWORK_VIEW)
    assert world.session.get(Contact, apotheek.id).removed_at is not None  # the row stays


def test_a_caregiver_sees_the_emergency_contacts_and_her_own(world: World) -> None:
    gerda = world.actor("gerda")
    assert names(list_contacts(world.session, gerda)) == ["Oma Alfa", "Praktijk Gerda"]


def test_the_ill_child_sees_only_the_emergency_contacts(world: World) -> None:
    assert names(list_contacts(world.session, world.actor("cleo"))) == ["Oma Alfa"]


def test_a_sibling_may_not_read_the_network_and_it_is_logged(world: World) -> None:
    ben = world.actor("ben")
    world.session.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        list_contacts(session, ben)


def test_another_familys_contact_is_answered_as_not_found(world: World) -> None:
    anna = world.actor("anna")
    world.session.commit()
    with pytest.raises(NotFound), unit_of_work() as session:
        get_contact(session, anna, world.contacts["beta"].id, Action.NETWORK_VIEW)


def test_emergency_contacts_are_only_the_bij_spoed_ones_with_one_log_row(world: World) -> None:
    anna = world.actor("anna")
    world.session.commit()
    second = add_contact(world.session, anna, form(name="Buurvrouw Els", emergency="call"))
    world.session.commit()
    before = world.session.exec(select(func.count()).select_from(AuditEvent)).one()
    shown = emergency_contacts(world.session, anna)
    world.session.commit()
    assert names(shown) == ["Buurvrouw Els", "Oma Alfa"]  # by kind: the GP before family
    assert all(c.emergency == EmergencyUse.CALL for c in shown)
    after = world.session.exec(select(func.count()).select_from(AuditEvent)).one()
    assert after == before + 1
    assert second.id in [c.id for c in shown]


def test_a_change_returns_what_changed_and_a_stale_save_is_refused(world: World) -> None:
    anna, hugo = world.actor("anna"), world.actor("hugo")
    oma = world.contacts["oma"]
    changed = change_contact(
        world.session,
        hugo,
        contact_id=oma.id,
        expected_version=1,
        data=form(name="Oma Alfa", kind="family", emergency="call", note="Sleutel onder de mat"),
    )
    assert set(changed) == {"note", "phones"}
    assert oma.version == 2
    with pytest.raises(Conflict):
        change_contact(
            world.session, anna, contact_id=oma.id, expected_version=1, data=form(name="Oma")
        )
    assert world.session.get(Contact, oma.id).name == "Oma Alfa"


def test_saving_without_changes_keeps_the_version(world: World) -> None:
    apotheek = world.contacts["apotheek"]
    same = {"name": "Apotheek Alfa", "kind": "pharmacy"}
    changed = change_contact(
        world.session, world.actor("anna"), contact_id=apotheek.id, expected_version=1, data=same
    )
    assert changed == []
    assert apotheek.version == 1


def test_a_stale_remove_is_refused(world: World) -> None:
    apotheek = world.contacts["apotheek"]
    with pytest.raises(Conflict):
        remove_contact(
            world.session, world.actor("anna"), contact_id=apotheek.id, expected_version=7
        )
    assert world.session.get(Contact, apotheek.id).removed_at is None


def test_the_log_never_holds_a_phone_number(world: World) -> None:
    oma = world.contacts["oma"]
    change_contact(
        world.session,
        world.actor("anna"),
        contact_id=oma.id,
        expected_version=1,
        data=form(name="Oma Alfa", kind="family", phones=[{"number": "0687654321"}]),
    )
    world.session.commit()
    details = world.session.exec(
        select(AuditEvent.detail).where(col(AuditEvent.action).like("network.%"))
    ).all()
    assert details and not any("0687654321" in d or "87654321" in d for d in details)


def test_linking_a_contact_to_a_member_updates_whom_the_plan_names(world: World) -> None:
    from dossier.models import EmergencyPlanPart

    apotheek = world.contacts["apotheek"]
    part = EmergencyPlanPart(
        family_id=world.alfa.id,
        key="inform",
        section="inform",
        content={"contacts": [apotheek.id], "words": ""},
    )
    world.session.add(part)
    world.session.flush()
    gerda = world.members["gerda"]
    change_contact(
        world.session,
        world.actor("anna"),
        contact_id=apotheek.id,
        expected_version=1,
        data=form(name="Apotheek Alfa", kind="pharmacy", member=str(gerda.id)),
    )
    assert part.named_ids == [gerda.id]  # gerda may now read the part that names her
    remove_contact(world.session, world.actor("anna"), contact_id=apotheek.id, expected_version=2)
    assert part.named_ids == []


def test_the_demo_network_of_de_vries_is_realistic_and_says_femke_is_away_soon(
    db: Session, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    from dossier.clock import local_today
    from dossier.demo import ensure_demo
    from dossier.domain import passwords
    from dossier.domain.access import actor_for
    from dossier.domain.reachability import absence_sentence, reach_line, team_reachability
    from dossier.models import Family, Membership, User

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024))
    today = local_today()
    ensure_demo(db, accounts_file=tmp_path / "accounts.json", today=today)
    db.commit()
    family = db.exec(select(Family).where(Family.name == "Gezin De Vries")).one()
    anna = db.exec(
        select(Membership)
        .join(User, col(User.id) == Membership.user_id)
        .where(Membership.family_id == family.id, User.name == "Anna de Vries")
    ).one()
    actor = actor_for(db, user_id=anna.user_id, family_id=family.id)
    contacts = list_contacts(db, actor)
    kinds = {c.kind for c in contacts}
    assert {"care_team", "gp", "gp_post", "pharmacy", "home_care", "school"} <= kinds
    assert {"childrens_home", "municipality", "insurer", "family"} <= kinds
    gp = next(c for c in contacts if c.kind == "gp")
    assert gp.membership_id is not None  # the GP who uses the app
    assert all(tel_href(p["number"]).startswith("tel:+31") for c in contacts for p in c.phones)
    assert "Oma Ria" in names(emergency_contacts(db, actor))
    team = {r.name: r for r in team_reachability(db, actor, today=today)}
    assert reach_line(team["Sanne Jansen"].hours, "nl") == (
        "Niet voor spoed · bereikbaar ma-vr 8.30-17.00"
    )
    [away] = team["Femke Bos"].away
    sentence = absence_sentence("Femke", away.absence, away.stand_in, "nl", today=today)
    assert sentence.startswith("Femke is afwezig van ")
    assert sentence.endswith("Vervanger: Sanne Jansen.")
