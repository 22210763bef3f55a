"""What lives when a worker starts is kept out of the collector's full passes."""

from __future__ import annotations

import asyncio
import gc

from dossier.jobs.gc_tuning import freeze_at_start


def test_the_start_freezes_what_lives_and_keeps_collecting_new_garbage() -> None:
    gc.unfreeze()
    try:
        asyncio.run(freeze_at_start())
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # the interpreter and everything imported so far
        cycle: list = []
        cycle.append(cycle)  # new garbage after the start is still collected
        del cycle
        assert gc.collect() >= 1
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
