"""Demo data: two families with a realistic, calm dossier, to try the app and to test it.

`ensure_demo` is idempotent. The first call creates the demo users, both families and
their tasks, agreements, appointments and check-ins; later calls create nothing and
return the same credentials. Dates are relative to `today`, so the demo stays current:
there is always something overdue, something to chase and something coming up.

The demo users have addresses under DEMO_EMAIL_DOMAIN; that is how a seeded database is
recognised. Their random passwords are kept in a JSON file readable by the owner only.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from dossier.clock import ZONE as AMSTERDAM
from dossier.clock import local_today
from dossier.domain.accounts import create_user
from dossier.domain.checkin_settings import BAND_DEFAULTS
from dossier.domain.checkin_signals import signals_after
from dossier.domain.passwords import hash_password, password_problem, verify_password
from dossier.models import (
    AgeBand,
    Agreement,
    AgreementConfirmation,
    AgreementStatus,
    Appointment,
    AppointmentStatus,
    CareDomain,
    CheckIn,
    CheckinSettings,
    CheckinSignal,
    Family,
    FamilyPhase,
    Membership,
    MembershipStatus,
    Need,
    Notification,
    Reminder,
    Role,
    Task,
    TaskStatus,
    User,
)
from dossier.settings import data_dir

DEMO_EMAIL_DOMAIN = "demo.gezinsdossier.nl"
ACCOUNTS_FILE_NAME = "demo-accounts.json"
# The dossiers "started" this long ago: users, families and memberships date from then,
# so eight weeks of check-ins and done tasks fall after it.
STARTED_DAYS_AGO = 63


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoAccount:
    """One way to log in to one demo family.

    There is one account per membership: the hospital case manager works for both
    families, so she is listed once per family (same e-mail, same password).
    """

    family: str  # family display name, e.g. "Gezin De Vries"
    role: str  # Role value: parent, child, sibling, cm_hospital, cm_home, caregiver
    name: str
    email: str
    password: str


# --------------------------------------------------------------------------------------
# The content. Offsets are in days relative to `today`; negative is in the past.
# Members are named by short keys ("anna"), resolved to memberships when seeding.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Person:
    name: str
    email_local: str
    age: int | None = None  # siblings only: their age on `today`
    days_since_birthday: int = 0  # keeps the birthday away from `today`


@dataclass(frozen=True, slots=True)
class _Member:
    person: str
    role: Role
    relation: str
    phone: str = ""  # made-up numbers, for the key contacts (also offline)


@dataclass(frozen=True, slots=True, kw_only=True)
class _TaskSpec:
    title: str
    domain: CareDomain
    assignee: str | None
    by: str
    status: TaskStatus = TaskStatus.OPEN
    due: int | None = None
    notes: str = ""
    waiting_for: str = ""
    follow_up: int | None = None
    done_days_ago: int | None = None
    agreement: str | None = None  # topic of the agreement this task carries out


@dataclass(frozen=True, slots=True, kw_only=True)
class _AgreementSpec:
    topic: str
    domain: CareDomain
    responsible: str | None  # None: the parents keep this themselves
    by: str
    status: AgreementStatus
    how: str
    backup: str | None = None
    informed: tuple[str, ...] = ()
    review: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _AppointmentSpec:
    title: str
    day: int
    start: str  # local time in the Netherlands, "09:30"
    end: str
    place: str
    with_whom: str
    attendees: tuple[str, ...]
    by: str
    preparation: str = ""
    cancelled: bool = False
    # Clinics, schools and the municipality work on weekdays; this one may be any day.
    any_day: bool = False


@dataclass(frozen=True, slots=True)
class _CheckInSpec:
    days_ago: int  # at least 1, so a check-in is never in the future
    at: str
    mood: int  # 1 = very bad ... 5 = very good
    needs: tuple[Need, ...]
    # Who may read it, the sibling's choice: "o" ouders, "t" casemanager thuis,
    # "z" casemanager ziekenhuis; "" is "alleen voor mij".
    share: str
    note: str
    talk_to: str | None = None  # set when the sibling wants to talk, and with whom


@dataclass(frozen=True, slots=True, kw_only=True)
class _FamilySpec:
    name: str
    child_name: str
    phase: FamilyPhase
    members: tuple[_Member, ...]
    tasks: tuple[_TaskSpec, ...]
    agreements: tuple[_AgreementSpec, ...]
    appointments: tuple[_AppointmentSpec, ...]
    checkins: dict[str, tuple[_CheckInSpec, ...]]


PEOPLE: dict[str, _Person] = {
    "anna": _Person("Anna de Vries", "anna.devries"),
    "mark": _Person("Mark de Vries", "mark.devries"),
    "lotte": _Person("Lotte de Vries", "lotte.devries", age=14, days_since_birthday=131),
    "daan": _Person("Daan de Vries", "daan.devries", age=9, days_since_birthday=47),
    # One hospital case manager with a caseload of both families.
    "sanne": _Person("Sanne Jansen", "sanne.jansen"),
    "femke": _Person("Femke Bos", "femke.bos"),
    "visser": _Person("Karin Visser", "karin.visser"),
    "elif": _Person("Elif Yilmaz", "elif.yilmaz"),
    "murat": _Person("Murat Yilmaz", "murat.yilmaz"),
    "emre": _Person("Emre Yilmaz", "emre.yilmaz", age=11, days_since_birthday=212),
    "rik": _Person("Rik Willems", "rik.willems"),
}

KCT = "Kinder Comfort Team, kinderziekenhuis"

DE_VRIES = _FamilySpec(
    name="Gezin De Vries",
    child_name="Sam",  # 6 years old: too young to log in, so not a user
    phase=FamilyPhase.INTENSIVE,  # Sam came home from hospital a few weeks ago
    members=(
        _Member("anna", Role.PARENT, "moeder"),
        _Member("mark", Role.PARENT, "vader"),
        _Member("lotte", Role.SIBLING, "zus van Sam"),
        _Member("daan", Role.SIBLING, "broer van Sam"),
        _Member("sanne", Role.CM_HOSPITAL, KCT, "+31 6 1234 5601"),
        _Member("femke", Role.CM_HOME, "casemanager dagelijks leven, gemeente", "06 1234 5602"),
        _Member("visser", Role.CAREGIVER, "huisarts", "(030) 123 45 67"),
    ),
    agreements=(
        _AgreementSpec(
            topic="Zorgcoördinatie",
            domain=CareDomain.CARE,
            responsible="sanne",
            backup="femke",
            informed=("anna", "mark", "visser"),
            by="sanne",
            status=AgreementStatus.AGREED,
            review=60,
            how=(
                "Sanne is het eerste aanspreekpunt voor alles rond het ziekenhuis en de "
                "behandeling van Sam. Zij is bereikbaar op werkdagen van 8.30 tot 17.00 uur.\n"
                "Bij spoed bellen we niet Sanne, maar de afdeling of de huisartsenpost."
            ),
        ),
        _AgreementSpec(
            topic="Contact met school",
            domain=CareDomain.SCHOOL,
            responsible=None,
            backup="femke",
            informed=("femke",),
            by="anna",
            status=AgreementStatus.AGREED,
            review=90,
            how=(
                "Wij houden zelf contact met de school van Sam en met de scholen van Lotte "
                "en Daan. Als het ons even te veel wordt, vragen we Femke om het over te nemen."
            ),
        ),
        _AgreementSpec(
            topic="Aanvragen hulpmiddelen en indicaties",
            domain=CareDomain.MONEY,
            responsible="femke",
            backup="sanne",
            informed=("anna", "mark"),
            by="femke",
            status=AgreementStatus.AGREED,
            review=45,
            how=(
                "Femke doet de aanvragen en het nabellen bij de gemeente, het CIZ en de "
                "zorgverzekeraar. Elke aanvraag zet zij als taak in het dossier, zodat wij "
                "kunnen zien waar het staat. Wij tekenen alleen wat getekend moet worden."
            ),
        ),
        _AgreementSpec(
            topic="PGB-administratie",
            domain=CareDomain.MONEY,
            responsible="mark",
            backup="femke",
            informed=("anna",),
            by="mark",
            status=AgreementStatus.NEEDS_REVIEW,
            review=-7,
            how=(
                "Mark houdt de PGB-administratie bij en dient elk kwartaal de verantwoording "
                "in bij de SVB. Bij de evaluatie kijken we of Femke een deel kan overnemen, "
                "want het kost Mark veel avonden."
            ),
        ),
        _AgreementSpec(
            topic="MDO organiseren",
            domain=CareDomain.CARE,
            responsible="sanne",
            informed=("anna", "mark", "femke", "visser"),
            by="sanne",
            status=AgreementStatus.AGREED,
            review=80,
            how=(
                "Sanne plant een MDO minstens elke drie maanden en na elke opname. Zij stuurt "
                "vooraf de agenda rond en zet daarna een kort verslag in het dossier."
            ),
        ),
        _AgreementSpec(
            topic="Zorgplan (IZP) actueel houden",
            domain=CareDomain.CARE,
            responsible="sanne",
            backup="visser",
            informed=("anna", "mark", "femke"),
            by="sanne",
            status=AgreementStatus.NEEDS_REVIEW,
            review=-3,
            how=(
                "Sanne werkt het IZP bij na elke opname en na elk MDO. Wij lezen mee en "
                "zeggen wat niet klopt. Sinds de laatste opname is het plan nog niet bijgewerkt."
            ),
        ),
        _AgreementSpec(
            topic="Huisarts betrekken",
            domain=CareDomain.CARE,
            responsible="sanne",
            informed=("anna", "mark", "visser"),
            by="anna",
            status=AgreementStatus.PROPOSED,
            how=(
                "Na elke opname krijgt dokter Visser een kort bericht van Sanne. Dokter Visser "
                "komt eens per maand op huisbezoek. 's Avonds en in het weekend bellen we de "
                "huisartsenpost; die heeft een overdracht over Sam."
            ),
        ),
        _AgreementSpec(
            topic="Opvang broers en zussen bij plotselinge opname",
            domain=CareDomain.FAMILY,
            responsible="femke",
            backup="mark",
            informed=("anna", "mark"),
            by="femke",
            status=AgreementStatus.PROPOSED,
            review=14,
            how=(
                "Bij een plotselinge opname bellen we eerst oma Ria, daarna de buren "
                "(familie Peters). Femke zorgt dat de lijst met adressen, school- en "
                "sporttijden van Lotte en Daan klopt. Lotte en Daan weten wie hen komt halen."
            ),
        ),
    ),
    tasks=(
        _TaskSpec(
            title="Herhaalrecept anti-epileptica klaarzetten voor de apotheek",
            domain=CareDomain.CARE,
            assignee="visser",
            by="anna",
            due=2,
            notes="De apotheek heeft het recept vóór vrijdag nodig; de voorraad is bijna op.",
        ),
        _TaskSpec(
            title="Huisbezoek na ontslag uit het ziekenhuis",
            domain=CareDomain.CARE,
            assignee="visser",
            by="sanne",
            status=TaskStatus.DONE,
            done_days_ago=19,
        ),
        _TaskSpec(
            title="MDO plannen met ziekenhuis, huisarts en thuiszorg",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            status=TaskStatus.BUSY,
            due=5,
            agreement="MDO organiseren",
            notes="Doel: warme overdracht van ziekenhuis naar huis. Datum staat, agenda nog niet.",
        ),
        _TaskSpec(
            title="Zorgplan (IZP) bijwerken na de laatste opname",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            due=-3,
            agreement="Zorgplan (IZP) actueel houden",
            notes="Nieuw: de sondevoeding is aangepast en er is een nieuw noodplan bij aanvallen.",
        ),
        _TaskSpec(
            title="Traplift aanvragen bij de gemeente (Wmo)",
            domain=CareDomain.HOME,
            assignee="femke",
            by="femke",
            status=TaskStatus.WAITING,
            due=21,
            waiting_for="gemeente (Wmo-consulent)",
            follow_up=3,
            agreement="Aanvragen hulpmiddelen en indicaties",
            notes="Aanvraag is binnen. Het keukentafelgesprek moet nog gepland worden.",
        ),
        _TaskSpec(
            title="Machtiging voedingspomp en sondevoeding verlengen",
            domain=CareDomain.HOME,
            assignee="anna",
            by="anna",
            status=TaskStatus.WAITING,
            waiting_for="zorgverzekeraar",
            follow_up=-1,
            notes="Formulier van de kinderarts is opgestuurd. Nog geen bevestiging gekregen.",
        ),
        _TaskSpec(
            title="Indicatie Wlz aanvragen via het CIZ",
            domain=CareDomain.MONEY,
            assignee="femke",
            by="femke",
            status=TaskStatus.WAITING,
            waiting_for="CIZ",
            follow_up=7,
            agreement="Aanvragen hulpmiddelen en indicaties",
            notes="Het CIZ heeft de medische gegevens opgevraagd bij het ziekenhuis.",
        ),
        _TaskSpec(
            title="PGB-verantwoording van het afgelopen kwartaal indienen",
            domain=CareDomain.MONEY,
            assignee="mark",
            by="mark",
            due=-2,
            agreement="PGB-administratie",
            notes="Urenbriefjes van de zorgverleners zijn er; één declaratie ontbreekt nog.",
        ),
        _TaskSpec(
            title="Mentor van Lotte vertellen hoe het thuis gaat",
            domain=CareDomain.SCHOOL,
            assignee="anna",
            by="anna",
            due=4,
            agreement="Contact met school",
        ),
        _TaskSpec(
            title="Aangepast vervoer naar school regelen voor Sam",
            domain=CareDomain.SCHOOL,
            assignee="femke",
            by="femke",
            status=TaskStatus.BUSY,
            due=10,
            notes="Leerlingenvervoer met rolstoelplek. Offerte van de vervoerder is opgevraagd.",
        ),
        _TaskSpec(
            title="Gesprek met de juf van Daan",
            domain=CareDomain.SCHOOL,
            assignee="mark",
            by="mark",
            status=TaskStatus.DONE,
            done_days_ago=6,
            notes="De juf let extra op Daan en laat het weten als hij stil is.",
        ),
        _TaskSpec(
            title="Logeeradres regelen voor Lotte en Daan bij een plotselinge opname",
            domain=CareDomain.FAMILY,
            assignee="femke",
            by="femke",
            status=TaskStatus.BUSY,
            due=7,
            agreement="Opvang broers en zussen bij plotselinge opname",
            notes="Oma Ria kan doordeweeks. Nog vragen of de buren een sleutel willen hebben.",
        ),
        _TaskSpec(
            title="Lijstje maken: wat neem ik mee als ik bij oma logeer",
            domain=CareDomain.FAMILY,
            assignee="lotte",
            by="anna",
            due=6,
        ),
        _TaskSpec(
            title="Logeerweekend voor Sam in het kinderzorghuis aanvragen",
            domain=CareDomain.FAMILY,
            assignee=None,
            by="mark",
            due=30,
            notes="Dan kunnen wij een weekend iets leuks doen met Lotte en Daan.",
        ),
        _TaskSpec(
            title="ACP-gesprek voorbereiden: wat vinden we belangrijk voor Sam",
            domain=CareDomain.WISHES,
            assignee="anna",
            by="sanne",
            status=TaskStatus.BUSY,
            due=9,
            notes=(
                "Samen opschrijven: waar geniet Sam van, wat willen we liever niet, en wat "
                "doen we als hij ineens naar het ziekenhuis moet."
            ),
        ),
        _TaskSpec(
            title="Aanmelden bij een wensstichting voor een dag uit met het gezin",
            domain=CareDomain.WISHES,
            assignee=None,
            by="femke",
        ),
        _TaskSpec(
            title="Uitzoeken welke begeleiding er is voor broers en zussen, nu en later",
            domain=CareDomain.AFTERCARE,
            assignee="sanne",
            by="anna",
            status=TaskStatus.DONE,
            done_days_ago=4,
            notes="Folder meegegeven en de gegevens van een brussenwerker in het dossier gezet.",
        ),
    ),
    appointments=(
        _AppointmentSpec(
            title="Controle kinderneuroloog",
            day=-12,
            start="10:00",
            end="10:45",
            place="Kinderziekenhuis, polikliniek neurologie",
            with_whom="kinderneuroloog dr. Bakker",
            attendees=("anna",),
            by="anna",
            preparation="Aanvallenlogboek van de afgelopen maand meenemen.",
        ),
        _AppointmentSpec(
            title="Huisbezoek huisarts",
            day=-6,
            start="13:30",
            end="14:00",
            place="Thuis",
            with_whom="huisarts dr. Visser",
            attendees=("mark", "visser"),
            by="visser",
        ),
        _AppointmentSpec(
            title="Gesprek over de Wmo-aanvraag",
            day=-3,
            start="15:00",
            end="16:00",
            place="Thuis",
            with_whom="Femke Bos, casemanager thuis",
            attendees=("anna", "mark", "femke"),
            by="femke",
        ),
        _AppointmentSpec(
            title="Kinderthuiszorg: voedingspomp nakijken",
            day=1,
            start="09:30",
            end="10:15",
            place="Thuis",
            with_whom="verpleegkundige kinderthuiszorg",
            attendees=("anna",),
            by="anna",
            any_day=True,  # home care comes at weekends too
            preparation="Vragen of de pomp 's nachts zachter kan piepen.",
        ),
        _AppointmentSpec(
            title="Kinderfysiotherapie Sam",
            day=2,
            start="14:00",
            end="14:45",
            place="Praktijk voor kinderfysiotherapie",
            with_whom="kinderfysiotherapeut Ilse",
            attendees=("mark",),
            by="mark",
            cancelled=True,
            preparation="Gaat niet door: de fysiotherapeut is ziek. Nieuwe afspraak volgt.",
        ),
        _AppointmentSpec(
            title="Oudergesprek met de mentor van Lotte",
            day=3,
            start="16:00",
            end="16:30",
            place="School van Lotte",
            with_whom="mentor meneer De Groot",
            attendees=("mark",),
            by="anna",
            preparation="Vragen of Lotte een time-outkaart kan krijgen voor drukke dagen.",
        ),
        _AppointmentSpec(
            title="Polikliniek kinderarts",
            day=4,
            start="09:00",
            end="09:45",
            place="Kinderziekenhuis, polikliniek kindergeneeskunde",
            with_whom="kinderarts dr. Meijer",
            attendees=("anna", "sanne"),
            by="anna",
            preparation=(
                "- Sam slaapt slechter sinds twee weken. Kan dat door de nieuwe medicijnen komen?\n"
                "- Moet de sondevoeding omhoog nu hij minder eet?\n"
                "- Formulier voor de machtiging van de voedingspomp laten tekenen."
            ),
        ),
        _AppointmentSpec(
            title="MDO: overdracht ziekenhuis en thuis",
            day=5,
            start="10:00",
            end="11:30",
            place="Kinderziekenhuis, overlegruimte Kinder Comfort Team",
            with_whom="Kinder Comfort Team, huisarts, thuiszorg",
            attendees=("anna", "mark", "sanne", "femke", "visser"),
            by="sanne",
            preparation=(
                "- Wie bellen we als de voedingspomp 's nachts storing geeft?\n"
                "- Wat spreken we af over bereikbaarheid in het weekend?\n"
                "- Kan de thuiszorg twee nachten per week blijven?"
            ),
        ),
        _AppointmentSpec(
            title="Kinderfysiotherapie Sam",
            day=8,
            start="14:00",
            end="14:45",
            place="Praktijk voor kinderfysiotherapie",
            with_whom="kinderfysiotherapeut Ilse",
            attendees=("mark",),
            by="mark",
        ),
        _AppointmentSpec(
            title="ACP-gesprek: wensen en doelen voor Sam",
            day=10,
            start="10:00",
            end="11:30",
            place="Thuis",
            with_whom="Kinder Comfort Team en kinderarts dr. Meijer",
            attendees=("anna", "mark", "sanne"),
            by="sanne",
            preparation=(
                "Wat geeft Sam plezier? Wat willen we voor hem, nu en later? "
                "Wat doen we bij een plotselinge opname, en wie zorgt dan voor Lotte en Daan?"
            ),
        ),
        _AppointmentSpec(
            title="Brussenmiddag",
            day=12,
            start="14:00",
            end="16:00",
            place="Buurthuis De Ster",
            with_whom="brussenwerker Joyce",
            attendees=("lotte", "daan"),
            by="femke",
            any_day=True,
            preparation="Een middag met andere kinderen die een zieke broer of zus hebben.",
        ),
        _AppointmentSpec(
            title="Keukentafelgesprek Wmo (traplift)",
            day=13,
            start="09:30",
            end="10:30",
            place="Thuis",
            with_whom="Wmo-consulent van de gemeente",
            attendees=("anna", "femke"),
            by="femke",
            preparation="Foto's van de trap klaarleggen. Vragen hoe lang de levering duurt.",
        ),
    ),
    checkins={
        # Daan (9) nearly always shares with his parents and Femke.
        "daan": (
            _CheckInSpec(
                55, "18:30", 4, (Need.SOMETHING_FUN,), "ot", "Ik heb een doelpunt gemaakt!"
            ),
            _CheckInSpec(51, "19:00", 3, (Need.TIME_WITH_PARENT,), "ot", ""),
            _CheckInSpec(
                47,
                "18:45",
                3,
                (Need.KNOW_WHAT_HAPPENS,),
                "otz",
                "Sam moest weer naar het ziekenhuis. Ik sliep bij oma.",
            ),
            _CheckInSpec(41, "19:10", 2, (Need.TIME_WITH_PARENT,), "ot", "Ik mis mama."),
            _CheckInSpec(36, "18:20", 4, (Need.NOTHING,), "otz", "Sam is weer thuis."),
            _CheckInSpec(30, "18:40", 4, (Need.SOMETHING_FUN,), "ot", ""),
            _CheckInSpec(26, "19:05", 5, (Need.NOTHING,), "ot", "Met papa naar de film geweest."),
            _CheckInSpec(20, "18:35", 3, (Need.HELP_WITH_SCHOOL,), "o", "Rekenen is moeilijk."),
            _CheckInSpec(13, "18:50", 4, (Need.SOMETHING_FUN,), "ot", ""),
            _CheckInSpec(
                8,
                "19:00",
                3,
                (Need.TIME_WITH_PARENT, Need.SOMETHING_FUN),
                "ot",
                "Mag ik een keer alleen met mama naar het zwembad?",
            ),
            _CheckInSpec(
                2, "18:30", 4, (Need.NOTHING,), "otz", "Ik heb een tekening voor Sam gemaakt."
            ),
        ),
        # Lotte (14) shares less, and has had a dip in the last two weeks.
        "lotte": (
            _CheckInSpec(54, "21:15", 4, (Need.NOTHING,), "ot", "Gaat prima."),
            _CheckInSpec(
                48,
                "22:00",
                3,
                (Need.KNOW_WHAT_HAPPENS,),
                "t",
                "Niemand vertelt mij wat er in het ziekenhuis gebeurt.",
            ),
            _CheckInSpec(43, "21:30", 3, (Need.REST,), "", ""),
            _CheckInSpec(37, "20:45", 4, (Need.SOMETHING_FUN,), "ot", "Weekend bij Noor geslapen."),
            _CheckInSpec(31, "21:10", 3, (Need.HELP_WITH_SCHOOL,), "o", "Veel toetsen deze week."),
            _CheckInSpec(24, "21:40", 4, (Need.NOTHING,), "t", ""),
            _CheckInSpec(17, "22:05", 3, (Need.REST,), "ot", "Moe. Sam was vannacht veel wakker."),
            _CheckInSpec(
                11,
                "21:50",
                2,
                (Need.SOMEONE_TO_TALK,),
                "t",
                "Ik kan me niet concentreren op school. Ik denk steeds aan Sam.",
                talk_to="femke",
            ),
            _CheckInSpec(6, "22:20", 2, (Need.REST,), "", "Geen zin om erover te praten."),
            _CheckInSpec(
                2, "21:35", 2, (Need.TIME_WITH_PARENT, Need.REST), "ot", "Slecht geslapen."
            ),
        ),
    },
)

YILMAZ = _FamilySpec(
    name="Gezin Yilmaz",
    child_name="Ayla",
    phase=FamilyPhase.STABLE,
    members=(
        _Member("elif", Role.PARENT, "moeder"),
        _Member("murat", Role.PARENT, "vader"),
        _Member("emre", Role.SIBLING, "broer van Ayla"),
        _Member("sanne", Role.CM_HOSPITAL, KCT, "+31 6 1234 5601"),
        _Member("rik", Role.CM_HOME, "casemanager thuis, sociaal wijkteam", "06 1234 5603"),
    ),
    agreements=(
        _AgreementSpec(
            topic="Zorgcoördinatie",
            domain=CareDomain.CARE,
            responsible="sanne",
            backup="rik",
            informed=("elif", "murat"),
            by="sanne",
            status=AgreementStatus.AGREED,
            review=75,
            how=(
                "Sanne is het aanspreekpunt voor het ziekenhuis. Zij belt eens per twee weken "
                "om te horen hoe het gaat. Bij spoed bellen we de afdeling."
            ),
        ),
        _AgreementSpec(
            topic="Aanvragen en nabellen",
            domain=CareDomain.MONEY,
            responsible="rik",
            backup="sanne",
            informed=("elif", "murat"),
            by="rik",
            status=AgreementStatus.AGREED,
            review=40,
            how="Rik doet de aanvragen bij het zorgkantoor en de gemeente, en belt ze na.",
        ),
        _AgreementSpec(
            topic="Opvang Emre op ziekenhuisdagen",
            domain=CareDomain.FAMILY,
            responsible=None,
            backup="rik",
            informed=("rik",),
            by="elif",
            status=AgreementStatus.PROPOSED,
            review=21,
            how="Wij regelen dit zelf met de familie. Rik helpt als dat niet lukt.",
        ),
    ),
    tasks=(
        _TaskSpec(
            title="Voedingsschema doorspreken met de diëtist",
            domain=CareDomain.CARE,
            assignee="elif",
            by="elif",
            due=4,
        ),
        _TaskSpec(
            title="Ontslaggesprek en overdracht naar huis",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            status=TaskStatus.DONE,
            done_days_ago=9,
        ),
        _TaskSpec(
            title="PGB aanvragen voor zorg thuis",
            domain=CareDomain.MONEY,
            assignee="rik",
            by="rik",
            status=TaskStatus.WAITING,
            waiting_for="zorgkantoor",
            follow_up=2,
            agreement="Aanvragen en nabellen",
        ),
        _TaskSpec(
            title="Aanpassing badkamer bespreken met de Wmo-consulent",
            domain=CareDomain.HOME,
            assignee="rik",
            by="rik",
            status=TaskStatus.BUSY,
            due=14,
            agreement="Aanvragen en nabellen",
        ),
        _TaskSpec(
            title="Juf van Emre vertellen over de opname van Ayla",
            domain=CareDomain.SCHOOL,
            assignee="murat",
            by="murat",
            due=-1,
        ),
        _TaskSpec(
            title="Opvang voor Emre regelen op ziekenhuisdagen",
            domain=CareDomain.FAMILY,
            assignee=None,
            by="elif",
            due=6,
            agreement="Opvang Emre op ziekenhuisdagen",
        ),
        _TaskSpec(
            title="Eerste gesprek over wensen voor Ayla (ACP) plannen",
            domain=CareDomain.WISHES,
            assignee="sanne",
            by="sanne",
            due=20,
        ),
    ),
    appointments=(
        _AppointmentSpec(
            title="Polikliniek kinderarts",
            day=-7,
            start="11:00",
            end="11:30",
            place="Kinderziekenhuis, polikliniek kindergeneeskunde",
            with_whom="kinderarts dr. Meijer",
            attendees=("elif",),
            by="elif",
        ),
        _AppointmentSpec(
            title="Diëtist",
            day=2,
            start="13:00",
            end="13:45",
            place="Kinderziekenhuis, diëtetiek",
            with_whom="diëtist mevrouw Hendriks",
            attendees=("elif",),
            by="elif",
            preparation="Vragen of Ayla 's nachts minder voeding kan krijgen.",
        ),
        _AppointmentSpec(
            title="Keukentafelgesprek Wmo (badkamer)",
            day=6,
            start="10:00",
            end="11:00",
            place="Thuis",
            with_whom="Wmo-consulent van de gemeente",
            attendees=("elif", "murat", "rik"),
            by="rik",
        ),
        _AppointmentSpec(
            title="Controle kinderarts",
            day=9,
            start="09:00",
            end="09:30",
            place="Kinderziekenhuis, polikliniek kindergeneeskunde",
            with_whom="kinderarts dr. Meijer en Kinder Comfort Team",
            attendees=("murat", "sanne"),
            by="sanne",
        ),
    ),
    checkins={
        "emre": (
            _CheckInSpec(53, "19:30", 4, (Need.SOMETHING_FUN,), "ot", "Voetbaltraining was leuk."),
            _CheckInSpec(
                45, "19:15", 3, (Need.KNOW_WHAT_HAPPENS,), "otz", "Waarom is Ayla zo vaak moe?"
            ),
            _CheckInSpec(38, "20:00", 4, (Need.NOTHING,), "o", ""),
            _CheckInSpec(30, "19:45", 3, (Need.TIME_WITH_PARENT,), "ot", "Papa werkt veel."),
            _CheckInSpec(23, "19:20", 4, (Need.SOMETHING_FUN,), "o", ""),
            _CheckInSpec(
                15, "19:50", 3, (Need.HELP_WITH_SCHOOL,), "ot", "Spreekbeurt volgende week."
            ),
            _CheckInSpec(9, "19:10", 4, (Need.NOTHING,), "ot", "Spreekbeurt ging goed!"),
            _CheckInSpec(
                3,
                "19:40",
                3,
                (Need.SOMEONE_TO_TALK,),
                "o",
                "Ik wil iets vragen aan mama.",
                talk_to="elif",
            ),
        ),
    },
)

FAMILIES: tuple[_FamilySpec, ...] = (DE_VRIES, YILMAZ)


# --------------------------------------------------------------------------------------
# Seeding
# --------------------------------------------------------------------------------------


def demo_email(person_key: str) -> str:
    return f"{PEOPLE[person_key].email_local}@{DEMO_EMAIL_DOMAIN}"


def ensure_demo(
    session: Session, *, accounts_file: Path | None = None, today: date | None = None
) -> list[DemoAccount]:
    """Idempotent. The first call creates both demo families with all their data and
    returns the accounts. Later calls create nothing new and return the same accounts
    (same e-mails, same passwords).

    If the demo users exist but the accounts file is missing, lacks a user or holds a
    password that no longer works, that user gets a fresh password and the file is
    rewritten, so the returned credentials always work.
    """
    today = today or _today_in_nl()
    path = accounts_file or data_dir() / ACCOUNTS_FILE_NAME
    stored = _read_passwords(path)
    emails = [demo_email(key) for key in PEOPLE]
    users = _users_by_email(session, emails)
    if users:
        passwords = _working_passwords(session, users, stored)
    else:
        # Reuse passwords from the file (the database may have been reset), else new ones.
        passwords = {
            e: stored[e] if _usable(stored.get(e, "")) else _new_password() for e in emails
        }
        _seed(session, today=today, passwords=passwords)
        users = _users_by_email(session, emails)
    accounts = [
        DemoAccount(
            family=family.name,
            role=str(member.role),
            name=PEOPLE[member.person].name,
            email=demo_email(member.person),
            password=passwords[demo_email(member.person)],
        )
        for family in FAMILIES
        for member in family.members
        if demo_email(member.person) in users  # a demo user deleted by hand is skipped
    ]
    _write_accounts(path, accounts)
    return accounts


def _today_in_nl() -> date:
    # The families live in the Netherlands; a server on UTC would be a day off at night.
    return local_today()


def _new_password() -> str:
    return secrets.token_urlsafe(12)


def _usable(password: str) -> bool:
    return password_problem(password) is None  # also rejects "" (too short)


def _users_by_email(session: Session, emails: list[str]) -> dict[str, User]:
    rows = session.exec(select(User).where(col(User.email).in_(emails))).all()
    return {u.email: u for u in rows}


def _working_passwords(
    session: Session, users: dict[str, User], stored: dict[str, str]
) -> dict[str, str]:
    """The stored password per existing demo user; a fresh one where it is missing or stale."""
    passwords: dict[str, str] = {}
    for email, user in users.items():
        password = stored.get(email, "")
        if not (_usable(password) and verify_password(user.password_hash, password)):
            password = _new_password()
            user.password_hash = hash_password(password)
            session.add(user)
        passwords[email] = password
    return passwords


def _read_passwords(path: Path) -> dict[str, str]:
    """E-mail -> password from the accounts file; empty when it is missing or unreadable."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(rows, list):
        return {}
    return {
        row["email"]: row["password"]
        for row in rows
        if isinstance(row, dict)
        and isinstance(row.get("email"), str)
        and isinstance(row.get("password"), str)
    }


