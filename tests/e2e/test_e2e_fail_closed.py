"""Start-up fails closed: a lost or empty database, a damaged recovery file or a damaged page shows
the recovery screen, and nothing in the data folder is created, renamed or changed until a manager
decides there ("Start a new, empty till database", confirmed with the recovery passphrase)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME
from dripos_terminal.ui.recovery_screen import START_NEW_TEXT
from tests.support.keyring import MemoryKeyring

PASSPHRASE = "correct horse battery"
PAGE = 4096


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _first_run(make_app: Callable[..., Application], data_dir: Path) -> str:
    """Set the till up once, sell nothing, close it; the recovery file's database id."""
    make_app(
        data_dir, demo=False, passphrase_provider=lambda: PASSPHRASE, first_manager=lambda: ("Alex", "9999")
    ).close()
    return str(json.loads((data_dir / RECOVERY_FILENAME).read_text())["database_id"])


def _restart(make_app: Callable[..., Application], data_dir: Path) -> Application:
    return make_app(
        data_dir,
        demo=False,
        keyring_backend=MemoryKeyring(),  # a machine without the key: the passphrase would be needed
        passphrase_provider=lambda: PASSPHRASE,  # and is at hand, yet nothing may be made silently
        first_manager=lambda: ("Alex", "9999"),
    )


def _decide(qtbot: QtBot, app: Application, passphrase: str) -> None:
    app.recovery.passphrase.setText(passphrase)
    qtbot.mouseClick(app.recovery.start_new_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize("how", ["empty", "missing"])
def test_a_lost_database_waits_for_a_managers_decision(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, how: str
) -> None:
    old_id = _first_run(make_app, data_dir)
    db = data_dir / DATABASE_FILENAME
    if how == "empty":
        db.write_bytes(b"")
    else:
        db.unlink()
    before = _files(data_dir)

    app = _restart(make_app, data_dir)
    assert app.window is None and app.recovery is not None
    assert "Nothing has been changed" in app.recovery.message.text()
    assert ("empty (0 bytes)" if how == "empty" else "is missing") in app.recovery.message.text()
    assert app.recovery.start_new_button.isVisibleTo(app.recovery)
    assert app.recovery.start_new_button.text() == START_NEW_TEXT
    assert not app.recovery.unlock_button.isVisibleTo(app.recovery)
    assert _files(data_dir) == before

    _decide(qtbot, app, "not the passphrase")
    assert app.window is None and "not correct" in app.recovery.error.text()
    assert _files(data_dir) == before

    _decide(qtbot, app, PASSPHRASE)
    assert app.window is not None and app.recovery is None
    qtbot.addWidget(app.window)
    assert app.services.sales.last_order_number() == 0  # a new, empty database
    assert (data_dir / f"key.recovery.{old_id}.orphaned.json").read_bytes() == before[RECOVERY_FILENAME]
    if how == "empty":
        assert [p.stat().st_size for p in data_dir.glob(f"{DATABASE_FILENAME}.empty-*")] == [0]


def test_quitting_the_recovery_screen_changes_nothing(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    _first_run(make_app, data_dir)
    (data_dir / DATABASE_FILENAME).write_bytes(b"")
    before = _files(data_dir)
    app = _restart(make_app, data_dir)
    with qtbot.wait_signal(app.recovery.quit_requested):
        qtbot.mouseClick(app.recovery.quit_button, Qt.MouseButton.LeftButton)
    assert not app.recovery.isVisible()
    assert _files(data_dir) == before


def test_a_damaged_recovery_file_names_the_field_and_offers_nothing_that_cannot_work(
    make_app: Callable[..., Application], data_dir: Path
) -> None:
    _first_run(make_app, data_dir)
    recovery = data_dir / RECOVERY_FILENAME
    doc = json.loads(recovery.read_text())
    doc["cipher"]["nonce"] = "AAAA"  # 3 bytes: AES-GCM would raise a bare ValueError
    recovery.write_text(json.dumps(doc))
    before = _files(data_dir)
    app = _restart(make_app, data_dir)
    assert app.recovery is not None
    assert "cipher.nonce is 3 bytes long, not 12" in app.recovery.message.text()
    assert not app.recovery.unlock_button.isVisibleTo(app.recovery)
    assert not app.recovery.start_new_button.isVisibleTo(app.recovery)
    assert _files(data_dir) == before


def test_a_damaged_page_stops_the_start_with_a_clear_message(
    make_app: Callable[..., Application], data_dir: Path
) -> None:
    _first_run(make_app, data_dir)
    db = data_dir / DATABASE_FILENAME
    data = bytearray(db.read_bytes())
    assert len(data) > 3 * PAGE
    data[2 * PAGE + 100] ^= 0x5A
    db.write_bytes(bytes(data))
    before = _files(data_dir)
    app = make_app(data_dir, demo=False, passphrase_provider=lambda: None)  # the key is in the keyring
    assert app.window is None and app.recovery is not None
    assert "damaged" in app.recovery.message.text() and "page 3" in app.recovery.message.text()
    assert not app.recovery.start_new_button.isVisibleTo(app.recovery)
    assert _files(data_dir) == before
