"""Brute-force limits for logins and invitation links (no Reflex here).

Two policies, chosen by the key's prefix:

* **per IP** (`ip:<address>` for logins, `invite:<address>` for invitation links,
  `link:<address>` for personal check-in links): at most 20 failures in a fixed
  one-minute window; the 21st attempt in that minute is refused until the window ends.
* **per account** (`account:<normalised e-mail>`): the first four failures in a row cost
  nothing; from the 5th on the account waits `min(2 ** (n - 5) s, 15 min)` after the
  last failure (1 s, 2 s, 4 s, ... 15 min). A right password resets the count, and a
  day without failures forgets it. There is no permanent lock: an attacker can slow a
  victim's account down, never shut it.

Only failures are counted. The counts live where every backend worker sees them: in
Redis when `REFLEX_REDIS_URL` is set, else in the `auth_throttle` table, updated with a
single atomic upsert (`INSERT ... ON CONFLICT DO UPDATE`) on SQLite and PostgreSQL.

Usage (an HTTP route):

    keys = login_keys(ip=ip, email=email)
    if (wait := check(keys)) is not None:
        ...refuse, with Retry-After: wait...
    if wrong:
        fail(keys)
    else:
        succeed(account_key(email))
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from dossier.domain.accounts import normalise_email
from dossier.models import utcnow
from dossier.models.base import UTCDateTime, table_of
from dossier.models.throttle import AuthThrottle

IP_PREFIX = "ip:"
INVITE_PREFIX = "invite:"
LINK_PREFIX = "link:"  # a sibling's personal check-in link (GET /api/k/<token>)
ACCOUNT_PREFIX = "account:"
# Starting a dossier (POST /api/auth/start): every attempt counts, not only failures, as
# each one makes an account or sends the owner of an address a mail.
START_PREFIX = "start:"
RESET_PREFIX = "reset:"  # "Wachtwoord vergeten": requests and dead reset links, per IP
KEY_MAX_LENGTH = 300


@dataclass(frozen=True, slots=True)
class Policy:
    """How failures under one key prefix are counted and when they cost a wait."""

    # Failures older than this start a fresh count.
    window: timedelta
    # "window": the count restarts `window` after the first failure (a fixed window);
    # "quiet": it restarts only after `window` without any failure (consecutive failures).
    restart_after: str
    # Fixed window: this many failures are free; one more is refused until the window ends.
    limit: int | None = None
    # Progressive: from this failure on, wait min(2 ** (n - delay_from) s, max_delay).
    delay_from: int | None = None
    max_delay: timedelta = timedelta(minutes=15)

    def retry_after(self, row: Counter, now: datetime) -> float:
        """Seconds to wait before the next attempt (0 when it may go ahead)."""
        if now - self._anchor(row) >= self.window:
            return 0.0
        if self.limit is not None and row.failures >= self.limit:
            return (row.window_started_at + self.window - now).total_seconds()
        if self.delay_from is not None and row.failures >= self.delay_from:
            delay = min(
                timedelta(seconds=2 ** min(row.failures - self.delay_from, 30)), self.max_delay
            )
            return (row.last_failure_at + delay - now).total_seconds()
        return 0.0

    def _anchor(self, row: Counter) -> datetime:
        return row.window_started_at if self.restart_after == "window" else row.last_failure_at


PER_IP = Policy(window=timedelta(minutes=1), restart_after="window", limit=20)
PER_ACCOUNT = Policy(window=timedelta(hours=24), restart_after="quiet", delay_from=5)
# A family starts a dossier once; a ward behind one address a few a day.
PER_IP_STARTS = Policy(window=timedelta(hours=1), restart_after="window", limit=10)
# Every reset request counts (each may send a mail): 10 per IP in a fixed 15 minutes.
RESET_PER_IP = Policy(window=timedelta(minutes=15), restart_after="window", limit=10)

POLICIES = {
    IP_PREFIX: PER_IP,
    INVITE_PREFIX: PER_IP,
    LINK_PREFIX: PER_IP,
    ACCOUNT_PREFIX: PER_ACCOUNT,
    START_PREFIX: PER_IP_STARTS,
    RESET_PREFIX: RESET_PER_IP,
}


def policy_for(key: str) -> Policy:
    for prefix, policy in POLICIES.items():
        if key.startswith(prefix):
            return policy
    raise ValueError(f"no throttle policy for key {key!r}")


# --------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------


def _key(prefix: str, value: str) -> str:
    return (prefix + value.strip())[:KEY_MAX_LENGTH]


def account_key(email: str) -> str:
    return _key(ACCOUNT_PREFIX, normalise_email(email))


def login_keys(*, ip: str, email: str) -> list[str]:
    """The keys a login attempt counts against: the client's IP and the account."""
    return [_key(IP_PREFIX, ip or "unknown"), account_key(email)]


