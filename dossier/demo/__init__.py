"""Demo data: two families with a realistic, calm dossier, to try the app and to test it.

The content is plain data (`spec` for its shapes, `people`, `devries`, `yilmaz`,
`families`); `write` puts it into the database. Callers need only `ensure_demo`.
"""

from __future__ import annotations

from dossier.demo.families import FAMILIES
from dossier.demo.people import PEOPLE
from dossier.demo.write import (
    ACCOUNTS_FILE_NAME,
    DEMO_EMAIL_DOMAIN,
    DemoAccount,
    demo_email,
    ensure_demo,
)

__all__ = [
    "ACCOUNTS_FILE_NAME",
    "DEMO_EMAIL_DOMAIN",
    "FAMILIES",
    "PEOPLE",
    "DemoAccount",
    "demo_email",
    "ensure_demo",
]
