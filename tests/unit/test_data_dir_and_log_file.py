"""The data directory and the log file are private to the till's user: created that way, and
tightened when they already exist with looser permissions."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from dripos_terminal.paths import private_dir, resolve_data_dir
from dripos_terminal.redaction import PrivateFileHandler, configure_logging


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
    handler = PrivateFileHandler(str(log_file), encoding="utf-8")
    try:
        handler.emit(logging.LogRecord("x", logging.INFO, __file__, 1, "later line", None, None))
    finally:
        handler.close()
    assert mode(log_file) == 0o600
    assert log_file.read_text(encoding="utf-8") == "earlier line\nlater line\n"
