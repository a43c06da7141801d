"""Where the till logs, and how: rotating, owner-only, redacted files in the platform's log directory.

Why the platform's log directory (`platformdirs.user_log_dir`: `~/.local/state/dripos-terminal/log`
on Linux, `~/Library/Logs/dripos-terminal` on macOS, `%LOCALAPPDATA%\\dripos-terminal\\Logs` on
Windows) rather than the data directory: the data directory holds the encrypted database and its
wrapped key, which are backed up and restored as a set; logs are diagnostics that support staff read,
collect and delete, and each OS has its own place (and cleanup rules) for them. Demo mode logs into a
`demo/` folder beneath it, as its data lives apart from a shop's. `DRIPOS_TERMINAL_LOG_DIR` overrides
the location (tests, several tills on one machine).

Every file is 0600 inside a 0700 folder: created so, tightened if found looser, and the rotated files
(`dripos-terminal.log.1` … `.5`, 5 MiB each) keep that mode. Every record passes the redaction
filter before any handler writes it.

Loggers are per area, named `dripos_terminal.<area>` (`AREAS`); nothing logs under another name.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from dripos_terminal.early_log import FORMAT
from dripos_terminal.paths import private_dir
from dripos_terminal.redaction import RedactingFilter

ENV_LOG_DIR = "DRIPOS_TERMINAL_LOG_DIR"
LOG_FILENAME = "dripos-terminal.log"
LOG_FILE_MODE = 0o600
MAX_BYTES = 5 * 1024 * 1024
BACKUP_COUNT = 5

# The areas of the code, one logger each (`logging.getLogger(f"dripos_terminal.{area}")`).
AREAS = (
    "app",  # start-up, shutdown, the composition root
    "startup",  # what happens before the composition root (the Stripe log guard)
    "crash",  # unhandled exceptions and crash reports
    "payments",
    "store",
    "status",
    "services",
    "peripherals",
    "ui",
    "sim.stripe",
)


def area_logger(area: str) -> logging.Logger:
    if area not in AREAS:
        raise ValueError(f"unknown log area {area!r}; add it to logs.AREAS")
    return logging.getLogger(f"dripos_terminal.{area}")


def resolve_log_dir(explicit: str | os.PathLike[str] | None = None, *, demo: bool = False) -> Path:
    """`explicit` > `DRIPOS_TERMINAL_LOG_DIR` > the platform's user log directory; `demo/` below it in
    demo mode. Created (or tightened to) 0700."""
    if explicit:
        base = Path(explicit)
    elif os.environ.get(ENV_LOG_DIR):
        base = Path(os.environ[ENV_LOG_DIR])
    else:
        base = Path(platformdirs.user_log_dir("dripos-terminal", appauthor=False))
    return private_dir(base / "demo" if demo else base)


def open_private(
    path: str | os.PathLike[str], *, append: bool = True, encoding: str = "utf-8"
) -> io.TextIOWrapper:
    """A text file only its owner can read or write: created 0600, tightened to 0600 if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
    fd = os.open(path, flags, LOG_FILE_MODE)
    try:
        os.chmod(path, LOG_FILE_MODE)
        return open(fd, "a" if append else "w", encoding=encoding)
    except BaseException:
        os.close(fd)
        raise


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """`RotatingFileHandler` whose current and rotated files are all 0600.

    A rename keeps the mode, so rotated files of this handler are 0600 already; the explicit chmod
    after each rollover also tightens backups left behind by an older version (created 0644)."""

    def __init__(
        self,
        filename: str | os.PathLike[str],
        *,
        max_bytes: int = MAX_BYTES,
        backup_count: int = BACKUP_COUNT,
    ) -> None:
        super().__init__(filename, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        return open_private(self.baseFilename, encoding=self.encoding or "utf-8")

    def rotated_files(self) -> list[Path]:
        return [p for i in range(1, self.backupCount + 1) if (p := Path(f"{self.baseFilename}.{i}")).exists()]

    def doRollover(self) -> None:  # noqa: N802 - the logging module's name
        super().doRollover()
        for path in self.rotated_files():
            try:
                os.chmod(path, LOG_FILE_MODE)
            except OSError as exc:  # removed meanwhile, or not ours: the next rollover retries
                logging.getLogger("dripos_terminal.app").debug("cannot restrict %s: %s", path.name, exc)


def configure_logging(
    level: int = logging.INFO,
    log_file: str | os.PathLike[str] | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> logging.Handler | None:
    """Redacted logging to stderr and (when given) the rotating private `log_file`; returns its handler."""
    flt = RedactingFilter()
    formatter = logging.Formatter(FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    file_handler = None
    if log_file:
        file_handler = PrivateRotatingFileHandler(log_file, max_bytes=max_bytes, backup_count=backup_count)
        handlers.append(file_handler)
    root = logging.getLogger()
    root.setLevel(level)
    for handler in handlers:
        handler.addFilter(flt)
        handler.setFormatter(formatter)
        root.addHandler(handler)
    logging.getLogger("dripos_terminal").addFilter(flt)
    # The stripe SDK logs raw request bodies (card[number], card[cvc]) at DEBUG: never let it.
    stripe_log = logging.getLogger("stripe")
    stripe_log.setLevel(max(level, logging.INFO))
    stripe_log.addFilter(flt)
    return file_handler
