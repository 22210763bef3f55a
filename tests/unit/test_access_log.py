"""Wie heeft wat bekeken: parents read their own family's log, filtered, in plain words."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, select

from dossier import audit
from dossier.domain.access import unit_of_work
from dossier.domain.audit_log import LogEntry, access_log, log_people
from dossier.domain.errors import InvalidInput
from dossier.domain.tasks import list_tasks
from dossier.i18n import catalogue
from dossier.models import AuditEvent, Membership, MembershipStatus
from dossier.permissions import Action, PermissionDenied
from dossier.presenters.access_log import access_log_row, person_option, sentence
from tests.factories import World

ROOT = Path(__file__).resolve().parents[2]


def actions(entries: list[LogEntry]) -> list[tuple[str, str]]:
    return [(e.name, e.action) for e in entries]


def add_row(db: Session, world: World, who: str, at: datetime, action: str = "family.view") -> None:
    db.add(
        AuditEvent(
            at=at,
            user_id=world.users[who].id,
            family_id=world.alfa.id,
            role="cm_home",
            action=action,
            outcome="allowed",
        )
    )


def test_parents_see_their_own_family_s_log_only(world: World, db: Session) -> None:
    list_tasks(db, world.actor("hugo"))
    list_tasks(db, world.actor("dora", world.beta))
    list_tasks(db, world.actor("hanna", world.beta))  # same person, the other family
    entries = access_log(db, world.actor("anna"))
    assert actions(entries) == [("Hugo", "task.view.list")]
    beta = access_log(db, world.actor("dora", world.beta))
    assert {name for name, _ in actions(beta)} == {"Dora", "Hanna"}


def test_newest_first_and_reading_the_log_is_logged(world: World, db: Session) -> None:
    list_tasks(db, world.actor("hugo"))
    list_tasks(db, world.actor("gerda"))
    db.commit()
    assert actions(access_log(db, world.actor("anna"))) == [
        ("Gerda", "task.view.list"),
        ("Hugo", "task.view.list"),
    ]
    (read,) = db.exec(select(AuditEvent).where(AuditEvent.action == "audit.view.list")).all()
    assert (read.user_id, read.family_id, read.role) == (
        world.users["anna"].id,
        world.alfa.id,
        "parent",
    )
    assert read.detail == "2 rows"
    # The next read shows the first one.
    assert actions(access_log(db, world.actor("bram")))[0] == ("Anna", "audit.view.list")
    assert audit.verify_chain(db) is None


def test_filter_by_person(world: World, db: Session) -> None:
    list_tasks(db, world.actor("hugo"))
    list_tasks(db, world.actor("gerda"))
    hugo = world.users["hugo"].id
    entries = access_log(db, world.actor("anna"), member_user_id=hugo)
    assert actions(entries) == [("Hugo", "task.view.list")]
    read = db.exec(select(AuditEvent).where(AuditEvent.action == "audit.view.list")).one()
    assert read.detail == f"1 rows; user={hugo}"
    # A person of another family is just a filter that finds nothing here.
    dora = world.users["dora"].id
    list_tasks(db, world.actor("dora", world.beta))
    assert access_log(db, world.actor("anna"), member_user_id=dora) == []


def test_filter_by_period_counts_whole_days_in_amsterdam(world: World, db: Session) -> None:
    add_row(db, world, "hugo", datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    add_row(db, world, "hugo", datetime(2026, 3, 10, 23, 30, tzinfo=UTC))  # 11 March 00:30 NL
    add_row(db, world, "hugo", datetime(2026, 3, 11, 22, 59, tzinfo=UTC))  # 11 March 23:59 NL
    add_row(db, world, "hugo", datetime(2026, 3, 11, 23, 0, tzinfo=UTC))  # 12 March 00:00 NL
    anna = world.actor("anna")

    def days(since: date | None, until: date | None) -> list[datetime]:
        return [e.at for e in access_log(db, anna, since=since, until=until) if e.name == "Hugo"]

    march_11 = date(2026, 3, 11)
    assert days(march_11, march_11) == [
        datetime(2026, 3, 11, 22, 59, tzinfo=UTC),
        datetime(2026, 3, 10, 23, 30, tzinfo=UTC),
    ]
    assert len(days(None, date(2026, 3, 10))) == 1
    assert len(days(date(2026, 3, 12), None)) == 1
    assert len(days(None, None)) == 4
    with pytest.raises(InvalidInput):
        access_log(db, anna, since=date(2026, 3, 12), until=march_11)
    # Far-off dates do not crash the conversion to UTC.
    assert len(days(date(1, 1, 1), date(9999, 12, 31))) == 4


def test_the_limit_keeps_the_newest_rows(world: World, db: Session) -> None:
    for day in range(1, 6):
        add_row(db, world, "hugo", datetime(2026, 3, day, 12, 0, tzinfo=UTC))
    entries = access_log(db, world.actor("anna"), limit=2)
    assert [e.at.day for e in entries] == [5, 4]


@pytest.mark.parametrize("name", ["hanna", "hugo", "gerda", "ben", "cleo"])
def test_non_parents_are_refused_and_the_refusal_is_logged(
    world: World, db: Session, name: str
) -> None:
    actor = world.actor(name)
    db.commit()
    with pytest.raises(PermissionDenied), unit_of_work() as session:
        access_log(session, actor)
    with pytest.raises(PermissionDenied):
        log_people(db, actor)
    db.expire_all()
    (denied,) = db.exec(select(AuditEvent)).all()
    assert (denied.user_id, denied.family_id, denied.action, denied.outcome) == (
        world.users[name].id,
        world.alfa.id,
        "audit.view",
        "denied",
    )


def test_people_to_filter_on(world: World, db: Session) -> None:
    ended = db.get(Membership, world.members["gerda"].id)
    ended.status = MembershipStatus.REVOKED
    db.add(ended)
    add_row(db, world, "olga", datetime(2026, 3, 1, tzinfo=UTC))  # never a member
    db.commit()
    people = log_people(db, world.actor("anna"))
    names = [p.name for p in people]
    assert names == sorted(names)
    assert {"Anna", "Bram", "Ben", "Cleo", "Hanna", "Hugo", "Gerda", "Olga"} == set(names)
    assert "Dora" not in names
    by_name = {p.name: p for p in people}
    assert by_name["Olga"].role == ""
    assert person_option(by_name["Hugo"], "nl")["label"] == "Hugo (casemanager thuis)"
    assert person_option(by_name["Olga"], "en")["label"] == "Olga"
    assert person_option(by_name["Hugo"], "nl")["value"] == str(world.users["hugo"].id)


def entry(**fields: object) -> LogEntry:
    values = {
        "id": 1,
        "at": datetime(2026, 11, 22, 23, 30, tzinfo=UTC),
        "user_id": 5,
        "name": "Femke Bos",
        "role": "cm_home",
        "organisation": "",
        "action": "task.view.list",
        "object_type": "",
        "outcome": "allowed",
    }
    return LogEntry(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "nl", "en"),
    [
        (
            {},
            "Femke Bos (casemanager thuis) bekeek de takenlijst",
            "Femke Bos (case manager for daily life) looked at the task list",
        ),
        (
            {"organisation": "Thuiszorg Noord", "action": "task.view", "object_type": "task"},
            "Femke Bos (casemanager thuis, Thuiszorg Noord) zag een taak",
            "Femke Bos (case manager for daily life, Thuiszorg Noord) looked at a task",
        ),
        (
            {"action": "task.edit", "outcome": "denied", "role": "caregiver"},
            "Femke Bos (zorgverlener) probeerde een taak te veranderen",
            "Femke Bos (care provider) tried to change a task",
        ),
        (
            {"action": "audit.view", "outcome": "denied", "role": "sibling", "name": "Ben"},
            "Ben (broer of zus) probeerde te bekijken wie wat heeft bekeken",
            "Ben (brother or sister) tried to look at who looked at what",
        ),
        (
            {"action": "login.password", "outcome": "failed", "role": "", "name": ""},
            "Iemand probeerde in te loggen, maar dat lukte niet",
            "Someone tried to sign in, but it did not work",
        ),
        (
            {"action": "membership.remove", "role": "parent", "name": "Anna"},
            "Anna (ouder) haalde iemand uit het gezinsdossier",
            "Anna (parent) removed someone from the family dossier",
        ),
        (
            {"action": "photo.delete", "role": "parent", "name": "Anna"},
            "Anna (ouder) haalde iets weg uit het dossier",
            "Anna (parent) removed something from the dossier",
        ),
        (
            {"action": "photo.delete", "outcome": "denied", "role": "parent", "name": "Anna"},
            "Anna (ouder) probeerde iets weg te halen uit het dossier",
            "Anna (parent) tried to remove something from the dossier",
        ),
        (
            {"action": "something", "role": "parent", "name": "Anna"},
            "Anna (ouder) deed iets in het dossier",
            "Anna (parent) did something in the dossier",
        ),
    ],
)
def test_sentences_in_plain_dutch_and_english(fields: dict, nl: str, en: str) -> None:
    assert sentence(entry(**fields), "nl") == nl
    assert sentence(entry(**fields), "en") == en


def test_a_row_has_amsterdam_time_and_a_badge_only_when_refused() -> None:
    row = access_log_row(entry(), "nl", today=date(2026, 11, 30))
    assert row["when"] == "ma 23 nov 00:30"  # 23:30 UTC is after midnight in Amsterdam
    assert row["iso"] == "2026-11-23T00:30+01:00"
    assert (row["denied"], row["badge"]) == (False, "")
    refused = access_log_row(entry(outcome="denied"), "nl", today=date(2026, 11, 23))
    assert refused["when"] == "Vandaag 00:30"
    assert (refused["denied"], refused["badge"]) == (True, "Geweigerd")
    failed = access_log_row(entry(outcome="failed"), "en", today=date(2027, 1, 5))
    assert failed["when"] == "Mon 23 Nov 2026 00:30"
    assert failed["badge"] == "Failed"


def test_sentences_never_show_content(world: World, db: Session) -> None:
    task = world.tasks["for_gerda"]  # title "Recept"
    audit.record(db, world.actor("gerda"), "task.view", object_type="task", object_id=task.id)
    (shown,) = [e for e in access_log(db, world.actor("anna")) if e.action == "task.view"]
    text = sentence(shown, "nl")
    assert text == "Gerda (zorgverlener) zag een taak"
    assert "Recept" not in text
    assert str(task.id) not in text


def actions_in_code() -> set[str]:
    """Every action code the app writes: the gate's actions (and their list reads) and
    the literal codes passed to audit.record."""
    codes = {str(a) for a in Action} | {f"{a}.list" for a in Action if a.endswith(".view")}
    literal = re.compile(r"audit\.record\(\s*[^,]+,\s*[^,]+,\s*\"([a-z_.]+)\"")
    for path in ROOT.joinpath("dossier").rglob("*.py"):
        codes |= set(literal.findall(path.read_text()))
    return codes


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_action_in_the_code_has_its_own_words(lang: str) -> None:
    codes = actions_in_code()
    assert {"login.password", "invitation.create", "task.view.list"} <= codes
    texts = catalogue(lang)
    missing = {
        code
        for code in codes
        if f"audit.action.{code}" not in texts or f"audit.attempt.{code}" not in texts
    }
    assert missing == set()
