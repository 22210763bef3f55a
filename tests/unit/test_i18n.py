"""The catalogue: both languages complete, every key the code uses exists; Amsterdam time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dossier.i18n import catalogue, format_moment, pick_locale, translate
from dossier.models import AgreementStatus, CareDomain, Need, Role, TaskStatus

ROOT = Path(__file__).resolve().parents[2]
KEY_USE = re.compile(r"""(?:\bt\[|_message\(|translate\([^,()]+,\s*)"([a-z_]+\.[a-z0-9_.]+)"\]?""")


def keys_used_in_code() -> set[str]:
    sources = [*ROOT.joinpath("dossier").rglob("*.py"), *ROOT.joinpath("components").rglob("*.py")]
    keys = {key for path in sources for key in KEY_USE.findall(path.read_text())}
    keys |= {f"domain.{d}" for d in CareDomain} | {f"need.{n}" for n in Need}
    keys |= {f"task.status.{s}" for s in TaskStatus} | {f"role.{r}" for r in Role}
    keys |= {f"agreement.status.{s}" for s in AgreementStatus} | {f"mood.{i}" for i in range(1, 6)}
    return keys


def test_dutch_and_english_have_the_same_keys() -> None:
    assert set(catalogue("nl")) == set(catalogue("en"))


def test_every_key_used_in_the_code_is_in_the_catalogue() -> None:
    used = keys_used_in_code()
    assert len(used) > 50  # the scan really found the keys
    assert used - set(catalogue("nl")) == set()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_empty_texts(lang: str) -> None:
    assert all(text.strip() for text in catalogue(lang).values())


def test_dutch_is_the_default_and_a_choice_is_kept() -> None:
    assert pick_locale(None) == "nl"
    assert pick_locale("fr") == "nl"
    assert pick_locale("en") == "en"


def test_placeholders_are_filled() -> None:
    assert translate("nl", "task.waiting_for", who="CIZ") == "Wacht op: CIZ"


def test_times_are_shown_in_amsterdam_time() -> None:
    late_evening_utc = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # 00:30 on the 23rd in NL
    assert format_moment(late_evening_utc, "nl") == "ma 23 nov 00:30"
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # CEST: UTC+2
    assert format_moment(summer, "en").endswith("12:00")
