"""Settings page: how the till shows itself — language, the locale of money and dates, the theme
(standard or high contrast) and full screen or a window (`config.display`).

The theme and the window mode change at once (`composition.display.display_changed`); the language
and the locale, which every screen is built in, from the till's next start.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage

# The languages the till ships (their own names: whoever reads the list finds theirs).
LANGUAGES = (("en", "English"), ("es", "Español"))
# Locales offered for money, numbers and dates; any CLDR locale can be set in config.toml.
LOCALES = ("en_US", "en_CA", "en_GB", "en_AU", "en_NZ", "en_IE", "es_ES", "es_MX", "es_US", "fr_CA")


class DisplayPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("DisplayPage", "Display and language")
    intro = QT_TRANSLATE_NOOP(
        "DisplayPage",
        "The language of the screens and receipts, how money and dates are written, the high-contrast "
        "theme, and full screen (the counter) or a window (the back office). The theme and the window "
        "change at once; the language and formats from the till's next start.",
    )

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.language = self.row(
            self.tr("Language"), QComboBox(), self.tr("The language of screens and receipts.")
        )
        self.language.setObjectName("displayLanguage")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.locale_box = self.row(
            self.tr("Money and dates"),
            QComboBox(),
            self.tr("The region whose way of writing money, numbers and dates the till uses."),
        )
        self.locale_box.setObjectName("displayLocale")
        self.theme = self.row(
            self.tr("Theme"), QComboBox(), self.tr("High contrast: white on black, large frames.")
        )
        self.theme.setObjectName("displayTheme")
        self.theme.addItem(self.tr("Standard"), "standard")
        self.theme.addItem(self.tr("High contrast"), "high_contrast")
        self.window_box = self.row(
            self.tr("Window"),
            QComboBox(),
            self.tr("Full screen at the counter; a window in the back office."),
        )
        self.window_box.setObjectName("displayWindow")
        self.window_box.addItem(self.tr("Full screen (kiosk)"), "fullscreen")
        self.window_box.addItem(self.tr("A window"), "windowed")
        self.body.addStretch(1)

    def load(self) -> None:
        display = self.deps.config().display
        self.language.setCurrentIndex(max(self.language.findData(display.language), 0))
        self.locale_box.clear()
        for code in sorted({*LOCALES, display.locale}):
            self.locale_box.addItem(code, code)
        self.locale_box.setCurrentIndex(max(self.locale_box.findData(display.locale), 0))
        self.theme.setCurrentIndex(max(self.theme.findData(display.theme), 0))
        self.window_box.setCurrentIndex(max(self.window_box.findData(display.window), 0))

    def save(self) -> None:
        current = self.deps.config().display
        values = {
            "language": self.language.currentData(),
            "locale": self.locale_box.currentData(),
            "theme": self.theme.currentData(),
            "window": self.window_box.currentData(),
        }
        later = (values["language"], values["locale"]) != (current.language, current.locale)
        settings, actor = self.deps.shop.settings, self.deps.actor()
        self.run(
            lambda: settings.update(actor, "display", values),
            lambda _c: (
                self.tr("Saved. The language and formats change at the next start.")
                if later
                else self.tr("Saved.")
            ),
        )
