"""The access log reads as a few lines a day: repeated looks fold, changes and refusals stay."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dossier.domain.audit_log import LogEntry, fold_views
from dossier.presenters.access_log import access_log_line

TODAY = date(2026, 11, 23)
_ids = iter(range(1, 10_000))


def row(hh_mm: str, action: str = "task.view.list", **fields: object) -> LogEntry:
    """A row of 23 Nov 2026 at hh:mm Amsterdam time (13:00 UTC is 14:00 there)."""
    hour, minute = (int(part) for part in hh_mm.split(":"))
    values: dict = {
        "id": next(_ids),
        "at": datetime(2026, 11, 23, hour - 1, minute, tzinfo=UTC),
        "user_id": 5,
        "name": "Femke Bos",
        "role": "cm_home",
        "organisation": "",
        "action": action,
        "object_type": "",
        "outcome": "allowed",
    }
    return LogEntry(**{**values, **fields})


def sentences(entries: list[LogEntry], lang: str = "nl") -> list[str]:
    return [access_log_line(line, lang, TODAY)["sentence"] for line in fold_views(entries)]


def test_femke_s_five_looks_at_tasks_in_one_morning_are_one_line_with_times() -> None:
    rows = [row("14:40"), row("14:31", "task.view"), row("14:20"), row("14:10"), row("14:02")]
    assert sentences(rows) == ["Femke Bos (casemanager thuis) bekeek 5 keer taken (14:02-14:40)"]
    assert sentences(rows, "en") == [
        "Femke Bos (case manager for daily life) looked at tasks 5 times (14:02-14:40)"
    ]
    (line,) = [access_log_line(line, "nl", TODAY) for line in fold_views(rows)]
    assert line["when"] == "Vandaag"  # the times are in the sentence
    assert line["id"] == str(rows[0].id)


def test_looks_at_different_things_by_the_same_person_fold_per_kind() -> None:
    rows = [
        row("14:40"),
        row("14:39", "appointment.view.list"),
        row("14:30"),
        row("14:29", "appointment.view.list"),
    ]
    assert sentences(rows) == [
        "Femke Bos (casemanager thuis) bekeek 2 keer taken (14:30-14:40)",
        "Femke Bos (casemanager thuis) bekeek 2 keer de agenda (14:29-14:39)",
    ]


def test_a_change_and_a_refusal_keep_their_own_lines_between_folded_looks() -> None:
    rows = [
        row("14:40"),
        row("14:35", "task.edit", object_type="task"),
        row("14:30", "checkin.view.list", outcome="denied"),
        row("14:20"),
    ]
    assert sentences(rows) == [
        "Femke Bos (casemanager thuis) bekeek 2 keer taken (14:20-14:40)",
        "Femke Bos (casemanager thuis) veranderde een taak",
        "Femke Bos (casemanager thuis) probeerde de check-ins van broers en zussen te bekijken",
    ]


def test_looks_of_two_people_or_two_days_are_not_folded_together() -> None:
    yesterday = datetime(2026, 11, 22, 13, 0, tzinfo=UTC)
    rows = [
        row("14:40"),
        row("14:35", user_id=6, name="Sanne Jansen", role="cm_hospital"),
        row("14:20", at=yesterday),
    ]
    assert len(fold_views(rows)) == 3
    assert sentences(rows)[0] == "Femke Bos (casemanager thuis) bekeek de takenlijst"


def test_a_single_look_reads_as_before_and_two_in_the_same_minute_say_at() -> None:
    assert sentences([row("14:40")]) == ["Femke Bos (casemanager thuis) bekeek de takenlijst"]
    assert sentences([row("14:40"), row("14:40")]) == [
        "Femke Bos (casemanager thuis) bekeek 2 keer taken (om 14:40)"
    ]


def test_refusals_from_outside_the_family_are_never_folded_into_looks() -> None:
    outside = row("14:30", outcome="denied", outside=True, user_id=None, name="", role="", count=4)
    rows = [row("14:40"), outside, row("14:20")]
    assert (
        sentences(rows)[1]
        == "Iemand buiten jullie gezin probeerde de takenlijst te bekijken (4 keer)"
    )


def test_opening_member_management_folds_with_looks_at_who_takes_part() -> None:
    rows = [row("14:40", "members.manage"), row("14:39", "members.view.list")]
    assert sentences(rows) == [
        "Femke Bos (casemanager thuis) bekeek 2 keer wie er meedoet (14:39-14:40)"
    ]


def test_a_phone_calendar_fetching_all_day_is_one_line_with_its_own_verb() -> None:
    rows = [row(f"{hour}:05", "calendar.feed") for hour in range(20, 7, -1)]
    assert sentences(rows) == [
        "Femke Bos (casemanager thuis) haalde 13 keer de afspraken op in de agenda van de eigen "
        "telefoon (08:05-20:05)"
    ]
