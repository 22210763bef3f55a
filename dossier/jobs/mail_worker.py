"""The mail outbox worker: the app's lifespan task (one per backend worker).

A commit that queued a mail wakes it at once (`outbox.wake`); otherwise it looks every
ROUND seconds, so mails that failed are tried again when their pause is over. What a
round does lives in `dossier.mail.outbox.run_once`. Off with DOSSIER_MAIL_WORKER=0.
"""

from __future__ import annotations

import asyncio
import logging
import os

from dossier.mail import outbox

logger = logging.getLogger(__name__)

TICK = 0.25  # seconds between looks at the wake-up flag (no database involved)
ROUND = 15.0  # seconds between rounds when nothing woke the worker
ERROR_PAUSE_CAP = 300.0


def mail_worker_enabled() -> bool:
    return os.environ.get("DOSSIER_MAIL_WORKER", "1").strip().lower() not in {"0", "false", "no"}


async def run_loop(*, round_seconds: float = ROUND) -> None:
    owner = outbox.worker_id()
    failures = 0
    waited = round_seconds  # a first round at once: mails left from before a restart
    logger.info("mail outbox worker %s started", owner)
    while True:
        if outbox.wake.is_set() or waited >= round_seconds:
            outbox.wake.clear()
            waited = 0.0
            try:
                counts = await asyncio.to_thread(outbox.run_once, owner=owner)
            except Exception:
                failures += 1
                logger.exception("mail outbox worker %s: a round failed", owner)
                await asyncio.sleep(min(ERROR_PAUSE_CAP, TICK * 2**failures))
                continue
            failures = 0
            if counts.get("claimed"):
                logger.debug("mail outbox worker %s: %s", owner, counts)
                outbox.wake.set()  # there may be more: look again at once
        await asyncio.sleep(TICK)
        waited += TICK


async def mail_worker() -> None:
    if not mail_worker_enabled():
        logger.info("mail outbox worker disabled (DOSSIER_MAIL_WORKER=0)")
        return
    await run_loop()
