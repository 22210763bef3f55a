"""Password hashing with argon2id (argon2-cffi's defaults: t=3, m=64 MiB, p=4).

That is above OWASP's minimum (m=19 MiB, t=2, p=1). A semaphore caps how many hashes
run at once, because each one takes 64 MiB.
"""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 128  # long passphrases welcome; no composition rules

_hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
_concurrent_hashes = threading.BoundedSemaphore(2)

# An argon2id hash of a random password, verified against when the user is unknown, so a
# wrong e-mail costs as much time as a wrong password and does not reveal who has an account.
_DUMMY_HASH = _hasher.hash("not-a-real-password-2f8c1e")


def hash_password(password: str) -> str:
    with _concurrent_hashes:
        return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    with _concurrent_hashes:
        try:
            return _hasher.verify(stored_hash or _DUMMY_HASH, password) and bool(stored_hash)
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


def password_problem(password: str) -> str | None:
    """A catalogue key describing what is wrong with a new password, or None."""
    if len(password) < MIN_LENGTH:
        return "password.too_short"
    if len(password) > MAX_LENGTH:
        return "password.too_long"
    return None
