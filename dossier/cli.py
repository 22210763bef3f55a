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
from dossier.settings import ConfigError, database_url, get_settings, is_production


def cmd_migrate(_args: argparse.Namespace) -> int:
    from dossier.ops.migrations import upgrade

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


def cmd_vapid(args: argparse.Namespace) -> int:
    """The web push key pair: a file under data/ in development, env lines for production."""
    from dossier.notify import vapid

    if args.env:
        keys = vapid.generate_keys()
        subject = args.subject or vapid.default_subject()
        if problem := vapid.subject_problem(subject, production=True):
            print(f"{subject}: {problem}. Give one with --subject.", file=sys.stderr)
            return 2
        print(f"{vapid.PRIVATE_KEY_ENV}={keys.private_key_b64url}")
        print(f"{vapid.SUBJECT_ENV}={subject}")
        print(
            f"# public key (served at /api/push/vapid-public-key): {keys.public_key_b64url}",
            file=sys.stderr,
        )
        return 0
    if is_production():
        print(
            f"In production the key comes from {vapid.PRIVATE_KEY_ENV}: run "
            "`dossier vapid --env` and put its lines in the environment.",
            file=sys.stderr,
        )
        return 2
    keys = vapid.generate_keys()
    try:
        path = vapid.write_key_file(keys, overwrite=args.force)
    except FileExistsError:
        print(
            f"{vapid.key_file()} already exists. --force makes a new pair; every device "
            "then has to turn notifications on again.",
            file=sys.stderr,
        )
        return 1
    print(f"VAPID key pair written to {path}; public key {keys.public_key_b64url}")
    return 0


def cmd_push_worker(args: argparse.Namespace) -> int:
    """The push outbox worker as its own process (any number may run side by side)."""
    import asyncio
    import contextlib
    import logging
    import signal
    from datetime import timedelta

    from dossier.jobs import push_worker
    from dossier.notify import worker

    if args.lease < 2 * args.timeout:
        print("--lease must be at least twice --timeout.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    options = {
        "owner": args.owner or worker.worker_id(),
        "batch": args.batch,
        "lease": timedelta(seconds=args.lease),
        "timeout": args.timeout,
    }
    if args.once:
        print(json.dumps(dict(worker.run_once(**options))))
        return 0

    async def serve() -> None:
        task = asyncio.current_task()
        assert task is not None  # serve() runs as the task asyncio.run made for it
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):  # SIGTERM: a clean stop
            await push_worker.run_loop(idle=args.idle, **options)

    asyncio.run(serve())
    return 0


def cmd_icons(_args: argparse.Namespace) -> int:
    """The home-screen and tab icons, drawn from one mark (dossier/ops/icons.py)."""
    from dossier.ops.icons import write_icons

    for path in write_icons():
        print(path.relative_to(path.parents[2]))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the configured database (SQLite backup API or pg_dump)."""
    from pathlib import Path

    from dossier.ops.backup import BackupError, backup

    target = Path(args.path)
    if target.exists() and not args.force:
        print(f"{target} already exists; --force replaces it.", file=sys.stderr)
        return 1
    try:
        outcome = backup(database_url(), target)
    except BackupError as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"Backup of {_safe_url(database_url())} written to {outcome.path}: "
        f"{outcome.size} bytes, {outcome.tables} tables, {outcome.rows} rows, "
        f"{outcome.seconds:.2f} s."
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring a backup back into the configured database (asks --yes before replacing data)."""
    from pathlib import Path

    from dossier.ops.backup import BackupError, restore

    try:
        outcome = restore(database_url(), Path(args.path), replace_data=args.yes)
    except BackupError as exc:
        print(f"Restore failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"Restored {outcome.path} into {_safe_url(database_url())}: "
        f"{outcome.tables} tables, {outcome.rows} rows, integrity ok, {outcome.seconds:.2f} s. "
        "Run `dossier migrate` if the backup is from an older version."
    )
    return 0


PRODUCTION_REQUIRED = (
    "DOSSIER_SECRET_KEY",
    "DOSSIER_ORIGIN",
    "REFLEX_DB_URL",
    "REFLEX_REDIS_URL",
    "DOSSIER_SMTP_URL",  # mails: confirming an address, a forgotten password
    "DOSSIER_MAIL_FROM",
)