def _write_accounts(path: Path, accounts: list[DemoAccount]) -> None:
    """Write the file only when it changes; owner-only from the first byte, replaced atomically."""
    text = json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2) + "\n"
    with contextlib.suppress(OSError):
        if path.read_text(encoding="utf-8") == text:
            path.chmod(0o600)
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    tmp.replace(path)
    path.chmod(0o600)


def _seed(session: Session, *, today: date, passwords: dict[str, str]) -> None:
    started = _at(today - timedelta(days=STARTED_DAYS_AGO), "09:00")
    users = _create_users(session, today=today, passwords=passwords, started=started)
    for spec in FAMILIES:
        family, members = _create_family(session, spec, users, started=started)
        assert family.id is not None
        agreements = _add_agreements(session, spec, family.id, members, today=today)
        _add_tasks(session, spec, family.id, members, agreements, today=today)
        _add_appointments(session, spec, family.id, members, today=today)
        _add_checkins(session, spec, family.id, members, today=today)
        _add_checkin_settings(session, family.id, members)


def _at(day: date, local_time: str) -> datetime:
    """A Dutch wall-clock time on `day`, as an aware UTC datetime (what the tables store)."""
    local = datetime.combine(day, time.fromisoformat(local_time), tzinfo=AMSTERDAM)
    return local.astimezone(UTC)


