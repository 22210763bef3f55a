"""The `dossier` command: set up the database, seed the demo family, manage users."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict

from dossier.db import session_scope
from dossier.domain.errors import DomainError
from dossier.i18n import translate
from dossier.settings import ConfigError, database_url, get_settings


def cmd_migrate(_args: argparse.Namespace) -> int:
    from dossier.migrations import upgrade

    upgrade()
    print(f"Database is up to date ({_safe_url(database_url())}).")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from dossier.demo import ensure_demo

    with session_scope() as session:
        accounts = ensure_demo(session)
    if args.json:
        print(json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2))
        return 0
    print(f"Demo logins (open {get_settings().origin} and log in with one of these):")
    width = max(len(a.email) for a in accounts)
    for account in accounts:
        print(
            f"  {account.email:<{width}}  {account.password}  {account.role:<12} {account.family}"
        )
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from dossier.domain.accounts import create_user

    password = args.password or getpass.getpass("Password (8 or more characters): ")
    try:
        with session_scope() as session:
            user = create_user(
                session, email=args.email, name=args.name, password=password, locale=args.locale
            )
    except DomainError as exc:
        print(translate("en", exc.message_key), file=sys.stderr)
        return 1
    print(f"User {user.email} created (id {user.id}).")
    return 0


def _safe_url(url: str) -> str:
    """The URL without a password, for printing."""
    head, sep, tail = url.partition("@")
    return f"{head.split(':')[0]}://…@{tail}" if sep else url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dossier", description="Gezinsdossier command line.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply the database migrations").set_defaults(func=cmd_migrate)
    demo = sub.add_parser("demo", help="seed the demo families (idempotent) and print the logins")
    demo.add_argument("--json", action="store_true", help="print the accounts as JSON")
    demo.set_defaults(func=cmd_demo)
    create = sub.add_parser("create-user", help="create a user with a password")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    create.add_argument("--password", help="asked for when left out")
    create.add_argument("--locale", choices=("nl", "en"), default="nl")
    create.set_defaults(func=cmd_create_user)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
