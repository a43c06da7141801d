"""The data directory, the log directory and the log files are private to the till's user: created
that way, tightened when they already exist with looser permissions, and rotated files stay so."""

from __future__ import annotations

import logging
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.logs import (
    AREAS,
    ENV_LOG_DIR,
    LOG_FILENAME,
    PrivateRotatingFileHandler,
    configure_logging,
    resolve_log_dir,
)
from dripos_terminal.paths import private_dir, resolve_data_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def root_handlers() -> Iterator[None]:
    """Undo `configure_logging` (it adds handlers to the root logger)."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[len(before) :]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


def test_a_new_data_directory_is_0700(tmp_path: Path) -> None:
    made = resolve_data_dir(tmp_path / "new" / "till")
    assert made == tmp_path / "new" / "till" and mode(made) == 0o700


@pytest.mark.parametrize("loose", [0o755, 0o777, 0o750, 0o711])
def test_an_existing_data_directory_is_tightened(tmp_path: Path, loose: int) -> None:
    existing = tmp_path / "till"
    existing.mkdir()
    existing.chmod(loose)
    (existing / "dripos.db").write_bytes(b"")
    assert resolve_data_dir(existing) == existing
    assert mode(existing) == 0o700
    assert [p.name for p in existing.iterdir()] == ["dripos.db"]  # its content is left alone


def test_the_environment_home_is_tightened_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    monkeypatch.setenv("DRIPOS_TERMINAL_HOME", str(home))
    assert resolve_data_dir(None) == home and mode(home) == 0o700
    assert mode(private_dir(home / "demo")) == 0o700


def test_the_log_file_is_created_0600(tmp_path: Path, root_handlers: None) -> None:
    log_file = tmp_path / "dripos-terminal.log"
    configure_logging(log_file=str(log_file))
    logging.getLogger("dripos_terminal.test").warning("card %s", "4000000000009995")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert mode(log_file) == 0o600
    text = log_file.read_text(encoding="utf-8")
    assert "[PAN ****9995]" in text and "4000000000009995" not in text


def test_an_existing_log_file_is_tightened_and_appended_to(tmp_path: Path) -> None:
    log_file = tmp_path / "dripos-terminal.log"
    log_file.write_text("earlier line\n", encoding="utf-8")
    log_file.chmod(0o644)
    handler = PrivateRotatingFileHandler(log_file)
    try:
        handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "later line", None, None))
    finally:
        handler.close()
    assert mode(log_file) == 0o600
    assert log_file.read_text(encoding="utf-8") == "earlier line\nlater line\n"


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("dripos_terminal.app", logging.INFO, __file__, 1, message, None, None)


def test_rotation_keeps_every_file_0600(tmp_path: Path) -> None:
    log_file = tmp_path / LOG_FILENAME
    stale = tmp_path / f"{LOG_FILENAME}.2"  # left 0644 by an older version of the till
    stale.write_text("old backup\n", encoding="utf-8")
    stale.chmod(0o644)
    handler = PrivateRotatingFileHandler(log_file, max_bytes=200, backup_count=3)
    try:
        for n in range(40):
            handler.emit(_record(f"line {n:03d} " + "x" * 40))
    finally:
        handler.close()
    files = sorted(tmp_path.iterdir())
    assert [p.name for p in files] == [LOG_FILENAME] + [f"{LOG_FILENAME}.{i}" for i in (1, 2, 3)]
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}
    assert "line 039" in log_file.read_text(encoding="utf-8")  # the newest line is in the current file
    assert all(p.stat().st_size <= 200 + 60 for p in files)  # rotated at the limit, never grown past it


def test_configure_logging_rotates_at_the_given_size(tmp_path: Path, root_handlers: None) -> None:
    log_file = tmp_path / LOG_FILENAME
    handler = configure_logging(log_file=log_file, max_bytes=300, backup_count=2)
    assert isinstance(handler, PrivateRotatingFileHandler)
    for n in range(30):
        logging.getLogger("dripos_terminal.store").warning("commit %d of card %s", n, "4000000000000002")
    handler.flush()
    rotated = handler.rotated_files()
    assert [p.name for p in rotated] == [f"{LOG_FILENAME}.1", f"{LOG_FILENAME}.2"]
    for path in [log_file, *rotated]:
        text = path.read_text(encoding="utf-8")
        assert mode(path) == 0o600 and "4000000000000002" not in text and "[PAN ****0002]" in text


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_STATE_HOME is where platformdirs logs on Linux")
def test_the_log_directory_is_the_platforms_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_LOG_DIR, raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # platformdirs' base on Linux
    monkeypatch.setenv("DRIPOS_TERMINAL_HOME", str(tmp_path / "data"))  # the data folder is elsewhere
    platform_dir = resolve_log_dir()
    assert platform_dir == tmp_path / "state" / "dripos-terminal" / "log" and mode(platform_dir) == 0o700
    assert resolve_log_dir(demo=True) == platform_dir / "demo"
    monkeypatch.setenv(ENV_LOG_DIR, str(tmp_path / "logs"))
    assert resolve_log_dir() == tmp_path / "logs" and mode(tmp_path / "logs") == 0o700


def test_every_logger_of_the_product_is_an_area_logger() -> None:
    """Per-area loggers: `getLogger("dripos_terminal.<area>")` with a declared area, nothing else."""
    import re

    src = Path(__file__).resolve().parents[2] / "src" / "dripos_terminal"
    pattern = re.compile(r'getLogger\("dripos_terminal\.([a-z_.]+)"\)')
    names = set()
    for path in src.rglob("*.py"):
        names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert names and names <= set(AREAS), names - set(AREAS)
