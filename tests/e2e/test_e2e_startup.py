"""Start-up: first run, restarts keep order numbers, and a locked database shows the recovery screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dripos_terminal.app import Application
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME
from tests.support.keyring import MemoryKeyring

PASSPHRASE = "correct horse battery"


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file() and p.suffix != ".log"}


def _sell_espresso(qtbot: QtBot, app: Application, pin: str = "9999") -> str:
    till = app.till
    for ch in pin:
        qtbot.keyClick(till.login, ch)
    qtbot.keyClick(till.login, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "sell")
    qtbot.mouseClick(till.sell.tiles["mug"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(till.sell.pay_button, Qt.MouseButton.LeftButton)
    tender = till.sell.dialog
    qtbot.mouseClick(tender.findChild(QPushButton, "quickExact"), Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: tender.committed is not None)
    qtbot.keyClick(tender, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: app.window.current_screen_name() == "receipt")
    return tender.committed.display_number


def _first_run(make_app: Callable[..., Application], data_dir: Path) -> Application:
    return make_app(
        data_dir, demo=False, passphrase_provider=lambda: PASSPHRASE, first_manager=lambda: ("Alex", "9999")
    )


def test_order_numbers_survive_a_restart(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    first = _first_run(make_app, data_dir)
    assert first.window is not None and (data_dir / DATABASE_FILENAME).exists()
    assert _sell_espresso(qtbot, first) == "#0001"
    first.close()

    again = make_app(data_dir, demo=False, passphrase_provider=lambda: None)  # key from the keyring
    assert again.window is not None
    assert again.window.order_label.text() == "Last order #0001"  # as on the receipt and in Orders
    assert _sell_espresso(qtbot, again) == "#0002"
    assert again.services.sales.last_order_number() == 2


def test_missing_key_shows_recovery_and_creates_nothing(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    _first_run(make_app, data_dir).close()
    before = _files(data_dir)
    keyring = MemoryKeyring()  # the machine's keyring lost the key
    app = make_app(data_dir, demo=False, keyring_backend=keyring, passphrase_provider=lambda: None)
    assert app.window is None and app.recovery is not None
    assert "recovery passphrase" in app.recovery.message.text()
    assert app.recovery.unlock_button.isVisibleTo(app.recovery)
    assert _files(data_dir) == before  # no new key file, no new database
    assert keyring.secrets == {}

    app.recovery.passphrase.setText(PASSPHRASE)  # a manager unlocks with the recovery passphrase
    qtbot.mouseClick(app.recovery.unlock_button, Qt.MouseButton.LeftButton)
    assert app.window is not None and app.recovery is None
    qtbot.addWidget(app.window)
    assert len(keyring.secrets) == 1  # the key is back in the keyring


def test_wrong_key_and_wrong_passphrase_change_nothing(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path, memory_keyring: object
) -> None:
    _first_run(make_app, data_dir).close()
    before = _files(data_dir)
    (entry,) = memory_keyring.secrets  # type: ignore[attr-defined]
    memory_keyring.secrets[entry] = "v1:" + "ab" * 32  # type: ignore[attr-defined]
    app = make_app(data_dir, demo=False, passphrase_provider=lambda: "not the passphrase")
    assert app.window is None and app.recovery is not None
    assert "passphrase is not correct" in app.recovery.message.text()
    assert _files(data_dir) == before
    app.recovery.passphrase.setText("still wrong!!")
    qtbot.mouseClick(app.recovery.unlock_button, Qt.MouseButton.LeftButton)
    assert app.window is None and "not correct" in app.recovery.error.text()
    assert _files(data_dir) == before


def test_missing_recovery_file_explains_and_creates_nothing(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    _first_run(make_app, data_dir).close()
    (data_dir / RECOVERY_FILENAME).rename(data_dir.parent / "elsewhere.json")
    before = _files(data_dir)
    app = make_app(
        data_dir,
        demo=False,
        keyring_backend=MemoryKeyring(),  # the machine's keyring lost the key
        passphrase_provider=lambda: PASSPHRASE,
    )
    assert app.recovery is not None and "key.recovery.json" in app.recovery.message.text()
    assert not app.recovery.unlock_button.isVisibleTo(app.recovery)
    assert _files(data_dir) == before


def test_demo_starts_without_prompt_and_seeds_staff(
    qtbot: QtBot, make_app: Callable[..., Application], data_dir: Path
) -> None:
    app = make_app(data_dir, demo=True, passphrase_provider=None)
    assert app.window is not None
    names = sorted(m.name for m in app.services.staff.members())
    assert names == ["Alex", "Sam"]
