"""A friendly name for a device from its browser's User-Agent: "Chrome" on "Android".

Only what a person recognises on their own devices; no version numbers, no guessing
beyond the common browsers and systems. Unknown parts come back as "".
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Device(NamedTuple):
    browser: str  # "Chrome", "Safari", ... or ""
    system: str  # "Android", "iPhone", "Windows", ... or ""


# Order matters: many browsers also name the ones they are built on (Edge says "Chrome"
# and "Safari", Chrome on iOS says "Safari").
_BROWSERS = (
    (re.compile(r"\bEdg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"\b(OPR|Opera)/"), "Opera"),
    (re.compile(r"\bSamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"\b(Firefox|FxiOS)/"), "Firefox"),
    (re.compile(r"\b(CriOS|Chrome|Chromium|HeadlessChrome)/"), "Chrome"),
    (re.compile(r"\bVersion/[\d.]+.*\bSafari/"), "Safari"),
)
_SYSTEMS = (
    (re.compile(r"\biPhone\b"), "iPhone"),
    (re.compile(r"\biPad\b"), "iPad"),
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\bMac OS X\b|\bMacintosh\b"), "Mac"),
    (re.compile(r"\bLinux\b"), "Linux"),
)


def describe(user_agent: str) -> Device:
    browser = next((name for pattern, name in _BROWSERS if pattern.search(user_agent)), "")
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), "")
    return Device(browser, system)
