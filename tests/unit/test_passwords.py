"""Password hashing: argon2id at or above OWASP's minimum parameters."""

from __future__ import annotations

import re

from dossier.domain.passwords import hash_password, password_problem, verify_password


def test_hash_is_argon2id_with_strong_parameters() -> None:
    stored = hash_password("correct horse battery")
    match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", stored)
    assert match, stored
    memory_kib, iterations, parallelism = map(int, match.groups())
    assert memory_kib >= 19456  # OWASP minimum: 19 MiB
    assert iterations >= 2
    assert parallelism >= 1


def test_same_password_gets_a_new_salt_each_time() -> None:
    assert hash_password("correct horse battery") != hash_password("correct horse battery")


def test_verify_accepts_the_right_and_refuses_a_wrong_password() -> None:
    stored = hash_password("correct horse battery")
    assert verify_password(stored, "correct horse battery")
    assert not verify_password(stored, "correct horse batterY")


def test_an_account_without_password_never_verifies() -> None:
    assert not verify_password(None, "anything at all")
    assert not verify_password("not-a-hash", "anything at all")


def test_length_rules_without_composition_rules() -> None:
    assert password_problem("kort") == "password.too_short"
    assert password_problem("x" * 129) == "password.too_long"
    assert password_problem("allemaal kleine letters") is None
