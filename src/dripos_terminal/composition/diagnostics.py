"""What the running application is to the desktop and to support: its name and icon, its log, its
crash handling, and a clean stop on SIGTERM. Called from `app.main` only.

`prepare_process`, before the first window: core dumps off (`forbid_core_dumps`: a crash must not
put card numbers or the database key on disk, docs/threat-model.md), the name and icon.
`Diagnostics.install`, once the first window is painted (their imports would delay it) and before
the worker that unlocks the till starts — so before anything is open that a stop could harm, or any
secret is in the process — the version, the log, the crash reporter and the SIGTERM watch:

- `set_identity`: application and display name, version, desktop file name (Wayland matches the
  window to `com.dripos.Terminal.desktop` by it) and the window icon from the shipped icon set;
- `install_diagnostics`: the rotating, redacted log in the platform log directory (`logs`) and the
  crash reporter (`crash`) whose reports open a dialog (`ui.crash_dialog`);
- `TerminateWatch`: SIGTERM and SIGINT (a session logging out, `systemctl stop`, Ctrl+C) quit the
  event loop, so `main`'s shutdown closes the windows, waits for background work and closes the
  database instead of the process dying between two writes;
- `announce_ready`: a log line when the first window has been painted (the packaging check and the
  bench wait for it) and one when the sign-in screen accepts a PIN (the bench's `time_to_pin`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from dripos_terminal.early_log import EarlyLog, start_early_log
from dripos_terminal.paths import resource_path

if TYPE_CHECKING:
    from dripos_terminal.crash import CrashReporter
    from dripos_terminal.ui.crash_dialog import CrashNotifier

log = logging.getLogger("dripos_terminal.app")

APP_NAME = "dripos-terminal"
DISPLAY_NAME = "Dripos Terminal"
DESKTOP_ID = "com.dripos.Terminal"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
READY_TEXT = "ready: first window on screen"
PIN_READY_TEXT = "ready: sign-in accepts a PIN"


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path(f"icons/{APP_NAME}-{size}.png")))
    return icon


def set_identity(qt_app: QApplication, version: str | None = None) -> None:
    """Name, desktop id and icon (`version`: also the version, which `Diagnostics.install` sets)."""
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationDisplayName(DISPLAY_NAME)
    if version is not None:
        qt_app.setApplicationVersion(version)
    qt_app.setDesktopFileName(DESKTOP_ID)
    qt_app.setWindowIcon(app_icon())


class Diagnostics(QObject):
    """The SIGTERM watch, then (`install`) the log handler and crash reporter of a running till
    (kept alive by `main`)."""

    def __init__(self, qt_app: QApplication, *, demo: bool, early: EarlyLog | None = None) -> None:
        super().__init__()
        self._app, self._demo, self._early = qt_app, demo, early
        self.reporter: CrashReporter | None = None
        self.notifier: CrashNotifier | None = None
        self.log_dir: Path | None = None
        self.terminate: TerminateWatch | None = None

    def watch_terminate(self) -> None:
        """SIGTERM/SIGINT quit the event loop from now on (first thing once the window shows)."""
        if os.name == "posix" and self.terminate is None:
            self.terminate = TerminateWatch(self._app)

    def install(self) -> None:
        """The version, the rotating redacted log, the crash reporter and the SIGTERM watch (once the
        window shows)."""
        from dripos_terminal.cli import version

        self.watch_terminate()
        if self.reporter is not None:
            return
        self._app.setApplicationVersion(version())
        if self._early is not None:
            logging.getLogger().removeHandler(self._early)
        self.reporter, self.notifier, self.log_dir, file_log = install_diagnostics(
            demo=self._demo, version=version()
        )
        if self._early is not None and file_log is not None:
            self._early.replay(file_log)  # start-up's lines, already on stderr, into the log file

    def close(self) -> None:
        if self.terminate is not None:
            self.terminate.close()
        if self.reporter is not None:
            self.reporter.uninstall()


def install_diagnostics(
    *, demo: bool, version: str
) -> tuple[CrashReporter, CrashNotifier, Path, logging.Handler | None]:
    from dripos_terminal.crash import CrashReporter
    from dripos_terminal.logs import LOG_FILENAME, configure_logging, resolve_log_dir
    from dripos_terminal.ui.crash_dialog import CrashNotifier

    log_dir = resolve_log_dir(demo=demo)
    file_log = configure_logging(log_file=log_dir / LOG_FILENAME)
    notifier = CrashNotifier()
    reporter = CrashReporter(log_dir, version=version, notify=notifier.notify)
    reporter.install()
    log.info("logging to %s", log_dir / LOG_FILENAME)
    return reporter, notifier, log_dir, file_log


class TerminateWatch(QObject):
    """POSIX only. A Python signal handler runs between two bytecodes of whatever the main thread is
    doing (in the middle of writing a log line, say), and not at all while the Qt event loop blocks
    in C++. So the handler does nothing; the wake-up fd carries the signal's number to a socket
    notifier, and the event loop, at a safe point, logs and quits."""

    STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, qt_app: QApplication) -> None:
        import socket

        super().__init__(qt_app)
        self._app = qt_app
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_signal)
        for signum in self.STOP_SIGNALS:
            signal.signal(signum, _ignore_here)

    def _on_signal(self) -> None:
        received = b""
        with contextlib.suppress(OSError):  # a spurious wake-up: nothing to read
            received = self._reader.recv(64)
        stops = [signal.Signals(n) for n in received if n in self.STOP_SIGNALS]
        if stops:
            log.info("stopping on %s", stops[0].name)
            self._app.quit()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        self._reader.close()
        self._writer.close()


def _ignore_here(_signum: int, _frame: object) -> None:
    """The Python-level handler: the wake-up fd already told the event loop (`TerminateWatch`)."""


def forbid_core_dumps() -> None:
    """A crash must not write the till's memory (card numbers, the database key) to disk
    (docs/threat-model.md); crash reports are redacted Python tracebacks instead."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (OSError, ValueError):  # pragma: no cover - a sandbox that refuses
        log.warning("core dumps could not be switched off for this process")


def prepare_process(qt_app: QApplication, *, demo: bool) -> Diagnostics:
    """What `main` sets up before the first window: no core dumps, the name and icon. Call `install()`
    on the result once the window is painted (version, log, crash reports, SIGTERM)."""
    forbid_core_dumps()
    set_identity(qt_app)
    return Diagnostics(qt_app, demo=demo, early=start_early_log())


def announce_ready(started: float) -> None:
    """Logs that the first window has been painted (call it then); `started` is `time.perf_counter()`."""
    log.info("%s after %.0f ms", READY_TEXT, (time.perf_counter() - started) * 1000)


def announce_pin_ready(started: float) -> None:
    """Logs that the sign-in screen takes a PIN now (the till behind it is built)."""
    log.info("%s after %.0f ms", PIN_READY_TEXT, (time.perf_counter() - started) * 1000)