def invitation_keys(*, ip: str) -> list[str]:
    """The keys an invitation redemption counts against (tokens are not accounts)."""
    return [_key(INVITE_PREFIX, ip or "unknown")]


def start_keys(*, ip: str) -> list[str]:
    """The keys starting a dossier counts against (every attempt, see START_PREFIX)."""
    return [_key(START_PREFIX, ip or "unknown")]


def link_keys(*, ip: str) -> list[str]:
    """The keys opening a personal check-in link counts against (dead links only)."""
    return [_key(LINK_PREFIX, ip or "unknown")]


def reset_keys(*, ip: str) -> list[str]:
    """The keys a password-reset request (or a dead reset link) counts against."""
    return [_key(RESET_PREFIX, ip or "unknown")]


# --------------------------------------------------------------------------------------
# Backends
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counter:
    failures: int
    window_started_at: datetime
    last_failure_at: datetime


class Backend(Protocol):
    def read(self, keys: Sequence[str]) -> dict[str, Counter]: ...

    def add_failure(self, key: str, policy: Policy, now: datetime) -> None: ...

    def reset(self, key: str) -> None: ...


# INSERT ... ON CONFLICT per dialect (both take the same arguments).
_UPSERTS: dict[str, Callable[[sa.Table], postgresql.Insert | sqlite.Insert]] = {
    "postgresql": postgresql.insert,
    "sqlite": sqlite.insert,
}


class DatabaseBackend:
    """The `auth_throttle` table; each failure is one atomic upsert (safe across workers)."""

    # One fail() in this many also deletes counters that no policy remembers any more.
    PRUNE_ONE_IN = 100

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def read(self, keys: Sequence[str]) -> dict[str, Counter]:
        table = table_of(AuthThrottle)
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table).where(table.c.key.in_(list(keys)))).all()
        return {
            row.key: Counter(row.failures, row.window_started_at, row.last_failure_at)
            for row in rows
        }

    def add_failure(self, key: str, policy: Policy, now: datetime) -> None:
        table = table_of(AuthThrottle)
        insert = _UPSERTS.get(self.engine.dialect.name)
        if insert is None:
            raise RuntimeError(f"no atomic upsert for {self.engine.dialect.name}")
        when = sa.literal(now, UTCDateTime())
        cutoff = sa.literal(now - policy.window, UTCDateTime())
        anchor = (
            table.c.window_started_at
            if policy.restart_after == "window"
            else (table.c.last_failure_at)
        )
        # In an UPDATE every right-hand side sees the row as it was before (SQL standard,
        # also in SQLite), so these three CASEs decide on the same old values.
        stale = anchor <= cutoff
        statement = insert(table).values(
            key=key, failures=1, window_started_at=now, last_failure_at=now
        )
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": sa.case((stale, 1), else_=table.c.failures + 1),
                "window_started_at": sa.case((stale, when), else_=table.c.window_started_at),
                "last_failure_at": when,
            },
        )
        with self.engine.begin() as conn:
            conn.execute(statement)
            if secrets.randbelow(self.PRUNE_ONE_IN) == 0:
                self._prune(conn, now)

    def reset(self, key: str) -> None:
        table = table_of(AuthThrottle)
        with self.engine.begin() as conn:
            conn.execute(sa.delete(table).where(table.c.key == key))

    def prune(self, now: datetime | None = None) -> None:
        with self.engine.begin() as conn:
            self._prune(conn, now or utcnow())

    @staticmethod
    def _prune(conn: sa.Connection, now: datetime) -> None:
        longest = max(policy.window for policy in POLICIES.values())
        table = table_of(AuthThrottle)
        conn.execute(
            sa.delete(table).where(
                table.c.last_failure_at < sa.literal(now - longest, UTCDateTime())
            )
        )


