"""GET /api/calendar/<token>.ics over HTTP: no cookie needed, no caching, one kind of 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlmodel import Session, select
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.domain.access import unit_of_work
from dossier.domain.calendar_feed import feed_token
from dossier.domain.members import remove_member
from dossier.middleware.headers import security_headers
from dossier.models import Appointment, AuditEvent
from tests.factories import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(security_headers(build_api()), base_url="http://localhost:3000") as client:
        yield client


def token_for(world: World, name: str, *, renew: bool = False) -> str:
    actor = world.actor(name)
    world.session.commit()
    with unit_of_work() as session:
        token = feed_token(session, actor, renew=renew)
    assert token
    return token


def test_the_feed_is_served_as_a_calendar_without_a_cookie(
    world: World, client: TestClient
) -> None:
    token = token_for(world, "anna")
    response = client.get(f"/api/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    calendar = Calendar.from_ical(response.content)
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Kinderarts"]
    assert str(calendar.events[0]["URL"]) == "http://localhost:3000/agenda"


def test_a_caregiver_gets_only_what_they_go_along_to(world: World, client: TestClient) -> None:
    token = token_for(world, "gerda")  # Gerda does not go to the Kinderarts
    calendar = Calendar.from_ical(client.get(f"/api/calendar/{token}.ics").content)
    assert calendar.events == []


def test_a_renewed_token_makes_the_old_address_answer_404(world: World, client: TestClient) -> None:
    old = token_for(world, "hugo")
    assert client.get(f"/api/calendar/{old}.ics").status_code == 200
    new = token_for(world, "hugo", renew=True)
    gone = client.get(f"/api/calendar/{old}.ics")
    assert gone.status_code == 404
    assert gone.headers["cache-control"] == "no-store"
    assert client.get(f"/api/calendar/{new}.ics").status_code == 200


def test_a_removed_members_address_answers_404(
    world: World, db: Session, client: TestClient
) -> None:
    token = token_for(world, "gerda")
    anna = world.actor("anna")
    gerda = world.members["gerda"]
    world.session.commit()
    with unit_of_work() as session:
        remove_member(session, anna, membership_id=gerda.id, expected_version=gerda.version)
    assert client.get(f"/api/calendar/{token}.ics").status_code == 404


@pytest.mark.parametrize("path", ["onzin.ics", "x.ics", f"{'a' * 43}.ics", f"{'b' * 3000}.ics"])
def test_unknown_addresses_all_get_the_same_404(
    world: World, client: TestClient, path: str
) -> None:
    token_for(world, "anna")
    response = client.get(f"/api/calendar/{path}")
    assert response.status_code == 404
    assert response.text == "Niet gevonden\n"
    assert response.headers["cache-control"] == "no-store"


def test_without_the_ics_ending_there_is_no_feed(world: World, client: TestClient) -> None:
    token = token_for(world, "anna")
    assert client.get(f"/api/calendar/{token}").status_code == 404


def test_each_fetch_is_in_the_access_log_with_the_phones_details(
    world: World, db: Session, client: TestClient
) -> None:
    token = token_for(world, "anna")
    client.get(f"/api/calendar/{token}.ics", headers={"user-agent": "Google-Calendar-Importer"})
    row = db.exec(select(AuditEvent).where(AuditEvent.action == "calendar.feed")).one()
    assert (row.user_id, row.family_id, row.user_agent, row.outcome) == (
        world.users["anna"].id,
        world.alfa.id,
        "Google-Calendar-Importer",
        "allowed",
    )


def test_a_new_appointment_shows_at_the_next_fetch(world: World, client: TestClient) -> None:
    token = token_for(world, "hanna")
    start = datetime.now(UTC) + timedelta(days=3)
    with unit_of_work() as session:
        session.add(
            Appointment(
                family_id=world.alfa.id,
                title="MDO met school",
                starts_at=start,
                ends_at=start + timedelta(hours=1),
            )
        )
    body = client.get(f"/api/calendar/{token}.ics").text
    assert "SUMMARY:MDO met school" in body
