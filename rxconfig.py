"""Reflex configuration. Everything environment-specific comes from variables (see README)."""

import os
import sys

import reflex as rx

from dossier.bundling import LeanRadixThemes, StaticIconsOnly
from dossier.first_paint import FirstPaintPlugin
from dossier.settings import ConfigError, database_url, get_settings

try:
    settings = get_settings()
except ConfigError as problem:
    # One clear sentence instead of a traceback: the app must not start half-configured.
    sys.exit(f"Gezinsdossier cannot start: {problem}")

# engine.io closes a websocket (/_event) whose message is bigger than this. Reflex's
# default is 1 MB; the largest real event (a 4000-character note) is a few kB.
os.environ.setdefault("REFLEX_SOCKET_MAX_HTTP_BUFFER_SIZE", str(256 * 1024))

config = rx.Config(
    app_name="dossier",
    db_url=database_url(),
    redis_url=settings.redis_url,
    # A tab's state holds family data: never pickled to disk (Reflex's default without
    # Redis keeps it under .states/ for an hour), but in memory, or in Redis when
    # configured. Either way it lives no longer than the idle login that loaded it.
    state_manager_mode="redis" if settings.redis_url else "memory",
    redis_token_expiration=settings.session_idle_minutes * 60,
    # Only our own origin may open the websocket (cross-site websocket hijacking).
    cors_allowed_origins=[settings.origin],
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Precompressed at build time; the prod server sends .br to browsers that accept it
    # (smaller than gzip for the JavaScript of the first visit), else .gz.
    frontend_compression_formats=["brotli", "gzip"],
    # No dynamic (eval'd) components here, and the CSP forbids eval anyway: libraries
    # registered for them are imported lazily, not on every page's first load.
    frontend_lazy_bundled_libraries=True,
    plugins=[
        # Radix Themes without its whole namespace as a library for dynamic components
        # (lazy or not, that import put all of it in the chunk every page loads) and with
        # the colour tokens of only these colours, besides the theme's
        # (dossier/bundling/radix.py).
        # Using a new colour (color_scheme=, rx.color(...)) means adding it here;
        # tests/unit/test_bundling.py fails until it is.
        LeanRadixThemes(
            theme=rx.theme(
                accent_color="teal", gray_color="sage", radius="large", appearance="light"
            ),
            colors=("tomato", "amber", "grass", "orange", "iris"),
        ),
        # The compile stops at an rx.icon named by state (lucide's whole icon map).
        StaticIconsOnly(),
        # The prerendered pages paint before their modules load (dossier/first_paint.py).
        FirstPaintPlugin(),
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
