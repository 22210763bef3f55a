"""The brute-force limiter on every backend it runs on: SQLite, PostgreSQL and Redis.

Per IP: 20 failures a minute, the 21st attempt waits for the window to end. Per account:
from the 5th failure in a row a wait of 1 s, 2 s, 4 s ... at most 15 minutes; a right
password starts again from zero; nothing ever locks an account for good. The counters
are updated atomically, so several workers (here: threads with their own connections)
never lose a failure.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import SQLModel

import dossier.models  # noqa: F401  (all tables on the metadata)
from dossier.db import make_engine
from dossier.domain.throttle import (
    DatabaseBackend,
    RedisBackend,
    Throttle,
    account_key,
    invitation_keys,
    login_keys,
)
from dossier.models import AuthThrottle, utcnow
from tests.integration.conftest import BACKENDS_COVERED

REDIS_URL = "redis://127.0.0.1:6379/0"
IP = "ip:203.0.113.5"
ACCOUNT = "account:ouder@test.nl"


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "postgresql", "redis"])
def throttle(request: pytest.FixtureRequest, tmp_path) -> Iterator[Throttle]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'throttle.db'}")
        SQLModel.metadata.create_all(engine, tables=[AuthThrottle.__table__])
        BACKENDS_COVERED.add("SQLite")
        yield Throttle(DatabaseBackend(engine))
        engine.dispose()
    elif request.param == "postgresql":
        pg_url = request.getfixturevalue("pg_url")
        engine = make_engine(pg_url)
        SQLModel.metadata.create_all(engine, tables=[AuthThrottle.__table__])
        yield Throttle(DatabaseBackend(engine))
        engine.dispose()
    else:
        if not redis_available():
            pytest.skip("Redis is not reachable on 127.0.0.1:6379 (make test starts it)")
        backend = RedisBackend(REDIS_URL, prefix=f"dossier-test:{secrets.token_hex(6)}:")
        BACKENDS_COVERED.add("Redis (127.0.0.1:6379, throttle)")
        yield Throttle(backend)
        for key in backend.client.scan_iter(f"{backend.prefix}*"):
            backend.client.delete(key)


def test_the_21st_failure_in_a_minute_from_one_ip_is_refused(throttle: Throttle) -> None:
    start = utcnow()
    for i in range(20):
        assert throttle.check([IP], now=start + timedelta(seconds=i)) is None
        throttle.fail([IP], now=start + timedelta(seconds=i))
    wait = throttle.check([IP], now=start + timedelta(seconds=20))
    assert wait == 40  # until the window that began at `start` ends
    # The next minute starts afresh.
    assert throttle.check([IP], now=start + timedelta(seconds=60)) is None
    throttle.fail([IP], now=start + timedelta(seconds=61))
    assert throttle.check([IP], now=start + timedelta(seconds=62)) is None


def test_failures_in_different_minutes_do_not_add_up(throttle: Throttle) -> None:
    start = utcnow()
    for i in range(15):
        throttle.fail([IP], now=start + timedelta(seconds=i))
    for i in range(15):
        throttle.fail([IP], now=start + timedelta(seconds=70 + i))
    assert throttle.check([IP], now=start + timedelta(seconds=90)) is None


def test_an_account_waits_longer_after_each_failure_from_the_fifth(throttle: Throttle) -> None:
    start = utcnow()
    moment = start
    for _ in range(4):
        throttle.fail([ACCOUNT], now=moment)
        assert throttle.check([ACCOUNT], now=moment) is None  # four mistakes cost nothing
    waits = []
    for _ in range(8):
        throttle.fail([ACCOUNT], now=moment)
        waits.append(throttle.check([ACCOUNT], now=moment))
        moment += timedelta(seconds=waits[-1])
        assert throttle.check([ACCOUNT], now=moment) is None  # then it may try again
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128]


def test_the_wait_never_exceeds_15_minutes_and_never_locks_for_good(throttle: Throttle) -> None:
    moment = utcnow()
    for _ in range(100):  # NIST's "at most 100 consecutive failures": still not locked
        throttle.fail([ACCOUNT], now=moment)
        moment += timedelta(seconds=throttle.check([ACCOUNT], now=moment) or 0)
    throttle.fail([ACCOUNT], now=moment)
    assert throttle.check([ACCOUNT], now=moment) == 15 * 60
    assert throttle.check([ACCOUNT], now=moment + timedelta(minutes=15)) is None


def test_a_right_password_resets_the_account(throttle: Throttle) -> None:
    moment = utcnow()
    for _ in range(7):
        throttle.fail([ACCOUNT], now=moment)
    assert throttle.check([ACCOUNT], now=moment) == 4
    throttle.succeed(ACCOUNT)
    assert throttle.check([ACCOUNT], now=moment) is None
    for _ in range(4):
        throttle.fail([ACCOUNT], now=moment)
    assert throttle.check([ACCOUNT], now=moment) is None  # counting starts from zero again


def test_a_quiet_day_forgets_old_failures(throttle: Throttle) -> None:
    moment = utcnow()
    for _ in range(10):
        throttle.fail([ACCOUNT], now=moment)
    later = moment + timedelta(hours=24, seconds=1)
    assert throttle.check([ACCOUNT], now=later) is None
    throttle.fail([ACCOUNT], now=later)
    assert throttle.check([ACCOUNT], now=later) is None  # the first failure of a new series


def test_the_longest_wait_of_all_keys_counts(throttle: Throttle) -> None:
    moment = utcnow()
    keys = login_keys(ip="203.0.113.5", email=" Ouder@Test.nl ")
    assert keys == [IP, ACCOUNT]
    for _ in range(6):
        throttle.fail(keys, now=moment)
    assert throttle.check(keys, now=moment) == 2  # the account's wait; the IP is fine
    for i in range(14):
        throttle.fail(login_keys(ip="203.0.113.5", email=f"iemand{i}@test.nl"), now=moment)
    assert throttle.check(keys, now=moment) == 60  # now the IP's minute is the longer wait
    # Another IP with another account is not affected by any of this.
    assert throttle.check(["ip:198.51.100.7", "account:ander@test.nl"], now=moment) is None


def test_failures_from_many_workers_at_once_are_all_counted(throttle: Throttle) -> None:
    moment = utcnow()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _: throttle.fail([IP], now=moment), range(40)))
    counter = throttle.backend.read([IP])[IP]
    assert counter.failures == 40


def test_invitation_links_are_counted_per_ip_apart_from_logins(throttle: Throttle) -> None:
    moment = utcnow()
    keys = invitation_keys(ip="203.0.113.5")
    assert keys == ["invite:203.0.113.5"]
    for _ in range(20):
        throttle.fail(keys, now=moment)
    assert throttle.check(keys, now=moment) == 60
    assert throttle.check([IP], now=moment) is None  # logins from that IP are a separate count


def test_account_keys_ignore_case_and_spaces() -> None:
    assert account_key("  Ouder@Test.NL") == "account:ouder@test.nl"
