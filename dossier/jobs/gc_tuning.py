"""Keep a worker's long-lived objects out of Python's full garbage collections.

A worker holds the whole app for its lifetime (pages, states, catalogues, SQLAlchemy's
metadata). Every full (generation 2) collection walks all of it: about 100 ms on a busy
2-core machine, landing on whichever event happens to run then. Once the worker serves,
what exists is moved to the permanent generation the collector skips (`gc.freeze`).
"""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    gc.collect()  # what is garbage now goes, what survives is the app itself
    gc.freeze()


async def freeze_at_start() -> None:
    """A lifespan task: runs once in each worker when it starts serving."""
    freeze_long_lived()
