"""What every support command shares: the data folder, the store, the passphrase, a PIN, exit codes.

Exit codes: 0 done; 1 refused, with the reason on stderr; 2 usage or environment error (argparse's
own, a missing or locked store, no passphrase). No Qt is imported here.

The recovery passphrase comes from `DRIPOS_TERMINAL_PASSPHRASE`, else a prompt on the terminal.
A PIN is never a command-line argument (it would sit in the shell history and the process list): it
is prompted for on a terminal, or read as one line of standard input when that is not a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_ENVIRONMENT = 2
ENV_PASSPHRASE = "DRIPOS_TERMINAL_PASSPHRASE"


class CommandError(Exception):
    """Stop the command: `str()` goes to stderr, `code` is the exit code."""

    def __init__(self, message: str, code: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.code = code


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", help="data directory (default: $DRIPOS_TERMINAL_HOME or the platform's)"
    )


def data_dir_of(args: argparse.Namespace) -> Path:
    from dripos_terminal.paths import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def add_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="the data folder is a demo's (as `demo seed-day` fills it): its documented passphrase, "
        "and the embedded Stripe simulator",
    )


def passphrase_provider(
    *, create: bool, stdin: TextIO | None = None, demo: bool = False
) -> Callable[[], str | None]:
    def provide() -> str | None:
        if os.environ.get(ENV_PASSPHRASE):
            return os.environ[ENV_PASSPHRASE]
        if demo:
            from dripos_terminal.services.demo import DEMO_PASSPHRASE

            return DEMO_PASSPHRASE
        if not _tty(stdin or sys.stdin):
            raise CommandError(
                f"The store needs the recovery passphrase: set {ENV_PASSPHRASE} or run this on a terminal.",
                EXIT_ENVIRONMENT,
            )
        if create:
            first = getpass.getpass("Choose a recovery passphrase (at least 10 characters): ")
            if first != getpass.getpass("Type it again: "):
                raise CommandError("The two passphrases differ; nothing was created.", EXIT_ENVIRONMENT)
            return first
        return getpass.getpass("Recovery passphrase: ")

    return provide


def read_pin(prompt: str = "PIN: ", *, confirm: bool = True, stdin: TextIO | None = None) -> str:
    """A PIN from a prompt (twice) on a terminal, else one line of standard input."""
    stream = stdin or sys.stdin
    if not _tty(stream):
        line = stream.readline()
        if not line:
            raise CommandError("No PIN on standard input (give it as one line).", EXIT_ENVIRONMENT)
        return line.rstrip("\r\n")
    pin = getpass.getpass(prompt)
    if confirm and pin != getpass.getpass("Again: "):
        raise CommandError("The two PINs differ; nothing was changed.")
    return pin


@dataclass
class Opened:
    """The store and the services the commands use, on one data folder."""

    demo: bool
    data_dir: Path
    db: Any
    clock: Any
    audit: Any
    staff: Any
    settings: Any
    secrets: Any
    menu: Any
    keyring: Any

    def config(self) -> Any:
        return self.settings.effective()

    def stripe_setup(self) -> Any:
        from dripos_terminal.services.stripe_setup import StripeSetup

        config = self.config()
        return StripeSetup(
            self.db, self.clock, self.secrets, self.settings,
            api_base=config.stripe.api_base, timeout_s=config.stripe.request_timeout_s,
        )  # fmt: skip


@contextmanager
def open_till(args: argparse.Namespace, *, create: bool = False) -> Iterator[Opened]:
    """Open the shop's store in `--data-dir` (create it when `create` and there is none); with
    `--demo`, a demo data folder (created and marked when `create`)."""
    import keyring

    from dripos_terminal.clock import SystemClock
    from dripos_terminal.services.demo import (
        DataModeMismatch,
        check_data_dir,
        check_database_mode,
        prepare_demo_dir,
    )
    from dripos_terminal.services.menu import MenuService
    from dripos_terminal.services.secrets import SecretStore
    from dripos_terminal.services.setup import ShopSettings, read_config_file
    from dripos_terminal.services.staff import StaffService
    from dripos_terminal.store.audit import AuditLog
    from dripos_terminal.store.errors import StoreEnvironmentError
    from dripos_terminal.store.keys import DATABASE_FILENAME, open_store
    from dripos_terminal.store.menu_repo import MenuRepo
    from dripos_terminal.store.settings_repo import SettingsRepo
    from dripos_terminal.store.staff_repo import StaffRepo

    data_dir = data_dir_of(args)
    demo = bool(getattr(args, "demo", False))
    try:
        check_data_dir(data_dir, demo=demo)
    except DataModeMismatch as exc:
        raise CommandError(str(exc)) from None
    exists = (data_dir / DATABASE_FILENAME).exists()
    if not exists and not create:
        raise CommandError(
            f"There is no till data in {data_dir}. `dripos-terminal staff add` sets up a new till "
            "(its first member must be a manager).",
            EXIT_ENVIRONMENT,
        )
    if demo:
        prepare_demo_dir(data_dir)
    clock = SystemClock()
    backend = keyring.get_keyring()
    try:
        db = open_store(
            data_dir,
            keyring_backend=backend,
            passphrase_provider=passphrase_provider(create=not exists, demo=demo),
            clock=clock,
            create_if_missing=create,
        )
    except StoreEnvironmentError as exc:
        raise CommandError(exc.user_message, EXIT_ENVIRONMENT) from None
    try:
        check_database_mode(db, demo=demo)
        audit = AuditLog(db, clock)
        settings = ShopSettings(SettingsRepo(db, clock, audit), read_config_file(data_dir))
        currency = settings.effective().shop.currency
        yield Opened(
            demo=demo,
            data_dir=data_dir,
            db=db,
            clock=clock,
            audit=audit,
            staff=StaffService(StaffRepo(db, clock), audit, clock),
            settings=settings,
            secrets=SecretStore(db, audit, clock, backend),
            menu=MenuService(MenuRepo(db, clock, audit), clock, currency=currency),
            keyring=backend,
        )
    except DataModeMismatch as exc:
        raise CommandError(str(exc)) from None
    finally:
        db.close()


class Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise (scripts, `--json`)."""

    def __init__(self, label: str, *, enabled: bool = True, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._label = label
        self._on = enabled and _tty(self._stream)
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if not self._on or total <= 0:
            return
        width = 30
        filled = width * done // total
        percent = 100 * done // total
        if percent == self._shown and done < total:
            return
        self._shown = percent
        bar = "#" * filled + "-" * (width - filled)
        self._stream.write(f"\r{self._label} [{bar}] {done}/{total}")
        if done >= total:
            self._stream.write("\n")
        self._stream.flush()


def run_command(work: Callable[[], int], err: TextIO | None = None) -> int:
    """Run a command body; known refusals become their exit code and one line on stderr."""
    from dripos_terminal.domain.errors import DomainError

    err = err or sys.stderr
    try:
        return work()
    except CommandError as exc:
        err.write(f"{exc}\n")
        return exc.code
    except DomainError as exc:  # StaffError, CatalogError, …: the message is for people
        err.write(f"refused: {exc}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        err.write("interrupted; nothing more was changed\n")
        return EXIT_ENVIRONMENT
