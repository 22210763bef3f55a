"""Where the browser reaches our own HTTP routes.

In production (one port) that is the page's own origin. In `make dev` the frontend
runs on Vite, which answers /api itself, so forms must post to the backend port.
"""

from __future__ import annotations

import os


def backend_url(path: str) -> str:
    if os.environ.get("REFLEX_ENV_MODE", "dev") == "prod":
        return path
    from reflex_base.config import get_config

    return get_config().api_url.rstrip("/") + path
