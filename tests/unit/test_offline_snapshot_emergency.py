"""The offline card since issue 19: the "bij spoed" contacts with their numbers, and the
"meenemen" checklist (the open admission's ticks, else the plan's list), each with when
it last changed; still a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event
from sqlmodel import Session

from dossier.domain import admission
from dossier.domain.offline_snapshot import SNAPSHOT_VERSION, build_snapshot
from dossier.models import AdmissionItem, Contact, EmergencyPlanPart, utcnow
from tests.factories import World


def snap(world: World, name: str) -> dict:
    return build_snapshot(world.session, world.actor(name))


def contact(world: World, name: str, emergency: str = "call", **fields) -> Contact:
    row = Contact(
        family_id=world.alfa.id,
        name=name,
        emergency=emergency,
        phones=[{"label": "mobiel", "number": "+31612345678"}],
        **fields,
    )
    world.session.add(row)
    world.session.commit()
    return row


def test_the_version_says_the_new_parts_are_there(world: World) -> None:
    assert snap(world, "anna")["version"] == SNAPSHOT_VERSION == 2


def test_a_parent_gets_the_emergency_contacts_with_tel_links_and_their_update_time(
    world: World,
) -> None:
    contact(world, "Oma Joke", organisation="")
    contact(world, "Huisartsenpost", kind="gp_post")
    contact(world, "Zorgverzekeraar", emergency="not_for")
    contact(world, "Oude buurvrouw", removed_at=utcnow())
    data = snap(world, "anna")
    names = {c["name"] for c in data["emergency_contacts"]}
    assert {"Huisartsenpost", "Oma Joke"} <= names
    assert not names & {"Zorgverzekeraar", "Oude buurvrouw", "Praktijk Gerda", "Buurman Beta"}
    [first] = [c for c in data["emergency_contacts"] if c["name"] == "Oma Joke"]
    assert first["phones"] == [
        {
            "label": "mobiel",
            "number": "+31612345678",
            "shown": "+31612345678",
            "href": "tel:+31612345678",
        }
    ]
    assert datetime.fromisoformat(first["updated_at"].replace("Z", "+00:00")).tzinfo is not None


def test_a_caregiver_gets_the_emergency_contacts_a_sibling_none(world: World) -> None:
    contact(world, "Oma Joke")
    parents = [c["name"] for c in snap(world, "anna")["emergency_contacts"]]
    assert "Oma Joke" in parents
    assert [c["name"] for c in snap(world, "gerda")["emergency_contacts"]] == parents
    assert snap(world, "ben")["emergency_contacts"] == []


def test_without_a_plan_the_parents_get_the_default_checklist(world: World) -> None:
    checklist = snap(world, "anna")["checklist"]
    assert checklist["admission"] is False and checklist["updated_at"] is None
    assert checklist["items"][0] == {"label": "Medicatie en de medicatielijst", "done": False}
    assert snap(world, "gerda")["checklist"] is None  # the plan is not hers to read


def test_the_plans_bring_list_with_its_update_time(world: World) -> None:
    world.session.add(
        EmergencyPlanPart(
            family_id=world.alfa.id,
            key="bring",
            section="bring",
            content={"items": [{"label": "Medicatie"}, {"label": "Knuffel"}]},
        )
    )
    world.session.commit()
    checklist = snap(world, "hugo")["checklist"]
    assert [i["label"] for i in checklist["items"]] == ["Medicatie", "Knuffel"]
    assert checklist["updated_at"]


def test_while_an_admission_is_on_the_ticks_come_along(world: World) -> None:
    started = admission.start(world.session, world.actor("anna"))
    world.session.commit()
    item = admission.items_of(world.session, started.id)[1]
    admission.tick(world.session, world.actor("bram"), item_id=item.id, done=True)
    world.session.commit()
    checklist = snap(world, "anna")["checklist"]
    assert checklist["admission"] is True
    assert [i["done"] for i in checklist["items"]][:3] == [False, True, False]
    ticked = world.session.get(AdmissionItem, item.id).done_at
    assert checklist["updated_at"] == ticked.isoformat().replace("+00:00", "Z")
    assert snap(world, "gerda")["checklist"] is None  # the calm card, not the list


def _selects(db: Session, world: World) -> int:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.lstrip().split()[0].upper())

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        build_snapshot(db, world.actor("anna"))
        db.flush()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    db.rollback()
    return sum(s == "SELECT" for s in seen)


def test_the_queries_stay_the_same_with_more_contacts_and_items(world: World) -> None:
    s = world.session
    started = admission.start(s, world.actor("anna"), now=datetime.now(UTC) - timedelta(hours=1))
    contact(world, "Oma Joke")
    s.expire_all()
    small = _selects(s, world)
    for i in range(10):
        contact(world, f"Contact {i}")
        s.add(AdmissionItem(admission_id=started.id, family_id=world.alfa.id, label=f"Ding {i}"))
    s.commit()
    s.expire_all()
    assert _selects(s, world) == small
