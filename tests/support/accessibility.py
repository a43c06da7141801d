"""What assistive technology gets from a widget tree: every control's accessible name and description.

`unnamed_controls(root)` walks `root` and its children and returns a line for each control (button,
field, list, spin box, combo box, progress bar, slider, tab bar) without an accessible name or without
an accessible description, read through Qt's accessibility interface (what a screen reader is told:
the name falls back to a button's text, the description to its tooltip). Qt's own parts of a compound
control (a spin box's line edit, a combo box's popup, a scroll bar, a tab bar's scroll arrows) are the
compound's, not ours, and are skipped.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QAbstractSpinBox,
    QComboBox,
    QAbstractItemView,
    QProgressBar,
    QAbstractSlider,
    QTextEdit,
    QPlainTextEdit,
    QTabWidget,
    QTabBar,
)
COMPOUNDS = (QAbstractSpinBox, QComboBox, QTabBar, QScrollBar, QLineEdit)  # a line edit's clear button


def _qt_internal(widget: QWidget) -> bool:
    if isinstance(widget, (QScrollBar, QHeaderView)):  # a table's headers are the table's
        return True
    if widget.objectName().startswith("qt_"):  # qt_spinbox_lineedit, qt_tabwidget_tabbar, …
        return True
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, COMPOUNDS):
            return True
        if type(parent).__name__ in ("QComboBoxPrivateContainer", "QCalendarWidget"):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QWidget, which: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return "" if interface is None else interface.text(which).strip()


def unnamed_controls(root: QWidget) -> list[str]:
    missing: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or _qt_internal(widget):
            continue
        name = _text(widget, QAccessible.Text.Name)
        description = _text(widget, QAccessible.Text.Description)
        if not name or not description:
            what = f"{type(widget).__name__}#{widget.objectName() or '?'}"
            label = getattr(widget, "text", lambda: "")() if isinstance(widget, QAbstractButton) else ""
            gaps = [g for g, ok in (("name", name), ("description", description)) if not ok]
            missing.append(f"{what} {label!r} in {_path(widget)}: no {' and no '.join(gaps)}")
    return missing


def _path(widget: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None and len(names) < 4:
        names.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return "/".join(reversed(names))
