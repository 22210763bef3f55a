"""Ayla's own page ("Wat ik belangrijk vind") in Gezin Yilmaz: written in her words and
shared with Sanne (the hospital case manager) only."""

from __future__ import annotations

from sqlmodel import Session

from dossier.models import ChildPage, Membership

AYLA_WORDS = {
    "likes": "Tekenen, vooral manga. Series kijken met Emre. Onze kat Pamuk op mijn bed.",
    "important": "Dat ik naar school kan als het lukt, ook als het maar een uurtje is. "
    "Dat mijn vriendinnen gewoon doen.",
    "worries": "Dat mama en papa zich zorgen maken en het niet zeggen. "
    "Soms ben ik bang voor de nachten in het ziekenhuis.",
    "want_known": "Ik wil zelf horen wat de dokter zegt, niet alleen via mama. "
    "Als ik stil ben, ben ik moe, niet boos.",
}


def add_child_page(
    session: Session, family_name: str, family_id: int, members: dict[str, Membership]
) -> None:
    if family_name != "Gezin Yilmaz" or "ayla" not in members:
        return
    ayla, sanne = members["ayla"].id, members["sanne"].id
    assert ayla is not None and sanne is not None
    session.add(
        ChildPage(
            family_id=family_id,
            created_by_id=ayla,
            content=dict(AYLA_WORDS),
            reader_ids=[sanne],
        )
    )
    session.flush()
