"""Crash reports: unhandled exceptions on the main thread and on other threads become a redacted,
owner-only report, reach the log and the notifier; a hard crash's stacks become a report next start."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from dripos_terminal.crash import NATIVE_CRASH_FILENAME, CrashReport, CrashReporter
from dripos_terminal.logs import LOG_FILENAME, configure_logging
from dripos_terminal.paths import private_dir

PAN = "4000000000000002"  # Stripe's published test card: the report must mask it all the same


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class PaymentBug(Exception):
    pass


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    return private_dir(tmp_path / "logs")


@pytest.fixture
def product_log(tmp_path: Path) -> Iterator[Path]:
    """The till's own log configuration (redacting handlers) writing into a temporary file."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = tmp_path / LOG_FILENAME
    configure_logging(log_file=path)
    yield path
    for handler in root.handlers[len(before) :]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture
def reporter(report_dir: Path) -> Iterator[CrashReporter]:
    told: list[CrashReport] = []
    crash = CrashReporter(
        report_dir, version="9.9.9", notify=told.append, now=lambda: datetime(2026, 3, 31, 13, 47)
    )
    crash.told = told  # type: ignore[attr-defined]
    crash.install()
    try:
        yield crash
    finally:
        crash.uninstall()


def _raise_with_pan() -> None:
    raise PaymentBug(f"card {PAN} cvc=739 declined with key sk_test_51Habc")


def test_install_takes_over_both_hooks_and_uninstall_gives_them_back(report_dir: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    crash = CrashReporter(report_dir)
    crash.install()
    try:
        assert sys.excepthook == crash.handle_exception
        assert threading.excepthook == crash.handle_thread_exception
        assert (report_dir / NATIVE_CRASH_FILENAME).exists() and mode(
            report_dir / NATIVE_CRASH_FILENAME
        ) == 0o600
    finally:
        crash.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


def test_the_excepthook_writes_a_redacted_private_report(
    reporter: CrashReporter, report_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        _raise_with_pan()
    except PaymentBug:
        sys.excepthook(*sys.exc_info())  # what the interpreter (or PySide, for a slot) calls
    (report,) = reporter.told  # type: ignore[attr-defined]
    assert report.thread == "MainThread"
    assert (
        report.summary
        == "tests.unit.test_crash.PaymentBug: card [PAN ****0002] cvc=[CVC] declined with key [SECRET]"
    )
    assert report.path is not None and report.path.parent == report_dir
    assert report.path.name == "crash-20260331-134700-1.txt"
    assert mode(report.path) == 0o600
    text = report.path.read_text(encoding="utf-8")
    assert PAN not in text and "739" not in text and "sk_test_51Habc" not in text
    assert "[PAN ****0002]" in text and "version: 9.9.9" in text
    assert "_raise_with_pan" in text  # the traceback is there, only the secrets are not
    critical = [r for r in caplog.records if r.name == "dripos_terminal.crash"]
    assert critical and critical[0].levelno == logging.CRITICAL and critical[0].exc_info is not None


def test_a_thread_that_dies_is_reported(reporter: CrashReporter) -> None:
    worker = threading.Thread(target=_raise_with_pan, name="forwarder-1")
    worker.start()
    worker.join(timeout=10)
    (report,) = reporter.told  # type: ignore[attr-defined]
    assert report.thread == "forwarder-1" and "PaymentBug" in report.summary
    assert report.path is not None and mode(report.path) == 0o600
    assert PAN not in report.path.read_text(encoding="utf-8")


def test_two_reports_in_one_second_never_overwrite_each_other(reporter: CrashReporter) -> None:
    for _ in range(2):
        try:
            _raise_with_pan()
        except PaymentBug:
            sys.excepthook(*sys.exc_info())
    paths = [r.path for r in reporter.told]  # type: ignore[attr-defined]
    assert len(set(paths)) == 2 and all(p is not None and p.exists() for p in paths)


def test_keyboard_interrupt_is_left_to_the_interpreter(
    reporter: CrashReporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[type[BaseException]] = []
    monkeypatch.setattr(reporter, "_previous", (lambda t, e, tb: seen.append(t), threading.excepthook))
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt] and reporter.told == []  # type: ignore[attr-defined]


def test_a_report_that_cannot_be_written_still_reaches_the_log_and_the_notifier(
    report_dir: Path, product_log: Path
) -> None:
    told: list[CrashReport] = []
    crash = CrashReporter(report_dir / "gone", notify=told.append)  # the folder does not exist
    try:
        _raise_with_pan()
    except PaymentBug:
        report = crash.report(sys.exc_info(), "MainThread")  # type: ignore[arg-type]
    assert report.path is None and told == [report]
    text = product_log.read_text(encoding="utf-8")
    assert "cannot write a crash report" in text and "_raise_with_pan" in text  # with the traceback
    assert PAN not in text and "[PAN ****0002]" in text


def test_a_hard_crash_last_time_becomes_a_report(report_dir: Path) -> None:
    native = report_dir / NATIVE_CRASH_FILENAME
    native.write_text(
        "Fatal Python error: Segmentation fault\n\nThread 0x01 (most recent call first):\n"
        f'  File "x.py", line 3 in pay_{PAN}\n',
        encoding="utf-8",
    )
    told: list[CrashReport] = []
    crash = CrashReporter(report_dir, notify=told.append)
    crash.install()
    try:
        (report,) = told
        assert report.path is not None and mode(report.path) == 0o600
        text = report.path.read_text(encoding="utf-8")
        assert "Segmentation fault" in text and PAN not in text
        assert native.read_text(encoding="utf-8") == ""  # emptied for this run's faulthandler
    finally:
        crash.uninstall()


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_CORE is POSIX")
def test_the_tills_process_writes_no_core_dump() -> None:
    """docs/threat-model.md: a crash must not put the till's memory (card numbers, the key) on disk."""
    code = (
        "import resource\n"
        "from dripos_terminal.composition.diagnostics import forbid_core_dumps\n"
        "hard = resource.getrlimit(resource.RLIMIT_CORE)[1]\n"
        "resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))\n"
        "forbid_core_dumps()\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert run.stdout.strip() == "(0, 0)"
