"""Taking the dossier along (issue 17): a parent downloads the family's ZIP on a phone and
a sister downloads her own data; the test opens what the browser saved."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.support import TABLET, Account, AppServer, AxeReport, goto

pytestmark = pytest.mark.browser

DE_VRIES = "Gezin De Vries"
Login = Callable[[Page, Account], None]
CheckAxe = Callable[[Page, str], AxeReport]
NewContext = Callable[..., BrowserContext]


def _unshared_checkins(server: AppServer) -> list[tuple[int, str]]:
    """De Vries check-ins that were not shared with the parents, read from the app's database."""
    database = server.log_path.parent / "dossier.db"
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT c.id, c.note FROM checkin c JOIN family f ON f.id = c.family_id "
            "WHERE f.name = ? AND c.share_parents = 0",
            (DE_VRIES,),
        ).fetchall()


def _download(page: Page, link_id: str, target: Path) -> zipfile.ZipFile:
    link = page.locator(f"#{link_id}")
    expect(link).to_be_visible(timeout=60_000)
    status = page.locator(f"#{link_id.removesuffix('-download')}-status")
    expect(status).to_contain_text(re.compile("De link werkt één keer|The link works once"))
    with page.expect_download() as event:
        link.click()
    event.value.save_as(target)
    return zipfile.ZipFile(target)


def test_a_parent_takes_the_familys_dossier_along_on_her_phone(
    app_server: AppServer, page: Page, login: Login, check_axe: CheckAxe, tmp_path: Path
) -> None:
    login(page, app_server.account(DE_VRIES, "parent", 0))
    page.get_by_role("button", name="Menu: taal, gezin en uitloggen").click()
    page.get_by_role("link", name="Gegevens downloaden").click()
    expect(page).to_have_url(re.compile(r"/gegevens/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens downloaden")
    expect(page.get_by_role("heading", name="Download ons dossier")).to_be_visible()
    expect(page.get_by_role("heading", name="Download mijn gegevens")).to_be_visible()
    check_axe(page, "gegevens downloaden (phone)")

    page.get_by_role("button", name="Maak het dossier klaar").click()
    # The bar shows at once (waiting in line), then fills while the worker builds.
    expect(page.locator("[data-export-progress]")).to_be_visible()
    expect(page.locator("#export-family-status")).to_contain_text(re.compile(r"wachtrij|Bezig"))
    href = page.locator("#export-family-download").get_attribute("href", timeout=60_000) or ""
    assert href.startswith("/api/exports/")
    archive = _download(page, "export-family-download", tmp_path / "dossier.zip")
    check_axe(page, "gegevens downloaden, klaar (phone)")

    names = set(archive.namelist())
    assert {"fhir.json", "overzicht.html", "README.txt", "csv/tasks.csv"} <= names
    bundle = Bundle.model_validate_json(archive.read("fhir.json"))
    assert any(e.resource.get_resource_type() == "Task" for e in bundle.entry)
    assert archive.read("overzicht.html").startswith(b"<!doctype html>")
    shared = json.loads(archive.read("json/checkins.json"))
    assert all(c["share_parents"] for c in shared)
    unshared = _unshared_checkins(app_server)
    assert unshared, "the demo has check-ins the siblings kept from their parents"
    shared_ids = {c["id"] for c in shared}
    everything = b"".join(archive.read(name) for name in names).decode("utf-8")
    for checkin_id, note in unshared:
        assert checkin_id not in shared_ids
        if note and len(note) > 12:
            assert note not in everything

    # The link worked once: the page says so, and the same address again is refused.
    expect(page.locator("#export-family-status")).to_contain_text("Gedownload")
    again = page.request.get(app_server.url(href), fail_on_status_code=False)
    assert again.status == 404

    page.set_viewport_size(TABLET)
    goto(page, app_server.url("/gegevens"))
    expect(page.get_by_role("heading", name="Download ons dossier")).to_be_visible()
    check_axe(page, "gegevens downloaden (tablet)")


def test_a_sister_downloads_her_own_data(
    app_server: AppServer,
    new_context: NewContext,
    login: Login,
    check_axe: CheckAxe,
    tmp_path: Path,
) -> None:
    page = new_context().new_page()
    login(page, app_server.account(DE_VRIES, "sibling", 0))
    goto(page, app_server.url("/gegevens"))
    expect(page.get_by_role("heading", name="Download mijn gegevens")).to_be_visible()
    expect(page.get_by_role("heading", name="Download ons dossier")).to_have_count(0)
    page.get_by_role("button", name="Maak mijn gegevens klaar").click()
    archive = _download(page, "export-person-download", tmp_path / "mijn.zip")
    names = set(archive.namelist())
    assert {"json/account.json", "json/my_checkins.json", "overzicht.html"} <= names
    assert "fhir.json" not in names
    assert json.loads(archive.read("json/my_checkins.json")), "her own check-ins, all of them"
    check_axe(page, "mijn gegevens, klaar (phone)")
