"""GET /api/exports/<token>.zip: the ready export, once, within 24 hours, for who asked.

Two keys: the login cookie of the person who asked and the link's token. Signed out is
401, another person (even a parent of the same family) 404, a used or expired link 404,
another site 403; every request and download leaves an access-log row.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import exports, sessions
from dossier.jobs.exports import run_pending
from dossier.middleware.headers import security_headers
from dossier.models import AuditEvent, ExportJob, ExportKind, ExportStatus, utcnow
from dossier.settings import data_dir, get_settings
from tests.factories import World

ORIGIN = "http://localhost:3000"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(security_headers(build_api()), base_url=ORIGIN) as client:
        yield client


def login_token(world: World, name: str) -> str:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id
    )
    world.session.commit()
    return token


def ready_export(world: World, name: str, kind: ExportKind = ExportKind.FAMILY) -> tuple[int, str]:
    job, token = exports.request_export(world.session, world.actor(name), kind)
    world.session.commit()
    assert run_pending() == 1
    assert job.id is not None
    return job.id, token


def download(client: TestClient, token: str, login: str | None, **extra: str):
    headers = {"sec-fetch-site": "same-origin", **extra}
    if login:
        headers["cookie"] = f"{get_settings().session_cookie_name}={login}"
    return client.get(f"/api/exports/{token}.zip", headers=headers)


def log_rows(action: str) -> list[AuditEvent]:
    with session_scope() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_anna_downloads_her_familys_zip_once(client: TestClient, world: World) -> None:
    job_id, token = ready_export(world, "anna")
    login = login_token(world, "anna")
    response = download(client, token, login)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="gezinsdossier-'
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "fhir.json" in archive.namelist()
    with session_scope() as session:
        job = session.get(ExportJob, job_id)
        assert job is not None and job.status == ExportStatus.DOWNLOADED
        assert not (data_dir() / job.file_path).exists()  # gone once sent
    again = download(client, token, login)
    assert again.status_code == 404
    assert len(log_rows("family.export")) == 1
    outcomes = [row.outcome for row in log_rows("family.export.download")]
    assert outcomes == ["allowed", "denied"]


def test_the_link_stops_after_24_hours(client: TestClient, world: World) -> None:
    job_id, token = ready_export(world, "anna")
    with session_scope() as session:
        job = session.get(ExportJob, job_id)
        assert job is not None
        job.expires_at = utcnow() - timedelta(seconds=1)
        session.add(job)
    assert download(client, token, login_token(world, "anna")).status_code == 404
    assert [row.outcome for row in log_rows("family.export.download")] == ["denied"]


def test_bram_the_other_parent_cannot_use_annas_link(client: TestClient, world: World) -> None:
    job_id, token = ready_export(world, "anna")
    response = download(client, token, login_token(world, "bram"))
    assert response.status_code == 404
    denied = log_rows("family.export.download")
    assert [(r.user_id, r.outcome) for r in denied] == [(world.users["bram"].id, "denied")]
    # Anna's link still works for Anna: Bram's try did not use it up.
    assert download(client, token, login_token(world, "anna")).status_code == 200
    assert job_id


def test_dora_of_another_family_cannot_use_annas_link(client: TestClient, world: World) -> None:
    _job_id, token = ready_export(world, "anna")
    dora = sessions.start_session(
        world.session, user_id=world.users["dora"].id, family_id=world.beta.id
    )
    world.session.commit()
    assert download(client, token, dora).status_code == 404
    denied = log_rows("family.export.download")
    # Logged for Gezin Alfa, whose file it was: its parents see the attempt.
    assert [(r.user_id, r.family_id, r.outcome) for r in denied] == [
        (world.users["dora"].id, world.alfa.id, "denied")
    ]


def test_signed_out_the_link_is_refused(client: TestClient, world: World) -> None:
    _job_id, token = ready_export(world, "anna")
    assert download(client, token, None).status_code == 401
    assert download(client, token, login_token(world, "anna")).status_code == 200


def test_a_request_from_another_site_is_refused(client: TestClient, world: World) -> None:
    _job_id, token = ready_export(world, "anna")
    login = login_token(world, "anna")
    response = download(client, token, login, **{"sec-fetch-site": "cross-site"})
    assert response.status_code == 403


def test_an_unknown_token_tells_nothing(client: TestClient, world: World) -> None:
    login = login_token(world, "anna")
    assert download(client, "x" * 43, login).status_code == 404
    assert download(client, "../../etc/passwd", login).status_code == 404
    assert [r.outcome for r in log_rows("export.download")] == ["denied"]


def test_ben_downloads_his_own_data(client: TestClient, world: World) -> None:
    _job_id, token = ready_export(world, "ben", ExportKind.PERSON)
    response = download(client, token, login_token(world, "ben"))
    assert response.status_code == 200
    assert 'filename="mijn-gegevens-' in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "json/my_checkins.json" in archive.namelist()
    assert [r.outcome for r in log_rows("person.export.download")] == ["allowed"]
    assert len(log_rows("person.export")) == 1
