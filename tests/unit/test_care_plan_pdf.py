"""The care plan as a PDF: opened with pypdf, every page says its version and date, and a
caregiver's PDF holds only what the parents released to caregivers."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import select

from dossier.domain.care_plan_print import plan_for_print
from dossier.domain.errors import NotFound
from dossier.models import AuditEvent
from dossier.models.care_plan import (
    CarePlan,
    CarePlanSection,
    CarePlanSectionKey,
    CarePlanVisibility,
)
from dossier.permissions import PermissionDenied
from dossier.presenters.care_plan_pdf import has_dejavu, plan_document, render
from tests.factories import World

CAREGIVERS = {"general", "child", "team", "acute"}
UPDATED = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LONG = " ".join(["Hij houdt van voetbal kijken met zijn opa en van verhalen."] * 12)


def content_for(key: str) -> dict:
    if key == "general":
        return {"language": "Turks en Nederlands", "interpreter": "yes", "culture_faith": "Islam"}
    if key == "child":
        return {"likes": LONG, "comforts": "Zijn knuffel Şirin en zachte muziek."}
    if key == "medical":
        return {"diagnosis": "Diagnose-alleen-voor-de-kern", "what_child_knows": "Dat hij ziek is."}
    if key == "team":
        return {
            "members": [
                {"role": "Kinderarts", "name": "Dr. Güneş Yıldız", "phone": "010 123 4567"},
                {"role": "Huisarts", "name": "Dr. Gerda", "phone": "", "contact_id": None},
            ]
        }
    if key == "acute":
        return {
            "resuscitation": "no",
            "ventilation": "consult",
            "icu": "consult",
            "hospital": "yes",
            "agreed_on": "2026-11-18",
            "notes": "Eerst de ouders bellen.",
        }
    if key in ("physical", "psychological", "social", "pedagogical", "spiritual"):
        return {
            "situation": f"Situatie {key}. {LONG}",
            "goals": [
                {"goal": f"Doel voor {key}", "who": "Hugo", "evaluate_on": "2027-02-01"},
                {"goal": "", "who": "niemand"},  # an empty row is not printed
            ],
        }
    if key == "values":
        return {"important": "Thuis zijn met de familie.", "wishes": LONG}
    return {}


def full_plan(world: World, *, shared: bool = True) -> CarePlan:
    s = world.session
    plan = CarePlan(family_id=world.alfa.id, edition=7, updated_at=UPDATED)
    s.add(plan)
    s.flush()
    for key in CarePlanSectionKey:
        content = content_for(str(key))
        s.add(
            CarePlanSection(
                plan_id=plan.id,
                family_id=world.alfa.id,
                key=str(key),
                content=content,
                visibility=CarePlanVisibility.CAREGIVERS
                if str(key) in CAREGIVERS
                else CarePlanVisibility.CORE,
                shared=shared,
                number=1 if content else 0,
                updated_at=UPDATED if content else None,
                updated_by_id=world.members["hanna"].id if content else None,
                on_behalf_of="dr. De Groot" if key in ("medical", "acute") else "",
            )
        )
    s.flush()
    return plan


def pdf_of(world: World, name: str, lang: str = "nl") -> list[str]:
    printed = plan_for_print(world.session, world.actor(name))
    data = render(plan_document(printed, printed_on=date(2026, 12, 8), lang=lang))
    assert data.startswith(b"%PDF-")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_a_parents_pdf_has_the_version_and_date_on_every_page_and_the_whole_plan(
    world: World,
) -> None:
    full_plan(world)
    pages = pdf_of(world, "anna")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Versie 7 · 20 november 2026" in text, number
        assert f"pagina {number} van {len(pages)}" in text
    text = "\n".join(pages)
    assert "Zorgplan Cleo" in pages[0]
    assert "Diagnose-alleen-voor-de-kern" in text
    assert "Vastgelegd door Hanna namens dr. De Groot op 20 november 2026." in text
    assert "Het ziekenhuisdossier is leidend." in text
    assert "Doel voor physical" in text and "1 februari 2027" in text
    assert "niemand" not in text
    assert "In overleg" in text  # a treatment choice in words


@pytest.mark.skipif(not has_dejavu(), reason="fonts-dejavu-core is not installed")
def test_turkish_names_print_as_they_are_written(world: World) -> None:
    full_plan(world)
    text = "\n".join(pdf_of(world, "hugo"))
    assert "Güneş Yıldız" in text and "Şirin" in text


def test_a_caregivers_pdf_lacks_the_sections_not_released_to_caregivers(world: World) -> None:
    full_plan(world)
    text = "\n".join(pdf_of(world, "gerda"))
    assert "Turks en Nederlands" in text  # general: released to caregivers
    assert "Eerst de ouders bellen." in text  # the acute agreements: released
    assert "Diagnose-alleen-voor-de-kern" not in text  # medical: parents and case managers
    assert "Thuis zijn met de familie." not in text  # values: core only
    assert "Doel voor physical" not in text


def test_without_consent_a_caregiver_prints_no_section(world: World) -> None:
    full_plan(world, shared=False)
    text = "\n".join(pdf_of(world, "gerda"))
    assert "Turks en Nederlands" not in text and "Eerst de ouders bellen." not in text
    assert "Versie 7" in text


def test_the_print_is_logged_and_a_sibling_is_refused(world: World) -> None:
    plan = full_plan(world)
    pdf_of(world, "hanna", lang="en")
    (row,) = world.session.exec(
        select(AuditEvent).where(AuditEvent.action == "careplan.print")
    ).all()
    assert (row.object_id, row.detail) == (plan.id, "13 sections")
    with pytest.raises(PermissionDenied):
        plan_for_print(world.session, world.actor("ben"))


def test_without_a_plan_there_is_nothing_to_print(world: World) -> None:
    with pytest.raises(NotFound):
        plan_for_print(world.session, world.actor("anna"))


def test_the_english_pdf_and_the_helvetica_fallback_still_open(world: World) -> None:
    full_plan(world)
    printed = plan_for_print(world.session, world.actor("anna"))
    document = plan_document(printed, printed_on=date(2026, 12, 8), lang="en")
    data = render(document, unicode=False)  # as on a machine without DejaVu Sans
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    for number, text in enumerate(pages, start=1):
        assert "Version 7 · 20 November 2026" in text
        assert f"page {number} of {len(pages)}" in text
    assert "The hospital record is leading." in "\n".join(pages)
    assert "Y?ld?z" in "\n".join(pages)  # what Helvetica cannot print became "?"
