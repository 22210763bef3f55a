"""What a push says and how it is labelled: generic words for the lock screen, a path
inside the app, the size guard, Topic, Urgency, and reading Retry-After."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from dossier.demo import FAMILIES, PEOPLE
from dossier.i18n import LOCALES, catalogue
from dossier.models import Category, Notification
from dossier.notify import sender
from dossier.notify.sender import MAX_PAYLOAD_BYTES, PayloadTooLarge, push_payload

PUSH_KEY = re.compile(r"^notification\.(?P<kind>.+)\.(title|body)$")


def note(kind: str = sender.TEST_KIND, **fields: object) -> Notification:
    values: dict[str, object] = {
        "id": 7,
        "recipient_user_id": 1,
        "kind": kind,
        "category": Category.SYSTEM,
        "url": "/",
        "dedupe_key": f"{kind}:1",
    }
    values.update(fields)
    return Notification(**values)  # type: ignore[arg-type]


def push_kinds() -> set[str]:
    """Every kind that has its own push words in the catalogue."""
    kinds: dict[str, set[str]] = {}
    for key in catalogue("nl"):
        if match := PUSH_KEY.match(key):
            kinds.setdefault(match["kind"], set()).add(key)
    return {kind for kind, keys in kinds.items() if len(keys) == 2}


def demo_names() -> set[str]:
    """Every first name, surname and child's name in the demo families."""
    names = {family.child_name for family in FAMILIES}
    for person in PEOPLE.values():
        names |= {word for word in person.name.split() if word[:1].isupper() and len(word) > 2}
    return names


def test_the_test_notification_says_that_notifications_work() -> None:
    payload = push_payload(note(url="/instellingen/meldingen"), "nl")
    assert payload == {
        "title": "Meldingen staan aan",
        "body": "Dit is een testmelding. Zo ziet een melding van het gezinsdossier eruit.",
        "url": "/instellingen/meldingen",
        "tag": "push.test",
        "id": 7,
        "lang": "nl",
        "renotify": False,
    }
    assert push_payload(note(), "en")["title"] == "Notifications are on"


def test_a_kind_without_its_own_push_words_gets_the_generic_ones() -> None:
    payload = push_payload(note("something.new", object_type="thing", object_id=3), "nl")
    assert payload["title"] == "Gezinsdossier"
    assert payload["body"] == "Er is iets nieuws voor jou in het gezinsdossier."
    assert payload["tag"] == "thing-3"


def test_the_push_kinds_are_found() -> None:
    assert {sender.TEST_KIND, sender.SUMMARY_KIND, sender.GENERIC_KIND} <= push_kinds()
    assert "task.assigned" in push_kinds()  # the events' own words (nl.notify.json)


@pytest.mark.parametrize("lang", LOCALES)
def test_no_push_text_can_carry_a_name_or_a_detail(lang: str) -> None:
    """Lock screens are read by anyone nearby: push words are fixed and generic."""
    names = demo_names()
    assert {"Anna", "Lotte", "Sam", "Yilmaz", "Ayla"} <= names  # the scan found them
    for kind in push_kinds():
        payload = push_payload(note(kind, object_type="task", object_id=42, url="/taken"), lang)
        assert set(payload) == {"title", "body", "url", "tag", "id", "lang", "renotify"}
        text = f"{payload['title']} {payload['body']}"
        assert "{" not in text, f"{kind}: push words are never filled in"
        found = {name for name in names if re.search(rf"\b{re.escape(name)}\b", text)}
        assert not found, f"{kind} names {found}"
        assert payload["tag"] in {"task-42", sender.SUMMARY_KIND} and payload["url"] == "/taken"


def test_a_finished_task_pushes_only_that_a_task_is_done_never_who_or_what() -> None:
    """The in-app list says "Femke heeft afgerond: ..."; the lock screen never does, even
    though the row knows who did it and which task it is."""
    done = note("task.done", object_type="task", object_id=12, url="/taken", actor_membership_id=9)
    payload = push_payload(done, "nl")
    assert (payload["title"], payload["body"]) == ("Gezinsdossier", "Een taak is afgerond")
    assert set(payload) == {"title", "body", "url", "tag", "id", "lang", "renotify"}
    assert payload["url"] == "/taken" and 9 not in payload.values()  # not even the actor's id


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x", ""]
)
def test_only_a_path_inside_the_app_opens_from_a_push(url: str) -> None:
    assert push_payload(note(url=url), "nl")["url"] == "/"


def test_the_size_guard() -> None:
    fits = note(url="/" + "a" * 2800)
    assert len(json.dumps(push_payload(fits, "nl")).encode()) <= MAX_PAYLOAD_BYTES
    with pytest.raises(PayloadTooLarge, match="at most 3000"):
        push_payload(note(url="/" + "a" * 3000), "nl")
    with pytest.raises(PayloadTooLarge):  # counted in UTF-8 bytes, not characters
        sender.encode_payload({"x": "é" * 1500})
    assert len(sender.encode_payload({"x": "a" * 2992})) == MAX_PAYLOAD_BYTES


def test_topic_is_one_per_object_short_url_safe_and_opaque() -> None:
    task = sender.topic_for(note("task.assigned", object_type="task", object_id=42))
    again = sender.topic_for(note("task.due", object_type="task", object_id=42))
    other = sender.topic_for(note("task.assigned", object_type="task", object_id=43))
    summary = sender.topic_for(note(sender.SUMMARY_KIND, object_type="summary", object_id=5))
    # every daily summary replaces the one before, whatever its count
    assert summary == sender.topic_for(
        note(sender.SUMMARY_KIND, object_type="summary", object_id=9)
    )
    for topic in (task, other, summary):
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,32}", topic)
    assert task == again  # a newer push about task 42 replaces a waiting older one
    assert len({task, other, summary}) == 3
    assert "task" not in task.lower() and "42" not in task  # the push service learns nothing


def test_urgency() -> None:
    assert sender.urgency_for(note("task.assigned", urgent=True)) == "high"
    assert sender.urgency_for(note(sender.SUMMARY_KIND)) == "low"
    assert sender.urgency_for(note("task.assigned")) == "normal"


def test_retry_after_as_seconds_or_as_a_date() -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert sender.parse_retry_after("120", now) == 120.0
    assert sender.parse_retry_after(" 0 ", now) == 0.0
    later = format_datetime(now + timedelta(minutes=5), usegmt=True)  # "Mon, 23 Nov 2026 ..."
    assert sender.parse_retry_after(later, now) == 300.0
    earlier = format_datetime(now - timedelta(minutes=5), usegmt=True)
    assert sender.parse_retry_after(earlier, now) == 0.0
    for nonsense in (None, "", "soon", "-5", "1.5"):
        assert sender.parse_retry_after(nonsense, now) is None


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (201, sender.Outcome.SENT),
        (404, sender.Outcome.GONE),
        (410, sender.Outcome.GONE),
        (429, sender.Outcome.RATE_LIMITED),
        (500, sender.Outcome.RETRY),
        (503, sender.Outcome.RETRY),
        (408, sender.Outcome.RETRY),
        (400, sender.Outcome.REJECTED),
        (401, sender.Outcome.REJECTED),
        (403, sender.Outcome.REJECTED),
        (413, sender.Outcome.REJECTED),
    ],
)
def test_each_status_has_one_outcome(status: int, outcome: sender.Outcome) -> None:
    assert sender.outcome_for_status(status) is outcome
