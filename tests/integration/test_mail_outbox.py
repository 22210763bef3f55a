"""The mail outbox on SQLite and PostgreSQL (the migrated schema), with a real SMTP server
on loopback: a mail leaves only when its transaction commits, two workers send each mail
exactly once, and a sent mail keeps no body."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from dossier.db import get_engine
from dossier.jobs import mail_worker
from dossier.mail import outbox
from dossier.models import MailOutbox, MailStatus, User
from dossier.ops.migrations import upgrade
from tests.mail_server import MailServer, mail_server  # noqa: F401  (the fixture)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    monkeypatch.setenv("REFLEX_DB_URL", url)
    upgrade(url)
    return url


def factory_for(url: str):
    return lambda: Session(get_engine(url), expire_on_commit=False)


def queue_mails(url: str, count: int) -> None:
    with Session(get_engine(url)) as session:
        user = User(email="anna@test.nl", name="Anna")
        session.add(user)
        session.flush()
        for n in range(count):
            outbox.queue(
                session,
                user_id=user.id,
                to=f"ouder{n}@test.nl",
                kind="confirm",
                locale="nl",
                name=f"Ouder {n}",
                link=f"https://dossier.test/e-mail-bevestigen?token=t{n}",
            )
        session.commit()


def test_two_workers_send_every_mail_exactly_once_and_keep_no_bodies(
    db_url: str,
    mail_server: MailServer,  # noqa: F811
) -> None:
    queue_mails(db_url, 60)
    results: list[dict[str, int]] = []

    def work(owner: str) -> None:
        while True:
            counts = outbox.run_once(factory_for(db_url), owner=owner)
            results.append(counts)
            if not counts["claimed"]:
                return

    began = time.monotonic()
    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    seconds = time.monotonic() - began
    per_address = Counter(address for m in mail_server.received for address in m.envelope_to)
    print(f"\n60 mails, 2 workers: {seconds:.2f} s, duplicates {sum(per_address.values()) - 60}")
    assert len(per_address) == 60 and set(per_address.values()) == {1}
    with get_engine(db_url).connect() as connection:
        rows = connection.execute(
            sa.select(MailOutbox.status, MailOutbox.body_text, MailOutbox.body_html)
        ).all()
    assert {row.status for row in rows} == {MailStatus.SENT}
    assert {(row.body_text, row.body_html) for row in rows} == {("", "")}


def test_a_rolled_back_transaction_sends_nothing(
    db_url: str,
    mail_server: MailServer,  # noqa: F811
) -> None:
    outbox.wake.clear()
    with Session(get_engine(db_url)) as session:
        user = User(email="anna@test.nl", name="Anna")
        session.add(user)
        session.flush()
        outbox.queue(
            session, user_id=user.id, to="anna@test.nl", kind="confirm", locale="nl", name="Anna"
        )
        session.rollback()
    assert not outbox.wake.is_set()
    assert outbox.run_once(factory_for(db_url)) == {"claimed": 0}
    with Session(get_engine(db_url)) as session:
        assert session.exec(select(MailOutbox)).all() == []
    assert mail_server.received == []


def test_a_commit_wakes_the_worker(db_url: str) -> None:
    outbox.wake.clear()
    queue_mails(db_url, 1)
    assert outbox.wake.is_set()


def test_the_app_runs_the_mail_worker_as_a_lifespan_task() -> None:
    from dossier.dossier import app

    assert mail_worker.mail_worker in app.get_lifespan_tasks()
