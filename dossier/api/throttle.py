"""The brute-force limiter for HTTP routes (login, invitation links).

The counting itself lives in `dossier.domain.throttle`.

    from dossier.api.http import client_ip
    from dossier.api.throttle import count_failure, refuse_if_throttled
    from dossier.domain.throttle import invitation_keys

    keys = invitation_keys(ip=client_ip(request))
    if refused := await refuse_if_throttled(keys, "/uitnodiging", t=token):
        return refused        # 303 to /uitnodiging?t=...&error=throttled, with Retry-After
    ...
    except InvitationUnusable:          # unknown, used, expired or revoked link
        await count_failure(keys)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dossier.api.http import redirect
from dossier.domain import throttle

log = logging.getLogger(__name__)

THROTTLED = "throttled"  # the `error=` value the pages turn into "Te veel pogingen..."


async def refuse_if_throttled(keys: Sequence[str], path: str, **query: str) -> Response | None:
    """None when the attempt may go ahead; else a 303 back to `path` with Retry-After.

    A browser form post gets a page it can show (`?error=throttled`), not a bare 429; the
    `Retry-After` header tells scripts how long to wait. Refusals are not audit rows:
    an attacker could otherwise fill the access log at will. They go to the server log.
    """
    wait = await run_in_threadpool(throttle.check, keys)
    if wait is None:
        return None
    log.warning("throttled %s for %s s", path, wait)
    response = redirect(path, **{**query, "error": THROTTLED})
    response.headers["Retry-After"] = str(wait)
    return response


async def count_failure(keys: Sequence[str]) -> None:
    await run_in_threadpool(throttle.fail, keys)


async def count_success(account_key: str) -> None:
    await run_in_threadpool(throttle.succeed, account_key)
