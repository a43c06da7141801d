"""Demo and shop never mix: `--demo` refuses a shop's data folder and changes nothing in it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.services.demo import DEMO_MARKER

PASSPHRASE = "correct horse battery"
ROOT = Path(__file__).resolve().parents[2]


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir()) if p.is_file()
    }


def _shop(make_app: Callable[..., Application], data_dir: Path) -> None:
    app = make_app(
        data_dir, demo=False, passphrase_provider=lambda: PASSPHRASE, first_manager=lambda: ("Al", "9999")
    )
    assert app.window is not None
    app.close()


def test_demo_on_a_shop_folder_is_refused_and_changes_nothing(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, memory_keyring: object
) -> None:
    _shop(make_app, data_dir)
    before = snapshot(data_dir)
    keyring_before = dict(memory_keyring.secrets)  # type: ignore[attr-defined]

    app = make_app(data_dir, demo=True)  # the shop's key is even in the keyring: still refused
    assert app.window is None and app.recovery is not None
    assert "not a demo data folder" in app.recovery.message.text()
    assert snapshot(data_dir) == before
    assert memory_keyring.secrets == keyring_before  # type: ignore[attr-defined]
    assert not (data_dir / DEMO_MARKER).exists()

    env = {**os.environ, "DRIPOS_TERMINAL_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen"}
    cli = subprocess.run(
        [sys.executable, "-m", "dripos_terminal.cli", "run", "--demo", "--data-dir", str(data_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert cli.returncode == 1, cli.stderr
    assert "refused" in cli.stderr and "not a demo data folder" in cli.stderr
    assert snapshot(data_dir) == before  # not even a log line


def test_a_shop_till_refuses_the_demo_folder(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    make_app(data_dir, demo=True).close()
    assert (data_dir / DEMO_MARKER).exists()
    before = snapshot(data_dir)
    app = make_app(data_dir, demo=False, passphrase_provider=lambda: PASSPHRASE)
    assert app.window is None and "demo's data" in app.recovery.message.text()
    assert snapshot(data_dir) == before
