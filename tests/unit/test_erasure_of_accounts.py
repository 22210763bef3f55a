"""An account erased on request: nothing of the person stays but a tombstone that the
family's history reads as "oud-lid"; the access log keeps its rows without content."""

from __future__ import annotations

from sqlmodel import select

from dossier.domain import sessions
from dossier.domain.audit_log import access_log, log_people
from dossier.domain.checkin_links import create_link
from dossier.domain.erasure import display_name, erase_account
from dossier.domain.leaving import leave_family
from dossier.domain.tasks import set_done, task_with_history
from dossier.models import (
    AuditEvent,
    CalendarFeed,
    CheckinLink,
    Notification,
    NotificationSettings,
    PushDelivery,
    PushSubscription,
    User,
    UserSession,
)
from dossier.notify.outbox import notify
from dossier.presenters.access_log import person_option, who
from tests.factories import World


def _give_gerda_everything(world: World) -> None:
    s, gerda = world.session, world.users["gerda"]
    gerda.password_hash = "argon2-hash"
    gerda.oidc_issuer, gerda.oidc_subject = "https://login.example", "sub-123"
    sessions.start_session(s, user_id=gerda.id, family_id=world.alfa.id, ip="192.0.2.1")
    device = PushSubscription(
        user_id=gerda.id, endpoint="https://push.example/gerda", p256dh="k", auth="a"
    )
    s.add(device)
    s.add(NotificationSettings(user_id=gerda.id, channels={}))
    s.add(CalendarFeed(membership_id=world.members["gerda"].id, token_hash="f" * 64))
    world.members["gerda"].phone = "06 1111 2222"
    s.flush()
    note = notify(
        s, recipient_user_id=gerda.id, kind="task.assigned", category="tasks", dedupe_key="g1"
    )
    assert note is not None
    assert s.exec(select(PushDelivery)).all()  # a push waits for her device


def test_erasing_an_account_removes_everything_personal(world: World) -> None:
    _give_gerda_everything(world)
    s, gerda = world.session, world.users["gerda"]
    assert erase_account(s, gerda.id) is True
    s.refresh(gerda)
    assert gerda.name == "oud-lid" and gerda.erased_at is not None
    assert (gerda.email, gerda.password_hash, gerda.birth_date) == (None, None, None)
    assert (gerda.oidc_issuer, gerda.oidc_subject) == (None, None)
    for table, column in (
        (UserSession, UserSession.user_id),
        (PushSubscription, PushSubscription.user_id),
        (NotificationSettings, NotificationSettings.user_id),
        (Notification, Notification.recipient_user_id),
    ):
        assert s.exec(select(table).where(column == gerda.id)).all() == [], table
    assert s.exec(select(PushDelivery)).all() == []
    assert s.exec(select(CalendarFeed)).all() == []
    s.refresh(world.members["gerda"])
    assert world.members["gerda"].phone == ""


def test_erasing_twice_does_nothing_more(world: World) -> None:
    gerda = world.users["gerda"]
    assert erase_account(world.session, gerda.id) is True
    assert erase_account(world.session, gerda.id) is False
    assert erase_account(world.session, 999_999) is False


def test_a_siblings_personal_link_goes_with_the_account(world: World) -> None:
    s = world.session
    create_link(s, world.actor("anna"), sibling_id=world.members["ben"].id)
    leave_family(s, world.actor("ben"), erase=True)
    assert s.exec(select(CheckinLink)).all() == []
    assert (
        s.exec(select(UserSession).where(UserSession.user_id == world.users["ben"].id)).all() == []
    )


def test_the_task_history_names_an_erased_person_oud_lid(world: World) -> None:
    s = world.session
    task = world.tasks["for_gerda"]
    set_done(s, world.actor("gerda"), task_id=task.id, expected_version=task.version, done=True)
    leave_family(s, world.actor("gerda"), erase=True)
    _, history = task_with_history(s, world.actor("anna"), task.id)
    assert history[0].kind == "completed" and history[0].name == "oud-lid"


def test_the_access_log_keeps_its_rows_and_shows_oud_lid(world: World) -> None:
    s = world.session
    gerda_id = world.users["gerda"].id
    leave_family(s, world.actor("gerda"), erase=True)
    s.commit()
    rows = s.exec(select(AuditEvent).where(AuditEvent.user_id == gerda_id)).all()
    assert any(row.action == "membership.leave" for row in rows)
    entries = access_log(s, world.actor("anna"), member_user_id=gerda_id)
    assert entries and {entry.name for entry in entries} == {"oud-lid"}
    assert who(entries[0].name, "", "", "en") == "former member"
    assert who(entries[0].name, "", "", "nl") == "oud-lid"
    people = {p.user_id: p for p in log_people(s, world.actor("anna"))}
    assert person_option(people[gerda_id], "en")["label"].startswith("former member")


def test_only_the_erased_name_reads_as_former_member() -> None:
    assert display_name("Gerda", "en") == "Gerda"
    assert display_name("oud-lid", "en") == "former member"
    assert display_name("oud-lid", "nl") == "oud-lid"


def test_an_erased_email_can_be_used_again_by_someone_new(world: World) -> None:
    erase_account(world.session, world.users["gerda"].id)
    world.session.add(User(email="gerda@test.nl", name="Nieuwe Gerda"))
    world.session.flush()


def test_erasing_a_case_managers_account_removes_her_hours_absences_and_stand_ins(
    world: World,
) -> None:
    from datetime import date

    from dossier.models import Absence, AbsenceStandIn, WorkingHours

    s, hugo = world.session, world.users["hugo"]
    s.add(WorkingHours(user_id=hugo.id, hours=[{"days": [0], "from": "09:00", "to": "17:00"}]))
    away = Absence(user_id=hugo.id, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8))
    s.add(away)
    s.flush()
    s.add(
        AbsenceStandIn(
            absence_id=away.id, family_id=world.alfa.id, membership_id=world.members["hanna"].id
        )
    )
    s.flush()
    assert erase_account(s, hugo.id) is True
    for table in (WorkingHours, Absence, AbsenceStandIn):
        assert s.exec(select(table)).all() == [], table


def test_the_ill_childs_own_page_goes_with_her_account(world: World) -> None:
    from dossier.models import ChildPage

    s, cleo = world.session, world.members["cleo"]
    s.add(ChildPage(family_id=world.alfa.id, created_by_id=cleo.id, content={"likes": "tekenen"}))
    s.commit()
    erase_account(s, world.users["cleo"].id)
    assert s.exec(select(ChildPage)).all() == []