# KEYS[1] the counter; ARGV: now and window in whole microseconds since the epoch (exact
# in Lua's doubles), the restart rule, the expiry in seconds. Read, decide and write in one
# script: Redis runs it atomically, so workers never race.
_REDIS_FAIL = """
local now = tonumber(ARGV[1])
local row = redis.call('HMGET', KEYS[1], 'failures', 'window_started', 'last_failure')
local failures = tonumber(row[1]) or 0
local started = row[2] or ARGV[1]
local anchor = tonumber(started)
if ARGV[3] == 'quiet' then anchor = tonumber(row[3] or ARGV[1]) end
if failures == 0 or now - anchor >= tonumber(ARGV[2]) then
  failures = 0
  started = ARGV[1]
end
failures = failures + 1
redis.call('HSET', KEYS[1], 'failures', failures, 'window_started', started,
           'last_failure', ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return failures
"""


class RedisBackend:
    """Counters as Redis hashes that expire by themselves; one Lua script per failure."""

    def __init__(self, url: str, *, prefix: str = "dossier:throttle:") -> None:
        import redis  # only needed when Redis is configured

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.prefix = prefix
        self._fail = self.client.register_script(_REDIS_FAIL)

    def read(self, keys: Sequence[str]) -> dict[str, Counter]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self.prefix + key, ["failures", "window_started", "last_failure"])
        found: dict[str, Counter] = {}
        for key, (failures, started, last) in zip(keys, pipe.execute(), strict=True):
            if failures is None:
                continue
            found[key] = Counter(int(failures), _from_epoch(started), _from_epoch(last))
        return found

    def add_failure(self, key: str, policy: Policy, now: datetime) -> None:
        # Keep the hash as long as it can still matter, plus the longest possible wait.
        expiry = math.ceil((policy.window + policy.max_delay).total_seconds())
        self._fail(
            keys=[self.prefix + key],
            args=[_micros(now), policy.window // _MICROSECOND, policy.restart_after, expiry],
        )

    def reset(self, key: str) -> None:
        self.client.delete(self.prefix + key)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    """Exact whole microseconds since the epoch (a float timestamp would round)."""
    return (moment - _EPOCH) // _MICROSECOND


def _from_epoch(raw: bytes | str) -> datetime:
    return _EPOCH + int(raw) * _MICROSECOND


# --------------------------------------------------------------------------------------
# The throttle
# --------------------------------------------------------------------------------------


class Throttle:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def check(self, keys: Iterable[str], *, now: datetime | None = None) -> int | None:
        """Whole seconds to wait before trying again, or None when the attempt may go ahead."""
        keys = list(dict.fromkeys(keys))
        now = now or utcnow()
        counters = self.backend.read(keys)
        wait = max(
            (policy_for(key).retry_after(counters[key], now) for key in keys if key in counters),
            default=0.0,
        )
        return math.ceil(wait) if wait > 0 else None

    def fail(self, keys: Iterable[str], *, now: datetime | None = None) -> None:
        """Count one failed attempt against every key."""
        now = now or utcnow()
        for key in dict.fromkeys(keys):
            self.backend.add_failure(key, policy_for(key), now)

    def succeed(self, key: str) -> None:
        """A right password: the account starts from zero (the IP window runs its course)."""
        self.backend.reset(key)


def default_throttle() -> Throttle:
    """Redis when configured (several workers), else the app's database."""
    from dossier.settings import get_settings

    settings = get_settings()
    if settings.redis_url:
        return Throttle(_redis_backend(settings.redis_url))
    from dossier.db import get_engine

    return Throttle(DatabaseBackend(get_engine()))


_REDIS_BACKENDS: dict[str, RedisBackend] = {}


def _redis_backend(url: str) -> RedisBackend:
    # One connection pool per URL and process, not one per request.
    if url not in _REDIS_BACKENDS:
        _REDIS_BACKENDS[url] = RedisBackend(url)
    return _REDIS_BACKENDS[url]


def check(keys: Iterable[str], *, now: datetime | None = None) -> int | None:
    return default_throttle().check(keys, now=now)


def fail(keys: Iterable[str], *, now: datetime | None = None) -> None:
    default_throttle().fail(keys, now=now)


def succeed(key: str) -> None:
    default_throttle().succeed(key)
