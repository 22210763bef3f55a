"""GET /api/zorgplan.pdf: the login cookie is the key, a brother or sister is refused and
logged, and the file is a download that is never cached or sniffed."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlmodel import select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.db import session_scope
from dossier.domain import sessions
from dossier.models import AuditEvent
from dossier.settings import get_settings
from tests.factories import World
from tests.unit.test_care_plan_pdf import full_plan

PATH = "/api/zorgplan.pdf"


def _client_for(world: World, name: str) -> TestClient:
    token = sessions.start_session(
        world.session, user_id=world.users[name].id, family_id=world.alfa.id
    )
    world.session.commit()
    client = TestClient(build_api(), base_url="http://localhost:3000")
    client.cookies.set(get_settings().session_cookie_name, token)
    return client


def test_a_parent_downloads_the_plan_as_a_pdf_that_is_never_cached(world: World) -> None:
    full_plan(world)
    world.session.commit()
    with _client_for(world, "anna") as client:
        response = client.get(PATH)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="zorgplan-cleo-versie-7.pdf"'
    )
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert all("Versie 7 · 20 november 2026" in page.extract_text() for page in pages)
    with session_scope() as check:
        (row,) = check.exec(select(AuditEvent).where(AuditEvent.action == "careplan.print"))
    assert row.outcome == "allowed" and row.user_id == world.users["anna"].id


def test_without_a_login_a_sibling_or_another_site_no_file(world: World) -> None:
    full_plan(world)
    world.session.commit()
    with TestClient(build_api(), base_url="http://localhost:3000") as anonymous:
        response = anonymous.get(PATH)
        assert response.status_code == 401 and not response.content
    with _client_for(world, "ben") as client:
        response = client.get(PATH)
        assert response.status_code == 403 and not response.content
    with session_scope() as check:
        denied = check.exec(
            select(AuditEvent).where(
                AuditEvent.action == "careplan.view", AuditEvent.outcome == "denied"
            )
        ).all()
    assert [row.user_id for row in denied] == [world.users["ben"].id]
    with _client_for(world, "anna") as client:
        assert client.get(PATH, headers={"sec-fetch-site": "cross-site"}).status_code == 403
        assert client.get(PATH, headers={"origin": "https://evil.example"}).status_code == 403


def test_a_family_without_a_plan_gets_not_found(world: World) -> None:
    with _client_for(world, "hugo") as client:
        assert client.get(PATH).status_code == 404
