"""One send per form: a double tap on "Opslaan" saves once.

A form gets a fresh key when it opens (`new_form_key`); the page sends it back in a
hidden field (components/forms.py `once_field`); the handlers that save
ask `is_fresh_send` before anything else. Reflex runs one tab's events one after
the other, so the first send is handled completely (saved, key spent, form closed) before
the second is looked at, and the second finds its key spent: it changes nothing and says
nothing. A send that is refused for bad input keeps its key, so the corrected form can be
sent again. assets/one-tap.js drops most second taps before they leave the phone; this is
the part that does not depend on the browser.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

FIELD = "send_key"


def new_form_key() -> str:
    return secrets.token_urlsafe(12)


def is_fresh_send(form: Mapping[str, object], key: str) -> bool:
    """Whether this send belongs to the form that is open now and was not saved yet."""
    sent = form.get(FIELD)
    return bool(key) and isinstance(sent, str) and secrets.compare_digest(sent, key)
