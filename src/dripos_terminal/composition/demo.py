"""Demo mode only: one screen holding every demo panel the other areas built."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dripos_terminal.ui.demo_screen import DemoScreen

if TYPE_CHECKING:
    from dripos_terminal.app import Application


def install_demo_screen(app: Application) -> None:
    if not app.demo or not app.demo_panels or app.window is None:
        return
    # Panels are built here, so each gets the screen as parent (an orphan would outlive Qt).
    app.window.add_screen("demo", DemoScreen([build() for build in app.demo_panels]))
    app.window.add_nav_button("Demo", lambda: app.window.show_screen("demo"), name="demoNav")
