"""The pulse bus: after a change to a family's dossier commits, say so to every app worker.

What travels is `{family_id: pulse}`, nothing of the content: the workers pass the number
on to the open screens of that family (dossier/state/live.py), which reload through the
gate like any tap. With Redis (production: several workers, and jobs in other processes)
it is a Redis channel; without it (one worker, `make run`) the listeners in this process.

Publishing never fails a change that has already committed: a broken Redis is logged and
the screens catch up when their person comes back to them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Mapping
from functools import cache

import redis

from dossier.settings import get_settings

logger = logging.getLogger(__name__)

Changes = Mapping[int, int]  # family_id -> the pulse it reached
Listener = Callable[[Changes], None]

_listeners: list[Listener] = []
_lock = threading.Lock()


def channel() -> str:
    """One channel per database: pub/sub is global to a Redis server, and tests and the
    bench run several apps side by side."""
    database = hashlib.sha256(get_settings().db_url.encode()).hexdigest()[:12]
    return f"dossier:pulse:{database}"


def uses_redis() -> bool:
    return bool(get_settings().redis_url)


def listen(listener: Listener) -> Callable[[], None]:
    """Hear this process's changes (without Redis); returns how to stop listening."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


def publish(changes: Changes) -> None:
    if not changes:
        return
    if uses_redis():
        _publish_to_redis(changes)
        return
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(changes)
        except Exception:  # the change is saved; a listener going away must not undo that
            logger.exception("a pulse listener failed")


def encode(changes: Changes) -> str:
    return json.dumps({str(family): pulse for family, pulse in changes.items()})


def decode(message: str | bytes) -> dict[int, int]:
    """A message from the channel; anything malformed is no change at all."""
    try:
        raw = json.loads(message)
        return {int(family): int(pulse) for family, pulse in raw.items()}
    except (ValueError, TypeError, AttributeError):
        return {}


def _publish_to_redis(changes: Changes) -> None:
    try:
        _redis(get_settings().redis_url or "").publish(channel(), encode(changes))
    except (redis.RedisError, ValueError) as error:
        # The address holds no secret here, but the error text may: say only its kind.
        logger.warning("pulse not published (%s); open screens catch up later", type(error))


@cache
def _redis(url: str) -> redis.Redis:
    # Short timeouts: this runs right after a commit, inside someone's tap.
    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5)
