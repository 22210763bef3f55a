"""The demo family De Vries's care plan (IZP), its conversations about what matters,
and a follow-up task.

Sam is six and has a brain stem tumour; radiotherapy is over and cure is not possible.
Sanne (the hospital case manager) wrote the medical and treatment sections on behalf of
the main practitioner; Anna and Femke wrote the family's sections. Anna gave consent, so
the sections released to caregivers reach Dr. Visser. Femke changed "Wie is ons kind"
after Anna last confirmed it, so a parent sees "wat is er veranderd" on first look.
Other families start without a plan.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from dossier.domain.care_plan_sections import DEFAULT_VISIBILITY, SECTION_ORDER
from dossier.models import (
    AcpConversation,
    AcpQuestion,
    CarePlan,
    CarePlanConsent,
    CarePlanEvaluation,
    CarePlanSection,
    CarePlanSectionVersion,
    Contact,
    Membership,
    Task,
)

PRACTITIONER = "dr. M. de Boer, kinderoncoloog"

# What Anna confirmed about Sam, and Femke's later change that waits for a parent.
CHILD_CONFIRMED = {
    "likes": "Dinosaurussen, voorlezen, de hond van oma Ria en in bad spelen.",
    "communicates": "Sam praat minder duidelijk dan vroeger. Hij wijst en knikt. "
    "Geef hem tijd om te antwoorden.",
    "comforts": "Zijn knuffel Rex, zacht zingen en dicht bij mama of papa liggen.",
    "dislikes": "Harde geluiden en veel mensen tegelijk in de kamer.",
}
CHILD_NOW = {
    **CHILD_CONFIRMED,
    "communicates": "Sam praat minder duidelijk dan vroeger. Hij wijst, knikt en gebruikt "
    "de plaatjesmap van de logopedist. Geef hem tijd om te antwoorden.",
}


def _content(today: date, contacts: dict[str, int]) -> dict[str, dict[str, Any]]:
    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    def goal(text: str, who: str, in_days: int) -> dict[str, Any]:
        return {
            "goal": text,
            "who": who,
            "evaluate_on": day(in_days),
            "agreement_id": None,
            "task_id": None,
        }

    return {
        "details": {
            "with_child_on": "",
            "with_child_by": "",
            "with_parents_on": day(-26),
            "with_practitioner_on": day(-26),
            "main_practitioner": PRACTITIONER,
            "acp_planned_on": day(12),
        },
        "general": {
            "language": "Nederlands",
            "understands_dutch": "Ja",
            "interpreter": "no",
            "living_situation": "Sam woont thuis met mama Anna, papa Mark, Lotte (14) en "
            "Daan (9). Zijn bed staat nu beneden in de woonkamer.",
            "culture_faith": "Niet gelovig. Rituelen met de familie zijn belangrijk, zoals "
            "samen eten op zondag bij oma Ria.",
        },
        "child": CHILD_NOW,
        "medical": {
            "history": "Gezond geboren. Sinds maart 2026 vaker vallen en scheel kijken.",
            "diagnosis": "Een tumor in de hersenstam (DIPG), vastgesteld in mei 2026. "
            "Bestraling is in juli afgerond. Genezing is niet mogelijk.",
            "outlook": "De verwachting is maanden. Slikken en praten gaan langzaam achteruit.",
            "discussed_how": "Met Anna en Mark besproken door dr. De Boer, met de woorden "
            "'Sam gaat hieraan dood, we weten niet precies wanneer'.",
            "what_child_knows": "Sam weet dat er 'een bultje in zijn hoofd' zit en dat de "
            "dokters het niet weg kunnen maken.",
            "allergies": "Geen bekende allergieën.",
        },
        "team": {
            "members": [
                {
                    "role": "Hoofdbehandelaar",
                    "name": PRACTITIONER,
                    "phone": "088-9725000",
                    "contact_id": None,
                },
                {
                    "role": "Kinder Comfort Team",
                    "name": "Kinder Comfort Team",
                    "phone": "088-9725010",
                    "contact_id": contacts.get("Kinder Comfort Team"),
                },
                {
                    "role": "Huisarts",
                    "name": "Dr. Karin Visser",
                    "phone": "030-1234567",
                    "contact_id": contacts.get("Dr. Karin Visser"),
                },
                {
                    "role": "Wijkverpleging",
                    "name": "Wijkverpleging Buurtzorg",
                    "phone": "06-12345620",
                    "contact_id": contacts.get("Wijkverpleging Buurtzorg"),
                },
                {
                    "role": "Apotheek",
                    "name": "Apotheek Lombok",
                    "phone": "030-5550123",
                    "contact_id": contacts.get("Apotheek Lombok"),
                },
            ]
        },
        "physical": {
            "situation": "Sondevoeding via de neus. Soms hoofdpijn en onrustig in de nacht.",
            "goals": [
                goal("Sam heeft overdag geen hoofdpijn", "Kinder Comfort Team", 14),
                goal("Sam slaapt 's nachts minstens zes uur door", "wijkverpleging", 28),
            ],
        },
        "psychological": {
            "situation": "Sam is vaak moe en soms boos omdat hij niet meer goed kan praten.",
            "goals": [goal("Sam kan laten weten wat hij wil met de plaatjesmap", "logopedist", 21)],
        },
        "social": {
            "situation": "Lotte en Daan willen graag helpen, maar hebben ook hun eigen leven.",
            "goals": [goal("Lotte en Daan hebben elke week een eigen uitje", "Anna en Mark", 30)],
        },
        "pedagogical": {
            "situation": "Sam zat in groep 3. Juf Marieke komt eens per week langs.",
            "goals": [goal("Sam blijft contact houden met zijn klas", "Femke", 30)],
        },
        "spiritual": {
            "situation": "Anna en Mark willen dat Sam zo veel mogelijk kind kan zijn.",
            "goals": [],
        },
        "values": {
            "important": "Thuis zijn, met het hele gezin. Geen pijn.",
            "hopes": "Nog een keer met z'n allen naar zee.",
            "fears": "Dat Sam benauwd wordt en we niet weten wat we moeten doen.",
            "quality_of_life": "Comfort gaat voor behandelen. Liever thuis dan in het ziekenhuis.",
            "wishes": "Geen opname op de IC. Bij klachten eerst het Kinder Comfort Team bellen.",
        },
        "acute": {
            "resuscitation": "no",
            "ventilation": "no",
            "icu": "no",
            "hospital": "consult",
            "agreed_on": day(-26),
            "notes": "Bij benauwdheid: de medicijnen uit de comfortbox geven en het Kinder "
            "Comfort Team bellen. Opname alleen als het thuis echt niet lukt.",
        },
        "end_of_life": {
            "place": "Thuis, in de woonkamer.",
            "wishes": "Rustig, met muziek die Sam fijn vindt. Lotte en Daan mogen erbij zijn "
            "als zij dat willen.",
            "after_death": "Nog niet over gesproken.",
            "aftercare": "Femke houdt contact met het gezin na het overlijden.",
        },
    }


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=UTC)


def add_care_plan(
    session: Session,
    family_name: str,
    family_id: int,
    members: dict[str, Membership],
    *,
    today: date,
) -> None:
    if family_name != "Gezin De Vries":
        return
    contacts = {
        c.name: int(c.id)
        for c in session.exec(select(Contact).where(Contact.family_id == family_id)).all()
        if c.id is not None
    }
    anna, sanne, femke = members["anna"].id, members["sanne"].id, members["femke"].id
    written = today - timedelta(days=26)
    plan = CarePlan(
        family_id=family_id,
        created_by_id=sanne,
        created_at=_at(written),
        updated_at=_at(today - timedelta(days=2)),
        review_on=today + timedelta(days=62),
        reevaluate_on=today + timedelta(days=154),
    )
    session.add(plan)
    session.flush()
    content = _content(today, contacts)
    for key in SECTION_ORDER:
        treatment = key in ("medical", "acute")
        by = sanne if treatment else (femke if key in ("pedagogical", "social") else anna)
        section = CarePlanSection(
            plan_id=plan.id or 0,
            family_id=family_id,
            key=key,
            content=content[key],
            visibility=DEFAULT_VISIBILITY[key],
            shared=True,
            number=1,
            updated_at=_at(written),
            updated_by_id=by,
            on_behalf_of=PRACTITIONER if treatment else "",
            confirmed_number=1,
            confirmed_by_id=anna,
            confirmed_at=_at(written + timedelta(days=1)),
        )
        session.add(section)
        session.flush()
        first = CHILD_CONFIRMED if key == "child" else content[key]
        _version(session, section, 1, first, by, written)
        if key == "child":  # Femke's later change, not yet confirmed by a parent
            section.number, section.updated_by_id = 2, femke
            section.updated_at = _at(today - timedelta(days=2))
            _version(session, section, 2, CHILD_NOW, femke, today - timedelta(days=2))
        plan.edition += section.number
    session.add(
        CarePlanConsent(
            family_id=family_id,
            given_by_id=anna,
            recorded_by_id=anna,
            given_on=written + timedelta(days=1),
        )
    )
    session.add(
        CarePlanEvaluation(
            family_id=family_id,
            kind="review",
            held_on=today - timedelta(days=28),
            outcome="Het plan past nog. Sondevoeding is erbij gekomen; het doel over "
            "slapen is nieuw.",
            changed_sections=["physical"],
            recorded_by_id=sanne,
            created_at=_at(today - timedelta(days=28)),
        )
    )
    _add_conversations(session, family_id, members, today=today)


def _version(
    session: Session,
    section: CarePlanSection,
    number: int,
    content: dict[str, Any],
    by: int | None,
    day: date,
) -> None:
    session.add(
        CarePlanSectionVersion(
            section_id=section.id or 0,
            family_id=section.family_id,
            number=number,
            content=content,
            on_behalf_of=section.on_behalf_of,
            created_by_id=by,
            created_at=_at(day),
        )
    )


def _add_conversations(
    session: Session, family_id: int, members: dict[str, Membership], *, today: date
) -> None:
    """One conversation held (with a follow-up task) and the next one planned, with a
    preparation question from Femke that waits for the parents' answer."""
    anna, mark = members["anna"].id, members["mark"].id
    sanne, femke = members["sanne"].id, members["femke"].id
    held = AcpConversation(
        family_id=family_id,
        held_on=today - timedelta(days=26),
        leader_member_id=sanne,
        participant_ids=[i for i in (anna, mark, sanne) if i is not None],
        report="We spraken over wat Sam en het gezin belangrijk vinden: thuis zijn, geen "
        "pijn, samen. Anna en Mark willen geen IC-opname. De afspraken staan in het "
        "zorgplan onder 'Afspraken bij acute situaties'. Volgende keer: wensen rond het "
        "levenseinde en wat Lotte en Daan nodig hebben.",
        created_by_id=sanne,
        created_at=_at(today - timedelta(days=27)),
        updated_at=_at(today - timedelta(days=26)),
    )
    planned = AcpConversation(
        family_id=family_id,
        held_on=today + timedelta(days=12),
        leader_member_id=sanne,
        participant_ids=[i for i in (anna, mark, sanne, femke) if i is not None],
        created_by_id=sanne,
        created_at=_at(today - timedelta(days=3)),
        updated_at=_at(today - timedelta(days=3)),
    )
    session.add_all([held, planned])
    session.flush()
    session.add(
        AcpQuestion(
            conversation_id=planned.id or 0,
            family_id=family_id,
            question="Wat willen jullie dat Lotte en Daan weten over hoe het verder gaat?",
            asked_by_id=femke,
            asked_at=_at(today - timedelta(days=3)),
        )
    )
    session.add(
        Task(
            family_id=family_id,
            title="Comfortbox ophalen bij de apotheek",
            domain="care",
            assignee_id=mark,
            due_on=today + timedelta(days=2),
            created_by_id=sanne,
            created_at=_at(today - timedelta(days=26)),
            source_type="acp",
            source_id=held.id,
        )
    )
