"""The care plan's sections: order, default readers, the checks of each field, and what
changed between two versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.domain.care_plan_sections import (
    DEFAULT_VISIBILITY,
    FIELDS,
    GOALS_MAX,
    SECTION_ORDER,
    SectionInputError,
    clean_content,
    clean_on_behalf_of,
    differences,
    empty_content,
)

CATALOGUE = Path(__file__).parents[2] / "dossier" / "i18n"


def test_the_sections_follow_the_izp_from_the_details_to_the_end_of_life() -> None:
    assert SECTION_ORDER[0] == "details"
    assert SECTION_ORDER[-1] == "end_of_life"
    assert len(SECTION_ORDER) == 13
    assert set(FIELDS) == set(SECTION_ORDER)


def test_caregivers_read_general_child_team_and_acute_by_default_and_nothing_else() -> None:
    released = {k for k, v in DEFAULT_VISIBILITY.items() if v == "caregivers"}
    assert released == {"general", "child", "team", "acute"}
    assert {v for k, v in DEFAULT_VISIBILITY.items() if k not in released} == {"core"}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_section_and_field_has_a_label_in_both_languages(lang: str) -> None:
    words = json.loads((CATALOGUE / f"{lang}.careplan.json").read_text(encoding="utf-8"))
    for key, specs in FIELDS.items():
        assert f"careplan.section.{key}" in words
        for spec in specs:
            assert spec.label_key(key) in words


def test_a_section_is_cleaned_to_its_shape_with_real_dates() -> None:
    content = clean_content(
        "details",
        {"with_child_on": "1-3-2026", "main_practitioner": "  Dr. Jansen ", "extra": "x"},
    )
    assert content["with_child_on"] == "2026-03-01"
    assert content["main_practitioner"] == "Dr. Jansen"
    assert "extra" not in content
    assert set(content) == set(empty_content("details"))


def test_thirty_february_is_not_a_date_and_nothing_is_kept() -> None:
    with pytest.raises(SectionInputError) as caught:
        clean_content("details", {"with_parents_on": "30-2-2026"})
    assert caught.value.errors == {"with_parents_on": "careplan.error.date"}


def test_an_acute_agreement_is_yes_no_in_consultation_or_not_yet_discussed() -> None:
    content = clean_content("acute", {"resuscitation": "no", "icu": "consult", "hospital": "yes"})
    assert (content["resuscitation"], content["ventilation"], content["icu"]) == (
        "no",
        "",
        "consult",
    )
    with pytest.raises(SectionInputError) as caught:
        clean_content("acute", {"ventilation": "maybe"})
    assert caught.value.errors == {"ventilation": "careplan.error.choice"}


def test_too_long_text_and_invisible_characters_are_refused() -> None:
    with pytest.raises(SectionInputError) as caught:
        clean_content("child", {"likes": "x" * 4001, "comforts": "ok\u202eevil"})
    assert caught.value.errors == {
        "likes": "careplan.error.too_long",
        "comforts": "error.invisible_text",
    }


def test_goal_rows_need_a_goal_and_empty_rows_are_dropped() -> None:
    content = clean_content(
        "physical",
        {
            "situation": "Moe",
            "goals": [
                {"goal": "Goed slapen", "who": "Anna", "evaluate_on": "2026-12-20", "task_id": "7"},
                {"goal": "", "who": "", "evaluate_on": ""},
            ],
        },
    )
    assert content["goals"] == [
        {
            "goal": "Goed slapen",
            "who": "Anna",
            "evaluate_on": "2026-12-20",
            "agreement_id": None,
            "task_id": 7,
        }
    ]
    with pytest.raises(SectionInputError) as caught:
        clean_content("social", {"goals": [{"who": "Bram"}]})
    assert caught.value.errors == {"goals": "careplan.error.goal_required"}
    with pytest.raises(SectionInputError):
        clean_content("social", {"goals": [{"goal": "x"}] * (GOALS_MAX + 1)})
    with pytest.raises(SectionInputError):
        clean_content("social", {"goals": [{"goal": "x", "agreement_id": "1; drop"}]})


def test_a_team_member_needs_a_name() -> None:
    content = clean_content(
        "team", {"members": [{"role": "Huisarts", "name": "Dr. Bos", "contact_id": 3}]}
    )
    assert content["members"][0]["contact_id"] == 3
    with pytest.raises(SectionInputError):
        clean_content("team", {"members": [{"role": "Huisarts"}]})


def test_a_treatment_section_names_the_main_practitioner() -> None:
    assert clean_on_behalf_of("  dr.  De Boer ") == "dr. De Boer"
    with pytest.raises(SectionInputError):
        clean_on_behalf_of(" ")


def test_what_changed_lists_each_changed_field_with_old_and_new() -> None:
    old = clean_content("acute", {"resuscitation": "yes", "notes": "Bel eerst"})
    new = clean_content("acute", {"resuscitation": "no", "notes": "Bel eerst"})
    found = differences("acute", old, new)
    assert [(d.label_key, d.old, d.new) for d in found] == [
        ("careplan.field.acute.resuscitation", "yes", "no")
    ]
    assert differences("acute", new, new) == []
    first = differences("child", {}, {"likes": "Muziek"})
    assert (first[0].old, first[0].new) == ("", "Muziek")


def test_goal_rows_are_compared_as_rows() -> None:
    keep = {"goal": "Naar school", "who": "Ouders", "evaluate_on": ""}
    old = clean_content("pedagogical", {"goals": [keep, {"goal": "Zwemmen"}]})
    new = clean_content("pedagogical", {"goals": [{"goal": "Fietsen"}, keep]})
    found = differences("pedagogical", old, new)
    assert len(found) == 1
    assert found[0].old["goal"] == "Zwemmen"
    assert found[0].new["goal"] == "Fietsen"
    added = differences("pedagogical", old, {**old, "goals": [*old["goals"], {"goal": "Lezen"}]})
    assert [(d.old, d.new["goal"]) for d in added] == [("", "Lezen")]
