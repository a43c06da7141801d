"""How the till shows itself: language and locale, the theme, full screen or a window, and the
manager's way out of the full-screen kiosk. Everything comes from `config.display`.

- `apply_display(app, display)` runs before any screen is built (the translator must be in place
  when widgets call `tr`): it installs the language and locale (`ui.i18n.install_language`) and the
  theme (`theme_sheet`: the standard sheet, plus the high-contrast overrides when chosen);
- `install_kiosk_exit(app)` adds "Exit" to the status strip: a manager's PIN (`Permission.SETTINGS`),
  then use the till in a window or close it. In a window the same button reads "Full screen";
- `display_changed(app, config)` (a saved setting): the theme and the window mode change at once;
  the language, like the currency, from the next start (every screen is built in it).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QPushButton

from dripos_terminal.config import Config, DisplayConfig
from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.theme import theme_sheet
from dripos_terminal.ui.i18n import install_language, tr_text
from dripos_terminal.ui.kiosk_dialog import KioskChoice, KioskExitDialog
from dripos_terminal.ui.override_dialog import request_permission

if TYPE_CHECKING:
    from dripos_terminal.app import Application

log = logging.getLogger("dripos_terminal.app")

CONTEXT = "Kiosk"
EXIT = QT_TRANSLATE_NOOP("Kiosk", "Exit")
FULL_SCREEN = QT_TRANSLATE_NOOP("Kiosk", "Full screen")
EXIT_HELP = QT_TRANSLATE_NOOP(
    "Kiosk", "Leave the full-screen till (a manager's PIN), or go back to full screen."
)
EXIT_REASON = QT_TRANSLATE_NOOP(
    "Kiosk", "Leaving the full-screen till is for managers. Ask a manager to enter their PIN."
)


def apply_display(app: Application, display: DisplayConfig) -> None:
    """Language, locale and theme, before the screens are built."""
    installed = app.language
    if installed is None or (installed.language, installed.locale) != (display.language, display.locale):
        if installed is not None:
            installed.remove()
        app.language = install_language(display.language, display.locale)
    if app.theme_override is None:
        app.set_theme(theme_sheet(display.theme))


def kiosk_wanted(app: Application, display: DisplayConfig) -> bool:
    return not app.windowed and display.window == "fullscreen"


def install_kiosk_exit(app: Application) -> QPushButton | None:
    """The status strip's "Exit" (kiosk) / "Full screen" (windowed) button, for signed-in staff."""
    window, till, services = app.window, app.till, app.services
    if window is None or till is None or services is None:
        return None
    button = window.add_nav_button(
        "",
        lambda: _exit_pressed(app),
        name="navKiosk",
        description=tr_text(EXIT_HELP),
    )
    till.add_signed_in_button(button)
    app.kiosk_button = button
    _label(app)
    return button


def _label(app: Application) -> None:
    if app.window is not None and app.kiosk_button is not None:
        app.kiosk_button.setText(tr_text(EXIT) if app.window.kiosk else tr_text(FULL_SCREEN))


def _exit_pressed(app: Application) -> None:
    window, till, services = app.window, app.till, app.services
    if window is None or till is None or services is None or till.actor is None:
        return
    if not window.kiosk:
        window.set_kiosk(True)
        window.show()
        _label(app)
        return

    def granted(_authorization: Any) -> None:
        app.override_dialog = None
        dialog = KioskExitDialog(window)
        app.kiosk_dialog = dialog

        def finished(_result: int) -> None:
            app.kiosk_dialog = None
            dialog.deleteLater()
            if dialog.choice is KioskChoice.WINDOWED:
                window.set_kiosk(False)
                window.show()
                _label(app)
            elif dialog.choice is KioskChoice.QUIT:
                log.info("the till was closed from the kiosk by a manager")
                window.close_for_good()
                instance = QApplication.instance()
                if instance is not None:
                    instance.quit()

        dialog.finished.connect(finished)
        dialog.open()

    app.override_dialog = request_permission(
        window,
        services.staff,
        app.tasks,
        till.actor,
        Permission.SETTINGS,
        reason=tr_text(EXIT_REASON),
        on_granted=granted,
    )


def display_changed(app: Application, config: Config) -> None:
    """A saved display setting: the theme and the window mode now; the language at the next start."""
    display = config.display
    if app.theme_override is None:
        app.set_theme(theme_sheet(display.theme))
    if app.window is not None and not app.windowed:
        kiosk = display.window == "fullscreen"
        if kiosk != app.window.kiosk:
            app.window.set_kiosk(kiosk)
            app.window.show()
            _label(app)


__all__ = ["apply_display", "display_changed", "install_kiosk_exit", "kiosk_wanted", "theme_sheet"]
