"""Gezin De Vries: Sam (6) came home from hospital a few weeks ago; Lotte (14) and Daan (9)."""

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

DE_VRIES = FamilySpec(
    name="Gezin De Vries",
    child_name="Sam",  # 6 years old: too young to log in, so not a user
    phase=FamilyPhase.INTENSIVE,  # Sam came home from hospital a few weeks ago
    members=(
        Member("anna", Role.PARENT, "moeder"),
        Member("mark", Role.PARENT, "vader"),
        Member("lotte", Role.SIBLING, "zus van Sam"),
        Member("daan", Role.SIBLING, "broer van Sam"),
        Member("sanne", Role.CM_HOSPITAL, KCT, "+31 6 1234 5601"),
        Member("femke", Role.CM_HOME, "casemanager dagelijks leven, gemeente", "06 1234 5602"),
        Member("visser", Role.CAREGIVER, "huisarts", "(030) 123 45 67"),
    ),
    agreements=(
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        AgreementSpec(
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
        TaskSpec(
            title="Herhaalrecept anti-epileptica klaarzetten voor de apotheek",
            domain=CareDomain.CARE,
            assignee="visser",
            by="anna",
            due=2,
            notes="De apotheek heeft het recept vóór vrijdag nodig; de voorraad is bijna op.",
        ),
        TaskSpec(
            title="Huisbezoek na ontslag uit het ziekenhuis",
            domain=CareDomain.CARE,
            assignee="visser",
            by="sanne",
            status=TaskStatus.DONE,
            done_days_ago=19,
        ),
        TaskSpec(
            title="MDO plannen met ziekenhuis, huisarts en thuiszorg",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            status=TaskStatus.BUSY,
            due=5,
            agreement="MDO organiseren",
            notes="Doel: warme overdracht van ziekenhuis naar huis. Datum staat, agenda nog niet.",
        ),
        TaskSpec(
            title="Zorgplan (IZP) bijwerken na de laatste opname",
            domain=CareDomain.CARE,
            assignee="sanne",
            by="sanne",
            due=-3,
            agreement="Zorgplan (IZP) actueel houden",
            notes="Nieuw: de sondevoeding is aangepast en er is een nieuw noodplan bij aanvallen.",
        ),
        TaskSpec(
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
        TaskSpec(
            title="Machtiging voedingspomp en sondevoeding verlengen",
            domain=CareDomain.HOME,
            assignee="anna",
            by="anna",
            status=TaskStatus.WAITING,
            waiting_for="zorgverzekeraar",
            follow_up=-1,
            notes="Formulier van de kinderarts is opgestuurd. Nog geen bevestiging gekregen.",
        ),
        TaskSpec(
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
        TaskSpec(
            title="PGB-verantwoording van het afgelopen kwartaal indienen",
            domain=CareDomain.MONEY,
            assignee="mark",
            by="mark",
            due=-2,
            agreement="PGB-administratie",
            notes="Urenbriefjes van de zorgverleners zijn er; één declaratie ontbreekt nog.",
        ),
        TaskSpec(
            title="Mentor van Lotte vertellen hoe het thuis gaat",
            domain=CareDomain.SCHOOL,
            assignee="anna",
            by="anna",
            due=4,
            agreement="Contact met school",
        ),
        TaskSpec(
            title="Aangepast vervoer naar school regelen voor Sam",
            domain=CareDomain.SCHOOL,
            assignee="femke",
            by="femke",
            status=TaskStatus.BUSY,
            due=10,
            notes="Leerlingenvervoer met rolstoelplek. Offerte van de vervoerder is opgevraagd.",
        ),
        TaskSpec(
            title="Gesprek met de juf van Daan",
            domain=CareDomain.SCHOOL,
            assignee="mark",
            by="mark",
            status=TaskStatus.DONE,
            done_days_ago=6,
            notes="De juf let extra op Daan en laat het weten als hij stil is.",
        ),
        TaskSpec(
            title="Logeeradres regelen voor Lotte en Daan bij een plotselinge opname",
            domain=CareDomain.FAMILY,
            assignee="femke",
            by="femke",
            status=TaskStatus.BUSY,
            due=7,
            agreement="Opvang broers en zussen bij plotselinge opname",
            notes="Oma Ria kan doordeweeks. Nog vragen of de buren een sleutel willen hebben.",
        ),
        TaskSpec(
            title="Lijstje maken: wat neem ik mee als ik bij oma logeer",
            domain=CareDomain.FAMILY,
            assignee="lotte",
            by="anna",
            due=6,
        ),
        TaskSpec(
            title="Logeerweekend voor Sam in het kinderzorghuis aanvragen",
            domain=CareDomain.FAMILY,
            assignee=None,
            by="mark",
            due=30,
            notes="Dan kunnen wij een weekend iets leuks doen met Lotte en Daan.",
        ),
        TaskSpec(
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
        TaskSpec(
            title="Aanmelden bij een wensstichting voor een dag uit met het gezin",
            domain=CareDomain.WISHES,
            assignee=None,
            by="femke",
        ),
        TaskSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
            title="Huisbezoek huisarts",
            day=-6,
            start="13:30",
            end="14:00",
            place="Thuis",
            with_whom="huisarts dr. Visser",
            attendees=("mark", "visser"),
            by="visser",
        ),
        AppointmentSpec(
            title="Gesprek over de Wmo-aanvraag",
            day=-3,
            start="15:00",
            end="16:00",
            place="Thuis",
            with_whom="Femke Bos, casemanager thuis",
            attendees=("anna", "mark", "femke"),
            by="femke",
        ),
        AppointmentSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
            title="Kinderfysiotherapie Sam",
            day=8,
            start="14:00",
            end="14:45",
            place="Praktijk voor kinderfysiotherapie",
            with_whom="kinderfysiotherapeut Ilse",
            attendees=("mark",),
            by="mark",
        ),
        AppointmentSpec(
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
        AppointmentSpec(
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
        AppointmentSpec(
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
            CheckInSpec(
                55, "18:30", 4, (Need.SOMETHING_FUN,), "ot", "Ik heb een doelpunt gemaakt!"
            ),
            CheckInSpec(51, "19:00", 3, (Need.TIME_WITH_PARENT,), "ot", ""),
            CheckInSpec(
                47,
                "18:45",
                3,
                (Need.KNOW_WHAT_HAPPENS,),
                "otz",
                "Sam moest weer naar het ziekenhuis. Ik sliep bij oma.",
            ),
            CheckInSpec(41, "19:10", 2, (Need.TIME_WITH_PARENT,), "ot", "Ik mis mama."),
            CheckInSpec(36, "18:20", 4, (Need.NOTHING,), "otz", "Sam is weer thuis."),
            CheckInSpec(30, "18:40", 4, (Need.SOMETHING_FUN,), "ot", ""),
            CheckInSpec(26, "19:05", 5, (Need.NOTHING,), "ot", "Met papa naar de film geweest."),
            CheckInSpec(20, "18:35", 3, (Need.HELP_WITH_SCHOOL,), "o", "Rekenen is moeilijk."),
            CheckInSpec(13, "18:50", 4, (Need.SOMETHING_FUN,), "ot", ""),
            CheckInSpec(
                8,
                "19:00",
                3,
                (Need.TIME_WITH_PARENT, Need.SOMETHING_FUN),
                "ot",
                "Mag ik een keer alleen met mama naar het zwembad?",
            ),
            CheckInSpec(
                2, "18:30", 4, (Need.NOTHING,), "otz", "Ik heb een tekening voor Sam gemaakt."
            ),
        ),
        # Lotte (14) shares less, and has had a dip in the last two weeks.
        "lotte": (
            CheckInSpec(54, "21:15", 4, (Need.NOTHING,), "ot", "Gaat prima."),
            CheckInSpec(
                48,
                "22:00",
                3,
                (Need.KNOW_WHAT_HAPPENS,),
                "t",
                "Niemand vertelt mij wat er in het ziekenhuis gebeurt.",
            ),
            CheckInSpec(43, "21:30", 3, (Need.REST,), "", ""),
            CheckInSpec(37, "20:45", 4, (Need.SOMETHING_FUN,), "ot", "Weekend bij Noor geslapen."),
            CheckInSpec(31, "21:10", 3, (Need.HELP_WITH_SCHOOL,), "o", "Veel toetsen deze week."),
            CheckInSpec(24, "21:40", 4, (Need.NOTHING,), "t", ""),
            CheckInSpec(17, "22:05", 3, (Need.REST,), "ot", "Moe. Sam was vannacht veel wakker."),
            CheckInSpec(
                11,
                "21:50",
                2,
                (Need.SOMEONE_TO_TALK,),
                "t",
                "Ik kan me niet concentreren op school. Ik denk steeds aan Sam.",
                talk_to="femke",
            ),
            CheckInSpec(6, "22:20", 2, (Need.REST,), "", "Geen zin om erover te praten."),
            CheckInSpec(
                2, "21:35", 2, (Need.TIME_WITH_PARENT, Need.REST), "ot", "Slecht geslapen."
            ),
        ),
    },
)
