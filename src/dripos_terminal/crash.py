"""Unhandled exceptions: a redacted, owner-only crash report and a word to the person at the till.

`CrashReporter.install()` takes over three ways a program dies or loses an error unseen:

- `sys.excepthook`: an exception nobody caught on the main thread, including one raised in a Qt
  slot (PySide hands those to `sys.excepthook` and carries on; by default they only reach stderr);
- `threading.excepthook`: the same on any other thread (`threading.Thread` workers);
- `faulthandler`: a hard crash (segfault, abort in a C library) cannot run Python code, so the
  interpreter's own handler writes the Python stacks of every thread into `native-crash.log`;
  the next start turns a non-empty one into a report (`collect_native_crash`).

Each report is a file `crash-YYYYmmdd-HHMMSS-<n>.txt` in the log directory, created 0600 (never
replacing an older one) and passed through `redaction.redact` whole: an exception message holding a
card number or a key is masked like a log line. The report then goes to the log (`dripos_terminal.crash`)
and to `notify(report)`, which the composition root turns into a dialog; `notify` may be called on any
thread and must not block.

Plain Python, no Qt.
"""

from __future__ import annotations

import faulthandler
import itertools
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from dripos_terminal.logs import LOG_FILE_MODE, open_private
from dripos_terminal.redaction import redact

log = logging.getLogger("dripos_terminal.crash")

NATIVE_CRASH_FILENAME = "native-crash.log"
REPORT_PREFIX = "crash-"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


@dataclass(frozen=True)
class CrashReport:
    path: Path | None  # None: it could not be written (the log says why)
    summary: str  # one redacted line: "ValueError: …"
    thread: str


class CrashReporter:
    def __init__(
        self,
        report_dir: Path,
        *,
        version: str = "",
        notify: Callable[[CrashReport], None] | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.report_dir, self.version, self.notify, self._now = report_dir, version, notify, now
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._previous: tuple[Any, Any] | None = None
        self._fault_file: IO[str] | None = None
        self._faulthandler_was_on = False
        self.reports: list[CrashReport] = []

    # -- installing ---------------------------------------------------------------------------
    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle_exception
        threading.excepthook = self.handle_thread_exception
        self.collect_native_crash()
        self._fault_file = open_private(self.report_dir / NATIVE_CRASH_FILENAME, append=False)
        self._faulthandler_was_on = faulthandler.is_enabled()
        faulthandler.enable(self._fault_file, all_threads=True)

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None
        if self._fault_file is not None:
            if self._faulthandler_was_on and sys.__stderr__ is not None:
                faulthandler.enable(sys.__stderr__, all_threads=True)  # as it was (pytest turns it on)
            else:
                faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    # -- the hooks ----------------------------------------------------------------------------
    def handle_exception(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """`sys.excepthook`. Ctrl+C stays the interpreter's business."""
        if issubclass(exc_type, KeyboardInterrupt) and self._previous is not None:
            self._previous[0](exc_type, exc, tb)
            return
        self.report((exc_type, exc, tb), threading.current_thread().name)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """`threading.excepthook`."""
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        self.report((args.exc_type, args.exc_value, args.exc_traceback), name)

    # -- reports ------------------------------------------------------------------------------
    def report(self, exc_info: ExcInfo, thread: str) -> CrashReport:
        """Write the report, log it, tell `notify`. Never raises: it runs while something failed."""
        exc_type, exc, tb = exc_info
        summary = redact("".join(traceback.format_exception_only(exc_type, exc)).strip().splitlines()[-1])
        body = "".join(traceback.format_exception(exc_type, exc, tb))
        path = self._write(f"Unhandled exception on thread {thread}", body)
        # exc_info: the traceback reaches the log too (the redaction filter masks it there)
        log.critical("unhandled exception on thread %s (report: %s)", thread, path, exc_info=exc_info)
        return self._tell(CrashReport(path, summary, thread))

    def collect_native_crash(self) -> CrashReport | None:
        """A previous run that died hard left stacks in `native-crash.log`: make them a report."""
        source = self.report_dir / NATIVE_CRASH_FILENAME
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cannot read %s: %s", source.name, exc)
            return None
        if not text.strip():
            return None
        path = self._write("The till stopped abruptly the last time it ran (native crash)", text)
        log.critical("the previous run crashed hard (report: %s)", path)
        return self._tell(CrashReport(path, "The till stopped abruptly the last time it ran", "main"))

    def _tell(self, report: CrashReport) -> CrashReport:
        self.reports.append(report)
        if self.notify is not None:
            try:
                self.notify(report)
            except Exception:  # the dialog failing must not hide the report
                log.exception("could not show the crash report")
        return report

    def _write(self, title: str, body: str) -> Path | None:
        now = self._now()
        header = [
            f"Dripos Terminal crash report — {title}",
            f"time: {now.isoformat(timespec='seconds')}",
            f"version: {self.version or 'unknown'}",
            f"python: {platform.python_version()} on {platform.platform()}",
            f"frozen: {bool(getattr(sys, 'frozen', False))}",
            "",
        ]
        text = redact("\n".join(header) + body)
        with self._lock:
            for _ in range(100):
                path = self.report_dir / f"{REPORT_PREFIX}{now:%Y%m%d-%H%M%S}-{next(self._serial)}.txt"
                try:
                    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, LOG_FILE_MODE)
                except FileExistsError:
                    continue
                except OSError as exc:
                    log.error("cannot write a crash report in %s: %s", self.report_dir, exc)
                    return None
                with open(fd, "w", encoding="utf-8") as out:
                    out.write(text)
                return path
        return None