def _workday(day: date, *, later: bool) -> date:
    """`day`, or the Monday after (`later`) or the Friday before when it is a weekend day."""
    while day.weekday() >= 5:
        day += timedelta(days=1 if later else -1)
    return day


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def _birth_date(today: date, person: _Person) -> date | None:
    if person.age is None:
        return None
    try:
        same_day = today.replace(year=today.year - person.age)
    except ValueError:  # 29 February in a year without one
        same_day = today.replace(year=today.year - person.age, day=28)
    return same_day - timedelta(days=person.days_since_birthday)


def _create_users(
    session: Session, *, today: date, passwords: dict[str, str], started: datetime
) -> dict[str, User]:
    users: dict[str, User] = {}
    for key, person in PEOPLE.items():
        email = demo_email(key)
        user = create_user(session, email=email, name=person.name, password=passwords[email])
        user.birth_date = _birth_date(today, person)
        user.created_at = started
        session.add(user)
        users[key] = user
    session.flush()
    return users


def _create_family(
    session: Session, spec: _FamilySpec, users: dict[str, User], *, started: datetime
) -> tuple[Family, dict[str, Membership]]:
    family = Family(
        name=spec.name, child_name=spec.child_name, phase=spec.phase, created_at=started
    )
    session.add(family)
    session.flush()
    assert family.id is not None
    members: dict[str, Membership] = {}
    for member in spec.members:
        user_id = users[member.person].id
        assert user_id is not None
        members[member.person] = Membership(
            family_id=family.id,
            user_id=user_id,
            role=member.role,
            status=MembershipStatus.ACTIVE,
            relation=member.relation,
            phone=member.phone,
            created_at=started,
        )
        session.add(members[member.person])
    session.flush()
    return family, members


