"""The database work of event handlers runs beside the worker's event loop, not on it.

Reflex calls a synchronous handler on the event loop itself, so while one client's handler
waits for the database, no other client's event moves: a worker served one event at a
time. The session gate names the handler of each event it lets through (`dispatching`);
that handler, wrapped with `off_loop`, then hands Reflex an async generator that runs the
body in a thread and yields what it returned. Called directly (by another handler, a test
or the benchmark) the body simply runs where it is called.

Why a thread may change the state: Reflex holds this client's state lock for the whole
event, so nothing else touches the state until the generator is done; the thread runs in
a copy of the event's context, with the login the gate resolved.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

# The name of the handler Reflex is about to call for this event, until it is called.
_dispatched: ContextVar[str | None] = ContextVar("dossier_dispatched_handler", default=None)


def dispatching(event_name: str) -> None:
    """The gate lets this event through: its handler may hand its work to a thread."""
    _dispatched.set(event_name.rpartition(".")[2])


def off_loop(handler: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(handler)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _dispatched.get() != handler.__name__:
            return handler(self, *args, **kwargs)
        _dispatched.set(None)  # only the handler Reflex calls; nested calls run inline
        return _in_thread(handler, self, args, kwargs)

    return run


async def _in_thread(
    handler: Callable[..., Any], state: Any, args: tuple, kwargs: dict
) -> AsyncIterator[Any]:
    yield await asyncio.to_thread(handler, state, *args, **kwargs)
