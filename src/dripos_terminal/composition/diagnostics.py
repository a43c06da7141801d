"""What the running application is to the desktop and to support: its name and icon, its log, its
crash handling, and a clean stop on SIGTERM. Called from `app.main` only, before the till is built.

`prepare_process` does the first three, after switching core dumps off (`forbid_core_dumps`: a
crash must not put card numbers or the database key on disk, docs/threat-model.md):

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
import socket
import time
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from dripos_terminal.crash import CrashReporter
from dripos_terminal.logs import LOG_FILENAME, configure_logging, resolve_log_dir
from dripos_terminal.paths import resource_path
from dripos_terminal.ui.crash_dialog import CrashNotifier
from dripos_terminal.ui.first_paint import on_first_paint

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


def set_identity(qt_app: QApplication, version: str) -> None:
    qt_app.setApplicationName(APP_NAME)
    qt_app.setApplicationDisplayName(DISPLAY_NAME)
    qt_app.setApplicationVersion(version)
    qt_app.setDesktopFileName(DESKTOP_ID)
    qt_app.setWindowIcon(app_icon())


class Diagnostics(QObject):
    """The log handler and crash reporter of a running till (kept alive by `main`)."""

    def __init__(self, reporter: CrashReporter, notifier: CrashNotifier, log_dir: Path) -> None:
        super().__init__()
        self.reporter, self.notifier, self.log_dir = reporter, notifier, log_dir
        self.terminate: TerminateWatch | None = None

    def close(self) -> None:
        if self.terminate is not None:
            self.terminate.close()
        self.reporter.uninstall()


def install_diagnostics(*, demo: bool, version: str) -> Diagnostics:
    log_dir = resolve_log_dir(demo=demo)
    configure_logging(log_file=log_dir / LOG_FILENAME)
    notifier = CrashNotifier()
    reporter = CrashReporter(log_dir, version=version, notify=notifier.notify)
    reporter.install()
    log.info("logging to %s", log_dir / LOG_FILENAME)
    return Diagnostics(reporter, notifier, log_dir)


class TerminateWatch(QObject):
    """POSIX only. A Python signal handler runs between two bytecodes of whatever the main thread is
    doing (in the middle of writing a log line, say), and not at all while the Qt event loop blocks
    in C++. So the handler does nothing; the wake-up fd carries the signal's number to a socket
    notifier, and the event loop, at a safe point, logs and quits."""

    STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, qt_app: QApplication) -> None:
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
    """Everything `main` sets up around the till: no core dumps, identity, log, crash handling,
    SIGTERM."""
    from dripos_terminal.cli import version

    forbid_core_dumps()
    set_identity(qt_app, version())
    diagnostics = install_diagnostics(demo=demo, version=version())
    if os.name == "posix":
        diagnostics.terminate = TerminateWatch(qt_app)
    return diagnostics


def announce_ready(started: float, window: QWidget) -> None:
    """Logs once `window`, the first one shown, has been painted, and since everything is built
    before it shows, that a PIN can be typed from then on; `started` is `time.perf_counter()`."""

    def painted() -> None:
        elapsed = (time.perf_counter() - started) * 1000
        log.info("%s after %.0f ms", READY_TEXT, elapsed)
        log.info("%s after %.0f ms", PIN_READY_TEXT, elapsed)

    on_first_paint(window, painted)