def _mid(members: dict[str, Membership], key: str | None) -> int | None:
    """The membership id for a person key (None stays None)."""
    return None if key is None else members[key].id


def _mids(members: dict[str, Membership], keys: tuple[str, ...]) -> list[int]:
    return [m for m in (_mid(members, k) for k in keys) if m is not None]


def _add_agreements(
    session: Session,
    spec: _FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> dict[str, Agreement]:
    created = _at(today - timedelta(days=STARTED_DAYS_AGO - 7), "11:00")
    agreements: dict[str, Agreement] = {}
    for item in spec.agreements:
        agreements[item.topic] = Agreement(
            family_id=family_id,
            topic=item.topic,
            domain=item.domain,
            responsible_id=_mid(members, item.responsible),
            parents_keep=item.responsible is None,
            backup_id=_mid(members, item.backup),
            informed_ids=_mids(members, item.informed),
            how=item.how,
            review_on=_day(today, item.review),
            status=item.status,
            created_by_id=_mid(members, item.by),
            created_at=created,
        )
        session.add(agreements[item.topic])
    session.flush()
    _confirm_agreed(session, spec, members, agreements, confirmed_at=created + timedelta(days=2))
    return agreements


def _confirm_agreed(
    session: Session,
    spec: _FamilySpec,
    members: dict[str, Membership],
    agreements: dict[str, Agreement],
    *,
    confirmed_at: datetime,
) -> None:
    """An agreement is 'agreed' because the parents and the responsible person confirmed it."""
    parents = tuple(m.person for m in spec.members if m.role is Role.PARENT)
    for item in spec.agreements:
        if item.status is not AgreementStatus.AGREED:
            continue
        agreement = agreements[item.topic]
        assert agreement.id is not None
        confirmers = list(parents)
        if item.responsible and item.responsible not in confirmers:
            confirmers.append(item.responsible)
        session.add_all(
            AgreementConfirmation(
                agreement_id=agreement.id,
                membership_id=members[key].id,
                agreement_version=agreement.version,
                confirmed_at=confirmed_at,
            )
            for key in confirmers
        )


def _add_tasks(
    session: Session,
    spec: _FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    agreements: dict[str, Agreement],
    *,
    today: date,
) -> None:
    for number, item in enumerate(spec.tasks):
        # Spread creation over the weeks since the start, oldest first.
        created = _at(today - timedelta(days=STARTED_DAYS_AGO - 8 - 2 * number), "10:00")
        done = item.done_days_ago
        session.add(
            Task(
                family_id=family_id,
                title=item.title,
                notes=item.notes,
                domain=item.domain,
                assignee_id=_mid(members, item.assignee),
                due_on=_day(today, item.due),
                status=item.status,
                waiting_for=item.waiting_for,
                follow_up_on=_day(today, item.follow_up),
                agreement_id=agreements[item.agreement].id if item.agreement else None,
                created_by_id=_mid(members, item.by),
                created_at=min(created, _at(today - timedelta(days=(done or 0) + 1), "10:00")),
                completed_at=None if done is None else _at(today - timedelta(days=done), "16:00"),
            )
        )
    session.flush()


def _add_appointments(
    session: Session,
    spec: _FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    for item in spec.appointments:
        day = today + timedelta(days=item.day)
        if not item.any_day:
            day = _workday(day, later=item.day > 0)
        session.add(
            Appointment(
                family_id=family_id,
                title=item.title,
                starts_at=_at(day, item.start),
                ends_at=_at(day, item.end),
                place=item.place,
                with_whom=item.with_whom,
                attendee_ids=_mids(members, item.attendees),
                preparation=item.preparation,
                status=AppointmentStatus.CANCELLED if item.cancelled else AppointmentStatus.PLANNED,
                created_by_id=_mid(members, item.by),
                # Made two weeks ahead, but never after the start of the demo's "today".
                created_at=min(_at(day - timedelta(days=14), "12:00"), _at(today, "07:00")),
            )
        )
    session.flush()


def _add_checkins(
    session: Session,
    spec: _FamilySpec,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    for sibling, checkins in spec.checkins.items():
        sibling_id = _mid(members, sibling)
        assert sibling_id is not None
        # Oldest first, each raising its signals as a live check-in would.
        for item in sorted(checkins, key=lambda c: (-c.days_ago, c.at)):
            checkin = CheckIn(
                family_id=family_id,
                sibling_id=sibling_id,
                mood=item.mood,
                needs=[str(need) for need in item.needs],
                note=item.note,
                wants_to_talk=item.talk_to is not None,
                talk_to_id=_mid(members, item.talk_to),
                share_parents="o" in item.share,
                share_cm_home="t" in item.share,
                share_cm_hospital="z" in item.share,
                created_at=_at(today - timedelta(days=item.days_ago), item.at),
            )
            session.add(checkin)
            session.flush()
            signals_after(session, checkin)
    _pick_up_older_signals(session, family_id, members, today=today)
    session.flush()


# How often a gentle reminder comes, and the default a sibling of 12+ chose themself.
DEMO_REMINDERS = {"daan": Reminder.TWICE_WEEKLY, "lotte": Reminder.WEEKLY, "emre": Reminder.WEEKLY}
DEMO_OWN_DEFAULTS = {"lotte": ["parents", "cm_home"]}


def _add_checkin_settings(session: Session, family_id: int, members: dict[str, Membership]) -> None:
    for key, reminder in DEMO_REMINDERS.items():
        sibling_id = _mid(members, key) if key in members else None
        if sibling_id is None:
            continue
        session.add(
            CheckinSettings(
                family_id=family_id,
                sibling_id=sibling_id,
                band_defaults={b.value: [a.value for a in BAND_DEFAULTS[b]] for b in AgeBand},
                own_default=DEMO_OWN_DEFAULTS.get(key),
                reminder=reminder,
            )
        )
    session.flush()


def _pick_up_older_signals(
    session: Session, family_id: int, members: dict[str, Membership], *, today: date
) -> None:
    """Signals older than a week were picked up long ago, by someone who could see them."""
    cutoff = _at(today - timedelta(days=7), "00:00")
    signals = session.exec(
        select(CheckinSignal).where(
            CheckinSignal.family_id == family_id, col(CheckinSignal.created_at) < cutoff
        )
    ).all()
    by_role = {Role(m.role): m for m in members.values()}
    for signal in signals:
        for role, flag in (
            (Role.CM_HOME, signal.share_cm_home),
            (Role.PARENT, signal.share_parents),
            (Role.CM_HOSPITAL, signal.share_cm_hospital),
        ):
            if flag and role in by_role:
                signal.picked_up_by_id = by_role[role].id
                signal.picked_up_at = signal.created_at + timedelta(hours=20)
                session.add(signal)
                break
        for note in session.exec(
            select(Notification).where(
                Notification.object_type == "checkinsignal", Notification.object_id == signal.id
            )
        ).all():
            note.read_at = signal.created_at + timedelta(hours=20)
            session.add(note)
