"""The demo families' networks, the case managers' working hours and one absence.

Fictional but well-formed numbers (06-1234 56xx, 020-5550xxx): nobody real is called
from the demo. Written right after a family's members (dossier/demo/write.py).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from dossier.domain.network import normalise_phone
from dossier.models import (
    Absence,
    AbsenceStandIn,
    Contact,
    ContactKind,
    EmergencyUse,
    Membership,
    WorkingHours,
)

WEEKDAYS = [0, 1, 2, 3, 4]
CALL, NOT_FOR = EmergencyUse.CALL, EmergencyUse.NOT_FOR

# (name, organisation, kind, [(label, number)], e-mail, hours, reach note, emergency, member)
Row = tuple[str, str, ContactKind, list[tuple[str, str]], str, list[dict], str, str, str | None]


def _hours(days: list[int], start: str, end: str) -> list[dict]:
    return [{"days": days, "from": start, "to": end}]


DE_VRIES: list[Row] = [
    (
        "Kinder Comfort Team",
        "Prinses Máxima Centrum",
        ContactKind.CARE_TEAM,
        [("secretariaat", "088-9725000"), ("afdeling, dag en nacht", "088-9725010")],
        "kct@example.org",
        _hours(WEEKDAYS, "08:30", "17:00"),
        "Buiten kantoortijd: bel de afdeling.",
        CALL,
        None,
    ),
    (
        "Dr. Karin Visser",
        "Huisartsenpraktijk De Linde",
        ContactKind.GP,
        [("praktijk", "030-1234567")],
        "assistente@example.org",
        _hours(WEEKDAYS, "08:00", "17:00"),
        "Spoedlijn van de praktijk: keuze 1.",
        "",
        "visser",
    ),
    (
        "Huisartsenpost Utrecht Stad",
        "",
        ContactKind.GP_POST,
        [("", "088-1305100")],
        "",
        [],
        "'s Avonds, 's nachts en in het weekend.",
        CALL,
        None,
    ),
    (
        "Apotheek Lombok",
        "",
        ContactKind.PHARMACY,
        [("", "030-5550123")],
        "",
        _hours([0, 1, 2, 3, 4, 5], "08:30", "18:00"),
        "",
        "",
        None,
    ),
    (
        "Wijkverpleging Buurtzorg",
        "Team Utrecht West",
        ContactKind.HOME_CARE,
        [("team", "06-12345620")],
        "",
        _hours([0, 1, 2, 3, 4, 5, 6], "07:30", "22:00"),
        "",
        "",
        None,
    ),
    (
        "Juf Marieke (groep 3)",
        "Basisschool De Regenboog",
        ContactKind.SCHOOL,
        [("school", "030-5550456")],
        "",
        _hours(WEEKDAYS, "08:15", "15:00"),
        "",
        NOT_FOR,
        None,
    ),
    (
        "Kinderzorghuis Villa Pardoes",
        "",
        ContactKind.CHILDRENS_HOME,
        [("", "030-5550789")],
        "",
        [],
        "Logeren in overleg, twee weken van tevoren.",
        NOT_FOR,
        None,
    ),
    (
        "Wmo-consulent gemeente Utrecht",
        "Gemeente Utrecht",
        ContactKind.MUNICIPALITY,
        [("", "030-5550999")],
        "",
        _hours(WEEKDAYS, "09:00", "17:00"),
        "",
        NOT_FOR,
        None,
    ),
    (
        "Zorgverzekeraar, klantenservice",
        "",
        ContactKind.INSURER,
        [("", "0800-0123")],
        "",
        _hours(WEEKDAYS, "08:00", "20:00"),
        "",
        NOT_FOR,
        None,
    ),
    (
        "Oma Ria",
        "",
        ContactKind.FAMILY,
        [("mobiel", "06-12345630")],
        "",
        [],
        "Woont om de hoek; heeft een sleutel.",
        CALL,
        None,
    ),
    (
        "Buurvrouw Joke",
        "",
        ContactKind.FAMILY,
        [("mobiel", "06-12345631")],
        "",
        [],
        "Kan Daan van school halen.",
        CALL,
        None,
    ),
]

YILMAZ: list[Row] = [
    (
        "Kinder Comfort Team",
        "Prinses Máxima Centrum",
        ContactKind.CARE_TEAM,
        [("secretariaat", "088-9725000")],
        "",
        _hours(WEEKDAYS, "08:30", "17:00"),
        "",
        CALL,
        None,
    ),
    (
        "Huisartsenpraktijk Overvecht",
        "",
        ContactKind.GP,
        [("praktijk", "030-5551234")],
        "",
        _hours(WEEKDAYS, "08:00", "17:00"),
        "",
        "",
        None,
    ),
    (
        "Teyze Aylin",
        "",
        ContactKind.FAMILY,
        [("mobiel", "06-12345640")],
        "",
        [],
        "",
        CALL,
        None,
    ),
]

NETWORKS = {"Gezin De Vries": DE_VRIES, "Gezin Yilmaz": YILMAZ}
# The case managers' working hours (one per person, the same in every family).
HOURS = {
    "sanne": (_hours(WEEKDAYS, "08:30", "17:00"), ""),
    "femke": (_hours([0, 1, 3], "09:00", "16:30"), "Op woensdag en vrijdag niet bereikbaar."),
    "rik": (_hours([1, 2, 3, 4], "08:30", "17:00"), ""),
}


def add_network(
    session: Session,
    family_name: str,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    """The family's contacts, its case managers' hours, and (De Vries) Femke's leave."""
    for name, organisation, kind, phones, email, hours, note, emergency, member in NETWORKS.get(
        family_name, []
    ):
        linked = members.get(member) if member else None
        session.add(
            Contact(
                family_id=family_id,
                name=name,
                organisation=organisation,
                kind=kind,
                phones=[
                    {"label": label, "number": normalise_phone(typed), "typed": typed}
                    for label, typed in phones
                ],
                email=email,
                reach_hours=hours,
                reach_note=note,
                emergency=emergency,
                membership_id=linked.id if linked else None,
            )
        )
    for key, (hours, note) in HOURS.items():
        membership = members.get(key)
        if membership is None:
            continue
        known = session.exec(
            select(WorkingHours).where(WorkingHours.user_id == membership.user_id)
        ).first()
        if known is None:
            session.add(WorkingHours(user_id=membership.user_id, hours=hours, note=note))
    if "femke" in members and "sanne" in members:
        # Femke's leave starts in a few days: the overview already says so, with Sanne.
        absence = Absence(
            user_id=members["femke"].user_id,
            starts_on=today + timedelta(days=3),
            ends_on=today + timedelta(days=16),
        )
        session.add(absence)
        session.flush()
        session.add(
            AbsenceStandIn(
                absence_id=absence.id or 0,
                family_id=family_id,
                membership_id=members["sanne"].id,
            )
        )
    session.flush()
