"""Accounts: creating users and checking an e-mail address with a password."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from dossier import audit
from dossier.domain.errors import InvalidInput
from dossier.domain.passwords import hash_password, needs_rehash, password_problem, verify_password
from dossier.domain.text import line_problem
from dossier.models import User

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOCALES = ("nl", "en")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, name: str, password: str | None, locale: str = "nl"
) -> User:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise InvalidInput("error.email_invalid")
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("error.name_required")
    if problem := line_problem(name):
        raise InvalidInput(problem)
    if password is not None and (problem := password_problem(password)):
        raise InvalidInput(problem)
    if session.exec(select(User).where(User.email == email)).first():
        raise InvalidInput("error.email_taken")
    user = User(
        email=email,
        name=name,
        locale=locale if locale in LOCALES else "nl",
        password_hash=hash_password(password) if password else None,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(
    session: Session, *, email: str, password: str, ip: str = "", user_agent: str = ""
) -> User | None:
    """The user when the password is right; None otherwise (logged either way)."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    ok = verify_password(user.password_hash if user else None, password)
    audit.record(
        session,
        None,
        "login.password",
        outcome="allowed" if ok else "failed",
        user_id=user.id if user else None,
        ip=ip,
        user_agent=user_agent,
    )
    if not ok or user is None:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.add(user)
    return user


def set_locale(session: Session, *, user_id: int, locale: str) -> None:
    if locale not in LOCALES:
        raise InvalidInput("error.invalid")
    user = session.get(User, user_id)
    if user is not None and user.locale != locale:
        user.locale = locale
        session.add(user)
