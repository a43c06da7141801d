"""`dripos-terminal doctor`: every check support staff need, each with pass/fail and the fix.

Plain Python; BLOCKING (store, keyring, network, serial). `run_checks` never raises for a problem it
can describe: a check that cannot run is a failed check whose fix says why.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3

from dripos_terminal.config import Config
from dripos_terminal.services.checks import CheckResult, feed_preview, printer_status
from dripos_terminal.services.secrets import KeyProblem, SecretStore, check_key_with_stripe
from dripos_terminal.services.setup import ConfigFile
from dripos_terminal.store.database import Database, check_cipher_version, read_cipher_version
from dripos_terminal.store.errors import CipherUnavailable
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME, keyring_usable


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass(frozen=True)
class DoctorContext:
    data_dir: Path
    config_file: ConfigFile
    keyring_backend: Any
    # The opened store and what lives in it; None when it could not be opened (`store_problem`).
    db: Database | None = None
    config: Config | None = None
    secrets: SecretStore | None = None
    store_problem: str = ""
    clock: Any = None


def check_sqlcipher() -> Check:
    conn = sqlcipher3.connect(":memory:")
    try:
        conn.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        version = read_cipher_version(conn)
    finally:
        conn.close()
    try:
        check_cipher_version(version)
    except CipherUnavailable:
        return Check(
            "SQLCipher",
            False,
            f"cipher_version={version!r}",
            "Reinstall Dripos Terminal (it needs SQLCipher 4).",
        )
    return Check("SQLCipher", True, f"SQLCipher {version}")


def check_keyring(backend: Any) -> Check:
    name = type(backend).__module__ + "." + type(backend).__name__ if backend is not None else "none"
    if keyring_usable(backend):
        return Check("Keyring", True, name)
    return Check(
        "Keyring",
        False,
        f"no usable system keyring ({name})",
        "Install or unlock the system keyring (Secret Service, macOS Keychain, Windows Credential "
        "Locker). Without one the till asks for the recovery passphrase at every start.",
    )


def check_permissions(data_dir: Path) -> Check:
    if not data_dir.is_dir():
        return Check(
            "Data folder", False, f"{data_dir} does not exist", "Create it or pass the right --data-dir."
        )
    problems = []
    if os.name == "posix":
        mode = stat.S_IMODE(data_dir.stat().st_mode)
        if mode & 0o077:
            problems.append(f"folder is {mode:o} (others can read it)")
        for name in (DATABASE_FILENAME, RECOVERY_FILENAME):
            path = data_dir / name
            if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
                problems.append(f"{name} is {stat.S_IMODE(path.stat().st_mode):o}")
    if not os.access(data_dir, os.W_OK):
        problems.append("folder is not writable")
    if problems:
        return Check(
            "Data folder", False, "; ".join(problems), f"chmod 700 {data_dir} and chmod 600 the files in it."
        )
    return Check("Data folder", True, f"{data_dir} (private)")


def check_config(config_file: ConfigFile) -> Check:
    if config_file.problem is None:
        return Check(
            "Config", True, "config.toml valid" if config_file.document else "no config.toml (defaults)"
        )
    return Check("Config", False, config_file.problem.message, config_file.problem.fix)


def check_stripe(ctx: DoctorContext) -> Check:
    if ctx.secrets is None or ctx.db is None or ctx.config is None:
        return Check(
            "Stripe",
            False,
            ctx.store_problem or "store not open",
            "Unlock the store (passphrase), then run doctor again.",
        )
    key = ctx.secrets.stripe_key()
    if not key:
        return Check(
            "Stripe",
            False,
            "no Stripe key saved",
            "Enter the key in Settings → Stripe (or the set-up wizard).",
        )
    try:
        check = check_key_with_stripe(
            key, ctx.config.stripe.api_base, ctx.db, ctx.clock, timeout_s=ctx.config.stripe.request_timeout_s
        )
    except KeyProblem as exc:
        return Check(
            "Stripe", False, str(exc), "Check the network, or enter a valid key in Settings → Stripe."
        )
    return Check("Stripe", True, f"reachable; {check.summary}")


def check_reader(ctx: DoctorContext, reader_status: Callable[[str], Any] | None) -> Check:
    if ctx.config is None or not ctx.config.stripe.reader_id:
        return Check(
            "Card reader",
            False,
            "no reader chosen",
            "Register the reader: Settings → Card reader, or `dripos-terminal reader register`.",
        )
    if reader_status is None:
        return Check("Card reader", False, "cannot ask Stripe (no key)", "Enter the Stripe key first.")
    reader_id = ctx.config.stripe.reader_id
    try:
        info = reader_status(reader_id)
    except Exception as exc:  # StripeSetupError: its text is for staff
        return Check(
            "Card reader", False, f"{reader_id}: {exc}", "Check the reader id in Settings → Card reader."
        )
    if info.online:
        return Check("Card reader", True, f"{info.label or reader_id} online")
    return Check(
        "Card reader",
        False,
        f"{info.label or reader_id} is {info.status or 'unknown'}",
        "Power the reader on and connect it to the network.",
    )


def check_feeds(ctx: DoctorContext, fetcher: Any = None) -> Check:
    feeds = [] if ctx.config is None else [f for f in ctx.config.status.feeds if f.url]
    if not feeds:
        return Check(
            "Status feeds", False, "no status feed", "Add Stripe's status feed in Settings → Status feed."
        )
    results = [
        (f, feed_preview(f, timeout_s=ctx.config.status.timeout_s if ctx.config else 10.0, fetcher=fetcher))
        for f in feeds
    ]
    bad = [(f, r) for f, r in results if not r.ok]
    if bad:
        feed, result = bad[0]
        return Check(
            "Status feeds",
            False,
            f"{feed.name}: {result.text}",
            f"Check the address {feed.url} in Settings → Status feed.",
        )
    return Check("Status feeds", True, "; ".join(f"{f.name}: {r.text}" for f, r in results))


def check_printer(ctx: DoctorContext) -> Check:
    if ctx.config is None or not ctx.config.printer.url:
        return Check(
            "Printer", False, "no printer port", "Set the receipt printer's port in Settings → Printer."
        )
    result: CheckResult = printer_status(ctx.config.printer.url, ctx.config.printer.baudrate)
    fix = "" if result.ok else f"Check the printer on {ctx.config.printer.url} (power, cable, paper, cover)."
    return Check("Printer", result.ok, result.text, fix)


def run_checks(ctx: DoctorContext, *, reader_status: Callable[[str], Any] | None = None) -> list[Check]:
    return [
        check_sqlcipher(),
        check_keyring(ctx.keyring_backend),
        check_permissions(ctx.data_dir),
        check_config(ctx.config_file),
        check_stripe(ctx),
        check_reader(ctx, reader_status),
        check_feeds(ctx),
        check_printer(ctx),
    ]


def format_table(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"{'CHECK'.ljust(width)}  RESULT  DETAIL / FIX"]
    for c in checks:
        lines.append(f"{c.name.ljust(width)}  {'pass' if c.ok else 'FAIL'}    {c.detail}")
        if c.fix:
            lines.append(f"{' ' * width}          fix: {c.fix}")
    passed = sum(c.ok for c in checks)
    lines.append(f"{passed} of {len(checks)} checks passed")
    return "\n".join(lines)
