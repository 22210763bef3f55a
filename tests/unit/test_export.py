"""Taking the dossier along: what the family's ZIP and one's own ZIP hold, and who may ask."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session, select

from dossier.domain import exports
from dossier.domain.access import actor_for
from dossier.jobs.exports import cleanup, run_pending
from dossier.jobs.schedule import expire_exports
from dossier.models import (
    AuditEvent,
    ExportJob,
    ExportKind,
    ExportStatus,
    FamilyStatus,
    Task,
    UserSession,
    utcnow,
)
from dossier.permissions import Action, PermissionDenied, can
from dossier.presenters.export_files import csv_file
from dossier.settings import data_dir
from tests.factories import World


def _export(world: World, who: str, kind: ExportKind) -> zipfile.ZipFile:
    job, _token = exports.request_export(world.session, world.actor(who), kind)
    world.session.commit()
    assert run_pending() == 1
    with Session(world.session.get_bind()) as fresh:
        done = fresh.get(ExportJob, job.id)
        assert done is not None and done.status == ExportStatus.READY and done.progress == 100
        path = data_dir() / done.file_path
    return zipfile.ZipFile(io.BytesIO(path.read_bytes()))


def _json(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return json.loads(archive.read(f"json/{name}.json"))


def test_a_parents_export_holds_a_fhir_bundle_that_validates(world: World) -> None:
    archive = _export(world, "anna", ExportKind.FAMILY)
    bundle = Bundle.model_validate_json(archive.read("fhir.json"))
    kinds = {entry.resource.get_resource_type() for entry in bundle.entry}
    assert {"Patient", "RelatedPerson", "Practitioner", "PractitionerRole"} <= kinds
    assert {"Task", "Appointment", "CarePlan"} <= kinds
    patient = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient")
    assert patient.name[0].given == ["Cleo"]
    assert {"README.txt", "overzicht.html", "csv/tasks.csv", "json/task_history.json"} <= set(
        archive.namelist()
    )


def test_anna_sees_in_the_zip_only_the_checkin_ben_shared_with_the_parents(world: World) -> None:
    for key, checkin in world.checkins.items():
        checkin.note = f"notitie-{key}"
        world.session.add(checkin)
    world.session.commit()
    archive = _export(world, "anna", ExportKind.FAMILY)
    shared = {c["id"] for c in _json(archive, "checkins")}
    assert shared == {world.checkins["parents"].id}
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"notitie-parents" in everything
    for unshared in ("private", "home", "hospital"):
        assert f"notitie-{unshared}".encode() not in everything


def test_the_family_export_holds_no_other_familys_rows_and_no_secrets(world: World) -> None:
    archive = _export(world, "anna", ExportKind.FAMILY)
    titles = {t["title"] for t in _json(archive, "tasks")}
    assert "Beta" not in titles and "Recept" in titles
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"password_hash" not in everything and b"token_hash" not in everything


def test_a_formula_in_a_task_title_is_text_in_the_csv(world: World) -> None:
    world.session.add(
        Task(family_id=world.alfa.id, title='=HYPERLINK("http://x","y")', domain="care")
    )
    world.session.commit()
    archive = _export(world, "anna", ExportKind.FAMILY)
    raw = archive.read("csv/tasks.csv").decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))
    titles = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x","y")' in titles
    assert not any(t.startswith(("=", "+", "-", "@")) for t in titles)


@pytest.mark.parametrize("start", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_every_formula_start_is_made_text(start: str) -> None:
    text = csv_file([{"note": start}], ("note",), "nl").decode("utf-8")
    assert text.splitlines()[1].strip('"').startswith("'")


def test_a_caregivers_own_data_holds_nothing_of_the_family_beyond_what_she_may_see(
    world: World,
) -> None:
    archive = _export(world, "gerda", ExportKind.PERSON)
    names = {n.split("/")[-1].split(".")[0] for n in archive.namelist() if n.startswith("json/")}
    assert "members" not in names and "checkins" not in names and "my_checkins" not in names
    assert {t["title"] for t in _json(archive, "my_tasks")} == {"Recept"}
    assert {a["topic"] for a in _json(archive, "my_agreements")} == {"Zorgcoördinatie"}
    assert _json(archive, "my_appointments") == []
    assert [m["family_id"] for m in _json(archive, "memberships")] == [world.alfa.id]
    assert [a["email"] for a in _json(archive, "account")] == ["gerda@test.nl"]
    assert "fhir.json" not in archive.namelist()


def test_a_siblings_own_data_holds_all_his_checkins_also_the_unshared(world: World) -> None:
    archive = _export(world, "ben", ExportKind.PERSON)
    mine = {c["id"] for c in _json(archive, "my_checkins")}
    assert mine == {c.id for c in world.checkins.values()}


def test_own_sessions_are_in_it_without_their_token_hash(world: World) -> None:
    world.session.add(
        UserSession(
            token_hash="x" * 64,
            user_id=world.users["ben"].id,
            last_seen_at=utcnow(),
            expires_at=utcnow() + timedelta(days=1),
            user_agent="Firefox",
        )
    )
    world.session.commit()
    archive = _export(world, "ben", ExportKind.PERSON)
    sessions = _json(archive, "sessions")
    assert [s["user_agent"] for s in sessions] == ["Firefox"]
    assert "token_hash" not in sessions[0]


def test_only_parents_may_take_the_familys_export_and_everyone_their_own(world: World) -> None:
    for name in ("anna", "bram", "ben", "cleo", "hanna", "hugo", "gerda"):
        actor = world.actor(name)
        assert can(actor, Action.FAMILY_EXPORT) == (name in {"anna", "bram"}), name
        assert can(actor, Action.PERSON_EXPORT), name
    with pytest.raises(PermissionDenied):
        exports.request_export(world.session, world.actor("hanna"), ExportKind.FAMILY)


def test_a_closing_dossier_can_still_be_taken_along_by_a_parent(world: World) -> None:
    world.alfa.status = FamilyStatus.CLOSING
    world.session.add(world.alfa)
    world.session.commit()
    anna = world.actor("anna")
    assert can(anna, Action.FAMILY_EXPORT) and not can(anna, Action.TASK_VIEW)
    archive = _export(world, "anna", ExportKind.FAMILY)
    assert "Recept" in {t["title"] for t in _json(archive, "tasks")}


def test_asking_twice_gives_the_same_job(world: World) -> None:
    first, _ = exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    again, _ = exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    assert first.id == again.id
    asked = world.session.exec(select(AuditEvent).where(AuditEvent.action == "family.export"))
    assert len(asked.all()) == 2


def test_two_workers_never_build_the_same_job(world: World) -> None:
    exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    world.session.commit()
    first = exports.claim_next(world.session, "worker-a")
    second = exports.claim_next(world.session, "worker-b")
    assert first is not None and second is None


def test_a_removed_parent_gets_no_file_of_a_job_she_asked_for(world: World) -> None:
    job, _ = exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    world.members["anna"].status = "revoked"
    world.session.add(world.members["anna"])
    world.session.commit()
    assert run_pending() == 0
    world.session.refresh(job)
    assert job.status == ExportStatus.FAILED and not job.file_path
    with pytest.raises(PermissionDenied):
        actor_for(world.session, user_id=world.users["anna"].id, family_id=world.alfa.id)


def test_files_past_their_24_hours_are_deleted(world: World) -> None:
    job, _ = exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    world.session.commit()
    run_pending()
    world.session.refresh(job)
    world.session.commit()  # SQLite: one writer; the cleanup needs it
    path = Path(data_dir()) / job.file_path
    assert path.is_file()
    assert cleanup() == 0  # nothing expired yet
    assert path.is_file()
    job.expires_at = utcnow() - timedelta(minutes=1)
    world.session.add(job)
    world.session.commit()
    assert expire_exports() == 1  # the scheduler's cleanup, beside its notification scans
    world.session.refresh(job)
    assert not path.exists() and job.status == ExportStatus.EXPIRED and job.token_hash is None


@pytest.mark.parametrize(
    ("action", "outcome", "lang", "words"),
    [
        ("family.export", "allowed", "nl", "downloadde de gegevens van het gezin"),
        ("family.export.download", "allowed", "nl", "downloadde het dossier van het gezin"),
        ("person.export.download", "allowed", "en", "downloaded their own data"),
        ("family.export.download", "denied", "nl", "het dossier van het gezin te downloaden"),
    ],
)
def test_the_access_log_says_in_words_who_took_the_data_along(
    action: str, outcome: str, lang: str, words: str
) -> None:
    from dossier.domain.audit_log import LogEntry
    from dossier.presenters.access_log import sentence

    entry = LogEntry(
        id=1,
        at=utcnow(),
        user_id=1,
        name="Anna",
        role="parent",
        organisation="",
        action=action,
        object_type="export_job",
        outcome=outcome,
    )
    assert words in sentence(entry, lang)


def test_the_job_reports_its_progress_step_by_step_while_it_builds(world: World) -> None:
    from sqlalchemy import event

    from dossier.db import get_engine

    exports.request_export(world.session, world.actor("anna"), ExportKind.FAMILY)
    world.session.commit()
    written: list[int] = []

    def watch(_conn, _cursor, statement: str, params, *_args) -> None:
        if statement.startswith("UPDATE export_job SET progress"):
            written.append(params[0])

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", watch)
    try:
        assert run_pending() == 1
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert len(written) >= 6 and written == sorted(written)
    assert 0 < written[0] < 50 and 80 <= written[-1] < 100


def test_the_family_export_holds_the_network_the_plan_and_the_admissions(world: World) -> None:
    from dossier.models import Admission, AdmissionItem, Contact, EmergencyPlanPart

    alfa, m = world.alfa.id, world.members
    world.session.add(Contact(family_id=alfa, name="Oma Joke", emergency="call"))
    world.session.add(
        EmergencyPlanPart(
            family_id=alfa, key="bring", section="bring", content={"items": [{"label": "Oplader"}]}
        )
    )
    admission = Admission(family_id=alfa, started_by_id=m["anna"].id)
    world.session.add(admission)
    world.session.flush()
    world.session.add(AdmissionItem(admission_id=admission.id, family_id=alfa, label="Oplader"))
    world.session.commit()
    archive = _export(world, "anna", ExportKind.FAMILY)
    # The factory's network of Gezin Alfa (tests/factories.py), and never Beta's neighbour.
    names = [c["name"] for c in _json(archive, "contacts")]
    assert names == ["Oma Alfa", "Apotheek Alfa", "Praktijk Gerda", "Oma Joke"]
    assert [p["key"] for p in _json(archive, "emergency_plan_parts")] == ["bring"]
    [taken] = _json(archive, "admissions")
    assert taken["started_by"] == "Anna" and [i["label"] for i in taken["checklist"]] == ["Oplader"]


def test_a_case_managers_own_data_holds_her_working_hours_and_absences(world: World) -> None:
    from datetime import date

    from dossier.models import Absence, WorkingHours

    hanna = world.users["hanna"].id
    world.session.add(WorkingHours(user_id=hanna, hours=[{"days": [0], "from": "08:30"}]))
    world.session.add(Absence(user_id=hanna, starts_on=date(2027, 1, 4), ends_on=date(2027, 1, 8)))
    world.session.commit()
    archive = _export(world, "hanna", ExportKind.PERSON)
    assert [a["ends_on"] for a in _json(archive, "absences")] == ["2027-01-08"]
    assert len(_json(archive, "working_hours")) == 1
