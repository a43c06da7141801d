"""Drive the first-run wizard and the Settings pages like a manager would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from dripos_terminal.ui.settings_common import SettingsPage
from dripos_terminal.ui.setup_wizard import SetupWizard

WAIT_MS = 15_000


def fill(page: QWidget, name: str, text: str) -> None:
    edit = page.findChild(QLineEdit, name)
    assert edit is not None, f"no field {name!r}"
    edit.setText(text)


def idle(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.wait_until(lambda: not page.busy, timeout=WAIT_MS)


def message(page: SettingsPage) -> str:
    return page.message.text()


def next_step(qtbot: QtBot, wizard: SetupWizard, *, skip: bool = False) -> None:
    """Save (or skip) the current step and wait for the wizard to move on (or finish)."""
    before = wizard.stack.currentIndex()
    idle(qtbot, wizard.page)
    qtbot.mouseClick(wizard.skip_button if skip else wizard.next_button, Qt.MouseButton.LeftButton)
    last = before == len(wizard.pages) - 1
    qtbot.wait_until(
        lambda: wizard._done if last else wizard.stack.currentIndex() == before + 1,
        timeout=WAIT_MS,
    )


def write_config(data_dir: Path, text: str) -> Path:
    path = data_dir / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def files_containing(root: Path, needle: bytes) -> list[str]:
    """Every file under `root` whose raw bytes contain `needle`."""
    return sorted(
        str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()
    )
