"""Demo mode only: one screen holding every demo panel the other areas offer."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QWidget

from dripos_terminal.composition.shell import Shell
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.demo_screen import DemoScreen
from dripos_terminal.ui.i18n import tr_text


def build_demo_screen(shell: Shell, panels: Sequence[Callable[[], QWidget]]) -> DemoScreen | None:
    if not shell.demo or not panels:
        return None
    # Panels are built here, so each gets the screen as parent (an orphan would outlive Qt).
    screen = DemoScreen([build() for build in panels])
    window = shell.window
    window.add_screen("demo", screen)
    window.add_nav_button(
        tr_text(QT_TRANSLATE_NOOP("Demo", "Demo")),
        lambda: window.show_screen("demo"),
        name="demoNav",
        description=tr_text(
            QT_TRANSLATE_NOOP("Demo", "Demo controls: the customer, the reader, the status page.")
        ),
    )
    return screen
