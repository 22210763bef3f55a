"""The catalogue a page gets (`LocaleState.t`) holds only what the pages can read, and
all of it (issue 18). The check against the compiled pages needs a build: it is in
tests/browser/test_first_visit_in_browser.py; these need none."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from dossier.domain.invitations import AlreadyMember, InvitationProblem, InvitationUnusable
from dossier.i18n import LOCALES, catalogue, frontend_catalogue, translate
from dossier.i18n.frontend import DYNAMIC_SITES, frontend_keys
from dossier.models import Role
from dossier.state import invitation, password_reset
from dossier.state.base import LocaleState
from tests.bundles import reads_in, state_var_name

ROOT = Path(__file__).resolve().parents[2]


def _covered(site: str, key: str) -> bool:
    return any(key == d or (d.endswith(".") and key.startswith(d)) for d in DYNAMIC_SITES[site])


@pytest.mark.parametrize("lang", LOCALES)
def test_a_page_gets_fewer_than_half_the_texts_each_as_the_server_has_it(lang: str) -> None:
    full, sent = catalogue(lang), frontend_catalogue(lang)
    assert 300 < len(sent) < len(full) / 2
    assert all(full[key] == text for key, text in sent.items())


def test_dutch_and_english_pages_get_the_same_keys() -> None:
    assert frontend_catalogue("nl").keys() == frontend_catalogue("en").keys()


def test_the_locale_state_sends_the_page_catalogue_in_the_chosen_language() -> None:
    t = LocaleState.computed_vars["t"]
    for lang in LOCALES:

        class Stub:
            pass

        stub = Stub()
        stub.lang = lang  # type: ignore[attr-defined]
        assert t.fget(stub) == frontend_catalogue(lang)  # type: ignore[arg-type]


def test_texts_only_the_server_writes_stay_out_of_the_page_but_translate_still_has_them() -> None:
    sent = frontend_catalogue("nl")
    # A notification's text (dossier/notify) never reaches a page's state.
    server_only = [key for key in catalogue("nl") if key.startswith("notify.")]
    assert server_only
    assert not set(server_only) & sent.keys()
    assert translate("nl", server_only[0]) == catalogue("nl")[server_only[0]]


def test_literals_fstring_starts_and_declared_prefixes_choose_the_keys() -> None:
    keys = ["nav.tasks", "task.label.title", "task.label.due", "forgot.error.missing", "mail.x"]
    chosen = frontend_keys(keys)
    assert {"nav.tasks", "task.label.title", "task.label.due"} <= chosen  # routes.py, f-string
    assert "forgot.error.missing" in chosen  # DYNAMIC_SITES
    assert "mail.x" not in chosen


def test_a_forgotten_password_page_can_show_every_error_it_may_be_given() -> None:
    site = "dossier.state.password_reset.PasswordForgottenState.error_key"
    for key in password_reset.FORGOT_ERRORS.values():
        assert _covered(site, key) and key in frontend_catalogue("nl"), key


def test_a_reset_password_page_can_show_every_error_it_may_be_given() -> None:
    site = "dossier.state.password_reset.PasswordResetState.error_key"
    for key in password_reset.RESET_ERRORS.values():
        assert _covered(site, key) and key in frontend_catalogue("nl"), key


def test_an_invited_person_sees_every_error_problem_and_role_in_words() -> None:
    sent = frontend_catalogue("nl")
    errors = "dossier.state.invitation.InvitationState.error_key"
    for key in invitation.ERRORS.values():
        assert _covered(errors, key) and key in sent, key
    problems = "dossier.state.invitation.InvitationState.problem_key"
    keys = [invitation.THROTTLED]
    keys += [InvitationUnusable(p).message_key for p in InvitationProblem]
    keys += [AlreadyMember(r).message_key for r in Role]
    for key in keys:
        if key in catalogue("nl"):  # AlreadyMember only for the roles that can be invited
            assert _covered(problems, key) and key in sent, key
    roles = "dossier.state.invitation.InvitationState.role"
    for role in Role:
        assert _covered(roles, f"role.{role}") and f"role.{role}" in sent


def test_the_server_never_reads_its_texts_from_the_page_catalogue() -> None:
    """`self.t` holds only the page keys: a state's own texts come from
    catalogue(self.lang) or translate(), or a text would be missing without an error."""
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in sorted((ROOT / "dossier").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr == "t"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    ]
    assert not found, f"use catalogue(self.lang) or translate() instead of self.t: {found}"


def test_the_build_scan_tells_literal_keys_from_state_var_keys_and_other_uses() -> None:
    state = "reflex___state____state__dossier___state___base____locale_state"
    sub = f"{state}__dossier___state___password_reset____password_forgotten_state"
    text = (
        f'jsx(A, {{}}, {state}.t_rx_state_?.["nav.tasks"]), '
        f"{state}.t_rx_state_?.[{sub}.error_key_rx_state_], "
        f"Show({{t: {state}.t_rx_state_}}), "
        '{"t_rx_state_": {"nav.tasks": "Taken"}, "count_rx_state_": 0}'
    )
    reads = reads_in("page.jsx", text)
    assert reads.literal == {"nav.tasks"}
    assert list(reads.dynamic) == ["dossier.state.password_reset.PasswordForgottenState.error_key"]
    assert len(reads.other) == 1 and "t_rx_state_})" in reads.other[0]
    assert state_var_name("dossier___state___invitation____invitation_state", "role") == (
        "dossier.state.invitation.InvitationState.role"
    )