def cmd_preflight(_args: argparse.Namespace) -> int:
    """Production start check (`make run-prod`): say everything that is missing at once."""
    import os

    missing = [name for name in PRODUCTION_REQUIRED if not os.environ.get(name, "").strip()]
    if missing:
        print(f"Not set, but needed in production: {', '.join(missing)}.", file=sys.stderr)
        print("See 'Deployment' in the README for what each one means.", file=sys.stderr)
        return 2
    if not is_production():
        print("DOSSIER_ENV must be 'production' for this check.", file=sys.stderr)
        return 2
    settings = get_settings()  # the secret's length, an https origin, OIDC: ConfigError
    problems = _service_problems(settings.db_url, settings.redis_url or "")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 2
    if not os.environ.get("DOSSIER_VAPID_PRIVATE_KEY", "").strip():
        print("Warning: DOSSIER_VAPID_PRIVATE_KEY is not set, so push notifications are off.")
    print(f"Production settings ok: {settings.origin}, {_safe_url(settings.db_url)}, Redis ok.")
    return 0


def _service_problems(db_url: str, redis_url: str) -> list[str]:
    """The database must be PostgreSQL (several workers and hosts share it) and reachable;
    Redis must answer (Reflex keeps the state of every open screen there)."""
    import redis

    from dossier.db import database_ok

    problems = []
    if not db_url.startswith("postgresql"):
        problems.append("REFLEX_DB_URL must be PostgreSQL (postgresql+psycopg://...) here.")
    elif not database_ok(db_url):
        problems.append(f"The database at {_safe_url(db_url)} does not answer.")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except (redis.RedisError, ValueError) as exc:
        problems.append(f"Redis at REFLEX_REDIS_URL does not answer: {exc}")
    return problems


def _safe_url(url: str) -> str:
    """The URL without a password, for printing."""
    head, sep, tail = url.partition("@")
    return f"{head.split(':')[0]}://…@{tail}" if sep else url


def cmd_erase_due(args: argparse.Namespace) -> int:
    """Erase the closed dossiers whose 30 days have passed, and the access log past its
    retention (the scheduler does this by itself; `--now` moves the clock, for tests)."""
    from datetime import datetime

    from dossier.jobs.erasure import run_once

    now = datetime.fromisoformat(args.now) if args.now else None
    if now is not None and now.tzinfo is None:
        print("--now needs a time zone, e.g. 2027-01-07T00:00:00+00:00", file=sys.stderr)
        return 2
    run = run_once(now=now)
    print(
        f"Erased {len(run.families)} dossiers ({run.rows} rows, {run.accounts} accounts, "
        f"{run.files} files); {run.log_rows_removed} access-log rows past retention removed."
    )
    return 0


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
    keys = sub.add_parser("vapid", help="make the web push (VAPID) key pair")
    keys.add_argument("--env", action="store_true", help="print env lines for production")
    keys.add_argument("--force", action="store_true", help="replace the development key file")
    keys.add_argument("--subject", help="contact for push services (mailto: or https:)")
    keys.set_defaults(func=cmd_vapid)
    sub.add_parser("icons", help="draw the app icons into assets/icons/").set_defaults(
        func=cmd_icons
    )
    sub.add_parser(
        "preflight", help="check the production settings, database and Redis (make run-prod)"
    ).set_defaults(func=cmd_preflight)
    saver = sub.add_parser("backup", help="write a consistent copy of the database to a file")
    saver.add_argument("path", help="the backup file (SQLite file or pg_dump custom format)")
    saver.add_argument("--force", action="store_true", help="replace the file if it exists")
    saver.set_defaults(func=cmd_backup)
    loader = sub.add_parser("restore", help="bring a backup back into the configured database")
    loader.add_argument("path", help="a file written by `dossier backup`")
    loader.add_argument("--yes", action="store_true", help="replace the data already there")
    loader.set_defaults(func=cmd_restore)
    pusher = sub.add_parser("push-worker", help="send the web push outbox (runs until stopped)")
    pusher.add_argument("--once", action="store_true", help="one round, then print the counts")
    pusher.add_argument("--batch", type=int, default=50, help="rows claimed per round")
    pusher.add_argument("--lease", type=float, default=60, help="seconds a claim is held")
    pusher.add_argument("--timeout", type=float, default=10, help="seconds per send")
    pusher.add_argument("--idle", type=float, default=1.5, help="seconds between empty rounds")
    pusher.add_argument("--owner", help="the name in lease_owner (default: host:pid:random)")
    pusher.set_defaults(func=cmd_push_worker)
    eraser = sub.add_parser(
        "erase-due", help="erase closed dossiers past their 30 days; prune the access log"
    )
    eraser.add_argument("--now", help="the moment to act at (ISO 8601 with zone; tests)")
    eraser.set_defaults(func=cmd_erase_due)
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
