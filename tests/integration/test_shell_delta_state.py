"""AppState.load_shell on every page: a second load sends only what changed.

The language's catalogue (`t`, tens of KB) and the language cookie go to the browser
when the language changes, not again on every page a person opens.
"""

from __future__ import annotations

import reflex as rx

from dossier.state.base import AppState
from tests.factories import World
from tests.integration.support import login_as


def sent_fields(delta: dict) -> set[str]:
    """The field names a delta carries, whichever state they belong to."""
    return {name.removesuffix("_rx_state_") for fields in delta.values() for name in fields}


async def test_anna_opening_a_second_page_is_not_sent_the_catalogue_again(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    root = rx.State()
    shell = await root.get_state(AppState)
    shell.load_shell()
    assert shell.signed_in and shell.family_name == "Gezin Alfa"
    root._clean()
    shell.load_shell()  # the next page: nothing changed
    again = sent_fields(root.get_delta())
    assert not {"t", "lang", "lang_cookie", "families", "family_name"} & again, again


async def test_when_anna_chose_english_elsewhere_the_next_page_sends_the_english_words(
    world: World, acting
) -> None:
    world.session.commit()
    acting(login_as(world, "anna"))
    root = rx.State()
    shell = await root.get_state(AppState)
    shell.load_shell()
    root._clean()
    world.users["anna"].locale = "en"  # set on her phone, say
    world.session.commit()
    shell.load_shell()
    changed = sent_fields(root.get_delta())
    assert {"t", "lang", "lang_cookie"} <= changed, changed
    assert shell.lang == "en" and shell.lang_cookie == "en"
