"""The demo families' plans for a sudden admission ("Als het plotseling moet").

De Vries has a filled-in plan that names its network contacts (looked up by name, as
dossier/demo/network.py wrote them just before) and a part for Lotte and for Daan. Other
families start without a plan: a parent's first look makes the defaults.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, select

from dossier.domain.plan_parts import POSITION, default_bring, refresh_named_ids
from dossier.models import Contact, EmergencyPlan, EmergencyPlanPart, Membership, PlanSection

FIRST_CALL = (
    ("Kinder Comfort Team", "Eerst de afdeling: zij zeggen of we komen of naar de SEH gaan."),
    ("Dr. Karin Visser", "Overdag, als het niet via de afdeling hoeft."),
    ("Huisartsenpost Utrecht Stad", "Als het 's avonds of in het weekend is."),
    ("Oma Ria", "Zij komt naar huis voor Lotte en Daan."),
)


def add_emergency_plan(
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
        c.name: c.id
        for c in session.exec(select(Contact).where(Contact.family_id == family_id)).all()
    }

    def cid(name: str) -> int | None:
        return contacts.get(name)

    anna = members["anna"].id
    session.add(
        EmergencyPlan(family_id=family_id, review_on=today + timedelta(days=75), updated_by_id=anna)
    )
    bring = default_bring("nl")
    bring.insert(2, {"label": "Sondevoeding voor een dag en de pomp"})
    bring.append({"label": "Het voorleesboek van nu"})
    parts: list[tuple[str, str, dict[str, Any], int | None]] = [
        (
            PlanSection.FIRST_CALL,
            PlanSection.FIRST_CALL,
            {
                "items": [
                    {"contact": cid(name), "note": note}
                    for name, note in FIRST_CALL
                    if cid(name) is not None
                ]
            },
            None,
        ),
        (
            "sibling:1",
            PlanSection.SIBLING,
            {
                "name": "Lotte",
                "member": members["lotte"].id,
                "pickup_contact": None,
                "pickup": "Lotte fietst zelf naar oma Ria, of oma haalt haar op.",
                "sleep": "Bij oma Ria, op de logeerkamer.",
                "school": "Mentor meneer De Graaf weet het; hij zegt het tegen de andere docenten. "
                "Hockey: wij bellen de trainer.",
            },
            members["lotte"].id,
        ),
        (
            "sibling:2",
            PlanSection.SIBLING,
            {
                "name": "Daan",
                "member": members["daan"].id,
                "pickup_contact": cid("Buurvrouw Joke"),
                "pickup": "Na school haalt buurvrouw Joke hem op; daarna gaat hij naar oma.",
                "sleep": "Bij oma Ria. Zijn knuffel en pyjama liggen daar al.",
                "school": "Meester Tim van groep 6 krijgt een berichtje van ons. Voetbal op "
                "woensdag: hij mag mee met Joke.",
            },
            members["daan"].id,
        ),
        (
            PlanSection.PARENT_ILL,
            PlanSection.PARENT_ILL,
            {
                "contact": cid("Oma Ria"),
                "who": "Oma Ria komt in huis; Femke helpt met wat er geregeld moet worden.",
                "notes": "De medicatielijst hangt binnen in het keukenkastje.",
            },
            None,
        ),
        (
            PlanSection.PRACTICAL,
            PlanSection.PRACTICAL,
            {
                "pets": "Buurvrouw Joke voert de kat Pip en heeft een sleutel.",
                "work": "Mark belt zijn leidinggevende; Anna mailt haar team.",
                "other": "De auto staat vol getankt; de parkeerkaart van het ziekenhuis ligt "
                "in het handschoenenkastje.",
            },
            None,
        ),
        (PlanSection.BRING, PlanSection.BRING, {"items": bring}, None),
        (
            PlanSection.INFORM,
            PlanSection.INFORM,
            {
                "contacts": [
                    i
                    for i in (cid("Juf Marieke (groep 3)"), cid("Wijkverpleging Buurtzorg"))
                    if i is not None
                ],
                "words": "De familie-app van de ooms en tantes (Mark stuurt één bericht).",
            },
            None,
        ),
    ]
    for n, (key, section, content, sibling) in enumerate(parts):
        position = POSITION.get(PlanSection(section), 0) + (n if section == "sibling" else 0)
        session.add(
            EmergencyPlanPart(
                family_id=family_id,
                key=key,
                section=section,
                position=position,
                sibling_id=sibling,
                content=content,
                named_ids=[],
                updated_by_id=anna,
            )
        )
    session.flush()
    refresh_named_ids(session, family_id)
