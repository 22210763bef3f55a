"""The case manager's caseload: which families, what counts, in which order, how many queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event
from sqlmodel import Session, func, select

from dossier.clock import local_today
from dossier.domain.appointments import create_appointment
from dossier.domain.caseload import caseload, filter_cards
from dossier.models import (
    AuditEvent,
    CheckinSignal,
    Family,
    Membership,
    MembershipStatus,
    Role,
    SignalKind,
    Task,
    User,
)
from tests.factories import World

TODAY = local_today()  # the app's day (Amsterdam), as the factories use


def signal(world: World, family: Family, **flags: bool) -> CheckinSignal:
    row = CheckinSignal(
        family_id=family.id,
        sibling_id=world.members["ben"].id,
        kind=SignalKind.WANTS_TO_TALK,
        checkin_id=world.checkins["private"].id,
        **flags,
    )
    world.session.add(row)
    world.session.commit()
    return row


def by_name(cards):
    return {c.name: c for c in cards}


def test_only_families_where_the_user_is_an_active_case_manager(world: World) -> None:
    assert [c.name for c in caseload(world.session, world.users["hanna"].id, today=TODAY)] == [
        "Gezin Alfa",
        "Gezin Beta",
    ]
    assert [c.name for c in caseload(world.session, world.users["hugo"].id, today=TODAY)] == [
        "Gezin Alfa"
    ]
    for name in ("anna", "gerda", "ben", "dora", "olga"):
        assert caseload(world.session, world.users[name].id, today=TODAY) == []


def test_counts_per_family_and_the_other_case_manager(world: World) -> None:
    cards = by_name(caseload(world.session, world.users["hanna"].id, today=TODAY))
    alfa, beta = cards["Gezin Alfa"], cards["Gezin Beta"]
    assert alfa.overdue_tasks == 1 and alfa.top_tasks == ["PGB"]
    assert alfa.agreements_due == 2  # both proposed, neither confirmed yet
    assert alfa.appointments_soon == 1
    assert alfa.other_case_managers == ["Hugo"]
    assert alfa.role == "cm_hospital"
    assert beta.overdue_tasks == 0 and beta.agreements_due == 0 and beta.appointments_soon == 0
    assert beta.other_case_managers == []
    assert not beta.needs_attention and alfa.needs_attention


def test_every_family_read_is_logged_for_that_family(world: World) -> None:
    before = world.session.exec(select(func.count()).select_from(AuditEvent)).one()
    caseload(world.session, world.users["hanna"].id, today=TODAY)
    world.session.commit()
    rows = world.session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()[before:]
    # One row per family for its whole card, with counts only (never titles).
    assert sorted((r.family_id, r.action) for r in rows) == sorted(
        [(world.alfa.id, "caseload.view"), (world.beta.id, "caseload.view")]
    )
    assert all(r.user_id == world.users["hanna"].id for r in rows)
    alfa_row = next(r for r in rows if r.family_id == world.alfa.id)
    assert alfa_row.detail.startswith("tasks ")
    assert "Recept" not in alfa_row.detail


def test_sibling_signals_only_when_shared_with_that_role(world: World) -> None:
    signal(world, world.alfa, share_cm_home=True)
    signal(world, world.alfa, share_parents=True)
    hanna = by_name(caseload(world.session, world.users["hanna"].id, today=TODAY))
    hugo = by_name(caseload(world.session, world.users["hugo"].id, today=TODAY))
    assert hanna["Gezin Alfa"].open_signals == 0
    assert hugo["Gezin Alfa"].open_signals == 1
    signal(world, world.alfa, share_cm_hospital=True)
    hanna = by_name(caseload(world.session, world.users["hanna"].id, today=TODAY))
    assert hanna["Gezin Alfa"].open_signals == 1
    assert [c.name for c in filter_cards(list(hanna.values()), "signals")] == ["Gezin Alfa"]


def test_sorting_signals_first_then_overdue(world: World) -> None:
    # Beta gets a signal for the hospital case manager: it goes before Alfa's late task.
    signal(world, world.beta, share_cm_hospital=True)
    cards = caseload(world.session, world.users["hanna"].id, today=TODAY)
    assert [c.name for c in cards] == ["Gezin Beta", "Gezin Alfa"]
    assert [c.name for c in filter_cards(cards, "attention")] == ["Gezin Beta", "Gezin Alfa"]
    assert len(filter_cards(cards, "all")) == 2


def test_longest_since_contact_first_when_nothing_else_differs(world: World) -> None:
    hanna = world.users["hanna"]
    for family, days in ((world.alfa, 2), (world.beta, 9)):
        world.session.add(
            AuditEvent(
                user_id=hanna.id,
                family_id=family.id,
                action="task.create",
                outcome="allowed",
                at=datetime.now(UTC) - timedelta(days=days),
            )
        )
    # Reads are not contact.
    world.session.add(
        AuditEvent(user_id=hanna.id, family_id=world.beta.id, action="task.view", outcome="allowed")
    )
    # Alfa's urgent items out of the way, so only the contact differs.
    for task in world.session.exec(select(Task)).all():
        world.session.delete(task)
    world.session.commit()
    cards = caseload(world.session, hanna.id, today=TODAY)
    days = {c.name: c.days_since_contact for c in cards}
    assert days == {"Gezin Alfa": 2, "Gezin Beta": 9}


def test_a_removed_membership_drops_the_family(world: World) -> None:
    membership = world.members["hanna@beta"]
    membership.status = MembershipStatus.REVOKED
    world.session.add(membership)
    world.session.commit()
    assert [c.name for c in caseload(world.session, world.users["hanna"].id, today=TODAY)] == [
        "Gezin Alfa"
    ]


def _more_families(db: Session, user: User, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        family = Family(name=f"Gezin {n:02}", child_name="Kind")
        db.add(family)
        db.flush()
        db.add(Membership(family_id=family.id, user_id=user.id, role=Role.CM_HOME))
        other = User(email=f"cm{n}@test.nl", name=f"Collega {n}")
        db.add(other)
        db.flush()
        db.add(Membership(family_id=family.id, user_id=other.id, role=Role.CM_HOSPITAL))
        db.add(Task(family_id=family.id, title="Bellen", domain="care", due_on=date(2020, 1, 1)))
    db.commit()


def _statements(db: Session, user_id: int) -> tuple[int, int]:
    """(selects, all statements) for one caseload read, flushed as a request would."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement.lstrip().split()[0].upper())

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        caseload(db, user_id, today=TODAY)
        db.flush()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    db.rollback()
    return sum(s == "SELECT" for s in seen), len(seen)


def test_number_of_queries_does_not_grow_with_families(world: World) -> None:
    olga = world.users["olga"]
    _more_families(world.session, olga, 1)
    one = _statements(world.session, olga.id)
    _more_families(world.session, olga, 4, start=1)  # five in all
    five = _statements(world.session, olga.id)
    assert len(caseload(world.session, olga.id, today=TODAY)) == 5
    world.session.rollback()
    print(f"caseload statements: 1 family {one}, 5 families {five} (selects, all)")
    assert one[0] == five[0]  # the reads do not grow with the families
    assert five[1] - one[1] <= 4 * 5 + 4  # only the access-log rows (five per family) grow


def test_a_case_manager_who_adds_an_appointment_has_had_contact_today(world: World) -> None:
    from tests.unit.test_appointments import form

    hanna = world.users["hanna"]
    create_appointment(world.session, world.actor("hanna"), form(title="MDO voorbereiden"))
    world.session.commit()
    cards = {c.name: c for c in caseload(world.session, hanna.id, today=date.today())}
    assert cards["Gezin Alfa"].days_since_contact == 0
    assert cards["Gezin Beta"].days_since_contact is None
