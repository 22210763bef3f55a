"""The push outbox worker's loop: rounds of `dossier.notify.worker.run_once` until
cancelled, as the app's lifespan task (`outbox_worker`, one per backend worker) or as
its own process (`dossier push-worker`). What a round does (claim, deliver, settle) is
delivery and lives in `dossier.notify.worker`.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from datetime import timedelta

from dossier.notify import worker
from dossier.notify.worker import BATCH, LEASE, SEND_TIMEOUT, SendFunction, SessionFactory
from dossier.settings import push_worker_enabled

logger = logging.getLogger(__name__)

IDLE_POLL = 1.5  # seconds between rounds that found nothing
BUSY_POLL = 0.05  # seconds between rounds while there is work
ERROR_POLL_CAP = 60.0  # the longest pause after rounds that failed (database down)


async def run_loop(
    *,
    session_factory: SessionFactory | None = None,
    owner: str | None = None,
    send: SendFunction | None = None,
    batch: int = BATCH,
    lease: timedelta = LEASE,
    timeout: float = SEND_TIMEOUT,
    idle: float = IDLE_POLL,
) -> None:
    """Rounds until cancelled. The blocking work runs in a thread; a failed round is
    logged and the loop goes on (pausing longer while failures repeat)."""
    owner = owner or worker.worker_id()
    stop = threading.Event()
    failures = 0
    logger.info("push outbox worker %s started", owner)
    try:
        while True:
            try:
                counts = await asyncio.to_thread(
                    worker.run_once,
                    session_factory,
                    owner=owner,
                    send=send,
                    batch=batch,
                    lease=lease,
                    timeout=timeout,
                    stop=stop,
                )
            except Exception:
                failures += 1
                logger.exception("push outbox worker %s: a round failed", owner)
                await asyncio.sleep(min(ERROR_POLL_CAP, idle * 2**failures))
                continue
            failures = 0
            if counts["claimed"]:
                logger.debug("push outbox worker %s: %s", owner, dict(counts))
            await asyncio.sleep(BUSY_POLL if counts["claimed"] else idle)
    finally:  # cancelled: the running round stops after its current row, hands the rest back
        stop.set()
        logger.info("push outbox worker %s stopping", owner)


async def outbox_worker() -> None:
    """The Reflex lifespan task (one per backend worker); off with DOSSIER_PUSH_WORKER=0."""
    if not push_worker_enabled():
        logger.info("push outbox worker disabled (DOSSIER_PUSH_WORKER=0)")
        return
    await run_loop()
