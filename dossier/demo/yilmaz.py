"""Gezin Yilmaz: Ayla, in a stable phase; her brother Emre (11)."""

from __future__ import annotations

from dossier.demo.people import KCT
from dossier.demo.spec import (
    AgreementSpec,
    AppointmentSpec,
    CheckInSpec,
    FamilySpec,
    Member,
    TaskSpec,
)
from dossier.models import (
    AgreementStatus,
    CareDomain,
    FamilyPhase,
    Need,
    Role,
    TaskStatus,
)

YILMAZ = FamilySpec(
    name="Gezin Yilmaz",
    child_name="Ayla",
    phase=FamilyPhase.STABLE,
    members=(
        Member("elif", Role.PARENT, "moeder"),
        Member("murat", Role.PARENT, "vader"),
        Member("emre", Role.SIBLING, "broer van Ayla"),
        Member("ayla", Role.CHILD, "Ayla zelf"),  # issue 20: her own page
        Member("sanne", Role.CM_HOSPITAL, KCT, "+31 6 1234 5601"),
        Member("rik", Role.CM_HOME, "casemanager thuis, sociaal wijkteam", "06 1234 5603"),
    ),
    agreements=(
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        TaskSpec(
            title="Voedingsschema doorspreken met de diëtist",
            domain=CareDomain.CARE,
            assignee="elif",
            by="elif",
            due=4,
        ),
        TaskSpec(
            title="Ontslaggesprek en overdracht naar huis",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            status=TaskStatus.DONE,
            done_days_ago=9,
        ),
        TaskSpec(
            title="PGB aanvragen voor zorg thuis",
            domain=CareDomain.MONEY,
            assignee="rik",
            by="rik",
            status=TaskStatus.WAITING,
            waiting_for="zorgkantoor",
            follow_up=2,
            agreement="Aanvragen en nabellen",
        ),
        TaskSpec(
            title="Aanpassing badkamer bespreken met de Wmo-consulent",
            domain=CareDomain.HOME,
            assignee="rik",
            by="rik",
            status=TaskStatus.BUSY,
            due=14,
            agreement="Aanvragen en nabellen",
        ),
        TaskSpec(
            title="Juf van Emre vertellen over de opname van Ayla",
            domain=CareDomain.SCHOOL,
            assignee="murat",
            by="murat",
            due=-1,
        ),
        TaskSpec(
            title="Opvang voor Emre regelen op ziekenhuisdagen",
            domain=CareDomain.FAMILY,
            assignee=None,
            by="elif",
            due=6,
            agreement="Opvang Emre op ziekenhuisdagen",
        ),
        TaskSpec(
            title="Eerste gesprek over wensen voor Ayla (ACP) plannen",
            domain=CareDomain.WISHES,
            assignee="sanne",
            by="sanne",
            due=20,
        ),
    ),
    appointments=(
        AppointmentSpec(
            title="Polikliniek kinderarts",
            day=-7,
            start="11:00",
            end="11:30",
            place="Kinderziekenhuis, polikliniek kindergeneeskunde",
            with_whom="kinderarts dr. Meijer",
            attendees=("elif",),
            by="elif",
        ),
        AppointmentSpec(
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
        AppointmentSpec(
            title="Keukentafelgesprek Wmo (badkamer)",
            day=6,
            start="10:00",
            end="11:00",
            place="Thuis",
            with_whom="Wmo-consulent van de gemeente",
            attendees=("elif", "murat", "rik"),
            by="rik",
        ),
        AppointmentSpec(
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
            CheckInSpec(53, "19:30", 4, (Need.SOMETHING_FUN,), "ot", "Voetbaltraining was leuk."),
            CheckInSpec(
                45, "19:15", 3, (Need.KNOW_WHAT_HAPPENS,), "otz", "Waarom is Ayla zo vaak moe?"
            ),
            CheckInSpec(38, "20:00", 4, (Need.NOTHING,), "o", ""),
            CheckInSpec(30, "19:45", 3, (Need.TIME_WITH_PARENT,), "ot", "Papa werkt veel."),
            CheckInSpec(23, "19:20", 4, (Need.SOMETHING_FUN,), "o", ""),
            CheckInSpec(
                15, "19:50", 3, (Need.HELP_WITH_SCHOOL,), "ot", "Spreekbeurt volgende week."
            ),
            CheckInSpec(9, "19:10", 4, (Need.NOTHING,), "ot", "Spreekbeurt ging goed!"),
            CheckInSpec(
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
