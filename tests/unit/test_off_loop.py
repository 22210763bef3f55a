"""off_loop: the handler Reflex dispatches runs in a thread; every other call runs inline."""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

from dossier.state import off_loop as module
from dossier.state.off_loop import dispatching, off_loop


class Fake:
    def __init__(self) -> None:
        self.threads: list[str] = []

    @off_loop
    def save(self, value: int) -> str:
        self.threads.append(threading.current_thread().name)
        self.load()  # a nested handler call: inline, in the same thread
        return f"saved {value}"

    @off_loop
    def load(self) -> None:
        self.threads.append(threading.current_thread().name)


def test_a_direct_call_runs_inline() -> None:
    fake = Fake()
    assert fake.save(1) == "saved 1"
    main = threading.current_thread().name
    assert fake.threads == [main, main]


async def test_the_dispatched_handler_runs_in_a_thread_and_yields_its_result() -> None:
    async def event() -> tuple[list[Any], Fake]:
        fake = Fake()
        dispatching("reflex___state____state.fake.save")
        result = fake.save(2)
        assert inspect.isasyncgen(result)  # Reflex awaits it, the loop stays free
        return [item async for item in result], fake

    yielded, fake = await asyncio.create_task(event())
    assert yielded == ["saved 2"]
    loop_thread = threading.current_thread().name
    assert fake.threads[0] != loop_thread
    assert fake.threads == [fake.threads[0]] * 2  # the nested load ran in that thread


async def test_only_the_named_handler_is_dispatched_and_only_once() -> None:
    async def event() -> None:
        fake = Fake()
        dispatching("reflex___state____state.fake.save")
        assert fake.load() is None  # another name: inline
        gen = fake.save(3)
        assert inspect.isasyncgen(gen)
        await gen.aclose()
        assert fake.save(4) == "saved 4"  # the mark is used up
        assert module._dispatched.get() is None

    await asyncio.create_task(event())


async def test_the_loop_serves_other_work_while_a_handler_waits() -> None:
    started, release = threading.Event(), threading.Event()

    class Slow:
        @off_loop
        def wait(self) -> str:
            started.set()
            release.wait(5)
            return "done"

    async def event() -> list[str]:
        dispatching("x.slow.wait")
        return [item async for item in Slow().wait()]

    task = asyncio.create_task(event())
    while not started.is_set():
        await asyncio.sleep(0.01)
    # The handler blocks its thread; this coroutine still runs on the loop.
    await asyncio.sleep(0.01)
    release.set()
    assert await task == ["done"]
