from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from dripos_terminal.ui.refcount_guard import guard_singleton_refcounts


def test_many_void_calls_do_not_exhaust_none(qtbot: QtBot) -> None:
    """200k void calls used to abort a 3.11 interpreter (PySide6 6.12 drops a None ref per call)."""
    guard_singleton_refcounts()
    label = QLabel()
    qtbot.addWidget(label)
    for _ in range(200_000):
        label.setText("x")
    assert sys.getrefcount(None) > 0
