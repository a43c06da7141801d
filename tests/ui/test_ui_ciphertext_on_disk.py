"""After real sales, nothing the till wrote to its data directory is readable without the key."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.domain.staff import Role
from tests.ui.helpers_till import add_item, login, open_tender

# What a thief with the disk must not learn: the file type, the menu, the staff, their PINs. Every
# needle is long enough that random ciphertext cannot hold it by chance (a 3-byte name like "Sam"
# turns up in a few hundred KiB of random bytes every few runs), so staff are looked for by a
# member added under a long name.
STAFF_NAME = "Bartholomew Quince"
SECRETS = [b"SQLite format 3", b"Latte", b"Oat milk", b"Croissant", STAFF_NAME.encode(), b"scrypt$"]


def _sell(qtbot: QtBot, app: Application) -> None:
    add_item(qtbot, app, "latte", size=["large"], milk=["oat"])
    tender = open_tender(qtbot, app)
    qtbot.mouseClick(tender.quick_buttons[-1], Qt.MouseButton.LeftButton)  # largest quick cash
    qtbot.wait_until(lambda: tender.committed is not None)
    qtbot.mouseClick(tender.done_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "receipt")


def _readable(data_dir: Path) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            hits = [s for s in SECRETS if s in blob]
            if hits:
                found[path.name] = hits
    return found


def test_database_wal_and_recovery_file_are_ciphertext(
    qtbot: QtBot, app: Application, data_dir: Path
) -> None:
    assert app.services is not None
    app.services.staff.add_member(STAFF_NAME, Role.BARISTA, "4826")
    login(qtbot, app, "4826")
    _sell(qtbot, app)
    files = {p.name for p in data_dir.iterdir()}
    assert {"dripos.db", "key.recovery.json"} <= files
    assert _readable(data_dir) == {}  # while running: the -wal holds the fresh pages
    app.close()
    assert _readable(data_dir) == {}  # after the checkpoint on close


def test_the_scan_finds_plaintext_when_it_is_there(data_dir: Path) -> None:
    (data_dir / "leak.txt").write_bytes(b"1 x Latte, Oat milk, served by Bartholomew Quince")
    assert _readable(data_dir) == {"leak.txt": [b"Latte", b"Oat milk", b"Bartholomew Quince"]}
