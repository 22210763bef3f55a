"""Request bodies over the cap get 413: by Content-Length, and while a chunked body streams."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from dossier.api import build_api
from dossier.middleware.body_limit import (
    DEFAULT_MAX_BODY_BYTES,
    BodyLimit,
    body_limit,
    max_body_bytes,
)
from dossier.middleware.headers import security_headers
from tests.factories import World

CAP = 1000


async def echo_length(request: Request) -> JSONResponse:
    return JSONResponse({"received": len(await request.body())})


async def swallow_errors(request: Request) -> JSONResponse:
    # An app that hides every error must still not answer 200 to an over-size body.
    try:
        await request.body()
    except Exception:
        return JSONResponse({"ok": True})
    return JSONResponse({"ok": True})


def small_app() -> Starlette:
    routes = [
        Route("/echo", echo_length, methods=["POST"]),
        Route("/swallow", swallow_errors, methods=["POST"]),
        Route("/upload/echo", echo_length, methods=["POST"]),
    ]
    return Starlette(routes=routes)


async def call(app: Any, path: str, chunks: list[bytes], headers: list | None = None) -> dict:
    """Run one HTTP request through the ASGI app with the body sent in these chunks."""
    pending = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers or []}
    scope |= {"query_string": b"", "root_path": "", "scheme": "http", "server": ("t", 80)}
    await app(scope, receive, send)
    starts = [m for m in sent if m["type"] == "http.response.start"]
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {"starts": starts, "status": starts[0]["status"] if starts else None, "body": body}


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(BodyLimit(small_app(), limit=CAP)) as client:
        yield client


def test_a_body_under_the_cap_reaches_the_app(client: TestClient) -> None:
    response = client.post("/echo", content=b"x" * CAP)
    assert response.status_code == 200
    assert response.json() == {"received": CAP}


def test_a_declared_length_over_the_cap_is_refused_up_front(client: TestClient) -> None:
    response = client.post("/echo", content=b"x" * (CAP + 1))
    assert response.status_code == 413
    assert response.text == "Dit verzoek is te groot.\n"


async def test_the_app_never_reads_a_body_declared_too_large() -> None:
    reached: list[str] = []

    async def app(scope, receive, send) -> None:
        reached.append(scope["path"])

    headers = [(b"content-length", str(CAP + 1).encode())]
    result = await call(BodyLimit(app, limit=CAP), "/echo", [b"x" * (CAP + 1)], headers)
    assert result["status"] == 413
    assert reached == []


async def test_a_chunked_body_is_cut_off_once_it_passes_the_cap() -> None:
    limited = BodyLimit(small_app(), limit=CAP)
    result = await call(limited, "/echo", [b"x" * 400] * 5)  # no Content-Length, 2000 bytes
    assert result["status"] == 413
    assert len(result["starts"]) == 1  # only our answer, not a 500 from the app as well


async def test_a_chunked_body_under_the_cap_passes() -> None:
    result = await call(BodyLimit(small_app(), limit=CAP), "/echo", [b"x" * 250] * 4)
    assert result["status"] == 200
    assert result["body"] == b'{"received":1000}'


async def test_a_lying_content_length_is_caught_while_streaming() -> None:
    headers = [(b"content-length", b"10")]
    result = await call(BodyLimit(small_app(), limit=CAP), "/echo", [b"x" * 600] * 3, headers)
    assert result["status"] == 413


async def test_an_app_that_swallows_errors_still_answers_413_only() -> None:
    result = await call(BodyLimit(small_app(), limit=CAP), "/swallow", [b"x" * 600] * 3)
    assert [m["status"] for m in result["starts"]] == [413]


async def test_a_content_length_that_is_not_a_number_is_400() -> None:
    headers = [(b"content-length", b"12abc")]
    result = await call(BodyLimit(small_app(), limit=CAP), "/echo", [b"x"], headers)
    assert result["status"] == 400


async def test_a_longer_prefix_can_have_its_own_cap() -> None:
    limited = BodyLimit(small_app(), limit=CAP, limits={"/upload/": 5 * CAP})
    assert (await call(limited, "/upload/echo", [b"x" * CAP] * 3))["status"] == 200
    assert (await call(limited, "/echo", [b"x" * CAP] * 3))["status"] == 413


async def test_websockets_and_lifespan_pass_through_untouched() -> None:
    seen: list[str] = []

    async def app(scope, receive, send) -> None:
        seen.append(scope["type"])

    limited = BodyLimit(app, limit=1)
    for kind in ("websocket", "lifespan"):
        await limited({"type": kind, "path": "/_event"}, None, None)
    assert seen == ["websocket", "lifespan"]


def test_the_cap_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert max_body_bytes() == DEFAULT_MAX_BODY_BYTES == 1024 * 1024
    monkeypatch.setenv("DOSSIER_MAX_BODY_BYTES", "2048")
    assert max_body_bytes() == 2048
    assert BodyLimit(small_app()).limit == 2048
    monkeypatch.setenv("DOSSIER_MAX_BODY_BYTES", "lots")
    assert max_body_bytes() == DEFAULT_MAX_BODY_BYTES  # never "no cap" by a typo


@pytest.fixture
def app_client(world: World) -> Iterator[TestClient]:
    """The app's own routes wrapped as in dossier.py: build_api(), body_limit, headers."""
    app = security_headers(body_limit(build_api()))
    with TestClient(app, base_url="http://localhost:3000") as client:
        yield client


def test_the_login_route_refuses_a_huge_form_with_security_headers(app_client: TestClient) -> None:
    big = {"email": "a@b.nl", "password": "x" * (DEFAULT_MAX_BODY_BYTES + 1)}
    response = app_client.post("/api/auth/login", data=big, follow_redirects=False)
    assert response.status_code == 413
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_login_route_still_works_under_the_cap(app_client: TestClient) -> None:
    form = {"email": "niemand@test.nl", "password": "een lang wachtwoord"}
    response = app_client.post("/api/auth/login", data=form, follow_redirects=False)
    assert response.status_code != 413


def test_a_chunked_login_form_over_the_cap_is_refused(app_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b"email=a%40b.nl&password="
        for _ in range(20):
            yield b"x" * (64 * 1024)  # 1.25 MiB in total, without Content-Length

    form = {"content-type": "application/x-www-form-urlencoded"}
    response = app_client.post("/api/auth/login", content=chunks(), headers=form)
    assert response.status_code == 413


def test_health_still_answers(app_client: TestClient) -> None:
    assert app_client.get("/api/health").status_code == 200
