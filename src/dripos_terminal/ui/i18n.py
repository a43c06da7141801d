"""The screens' language and locale: Qt's translators, and the shop's formats for money and time.

`install_language(app, language, locale)` (the composition root, before any screen is built) loads
the till's catalogue `resources/i18n/dripos_<language>.qm` and Qt's own (`qtbase_<language>.qm`, the
standard buttons of message boxes), and makes `locale` Qt's default `QLocale`. Widgets then translate
with `self.tr(...)` / `QCoreApplication.translate(...)`, and write money and times with the helpers
here, which read the locale back from `QLocale()` — the one process-wide setting Qt already has for
this, rather than a registry of our own.

Messages made by the plain-Python layers arrive as `i18n.Text` (or exceptions carrying one):
`tr_text` renders them in the installed language with the locale's formats.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dripos_terminal.domain.money import DEFAULT_LOCALE, format_money
from dripos_terminal.i18n import Localizer, Text, babel_date, babel_datetime, babel_percent, babel_time
from dripos_terminal.paths import resource_path

log = logging.getLogger("dripos_terminal.ui")

CATALOGUE = "dripos_{language}.qm"


def catalogue_path(language: str) -> Path:
    return resource_path(f"i18n/{CATALOGUE.format(language=language)}")


@dataclass
class Installed:
    """What `install_language` put in place (tests and a language change take it out again)."""

    language: str
    locale: str
    translators: list[QTranslator] = field(default_factory=list)
    missing: bool = False  # the catalogue was not found: the screens stay in English

    def remove(self) -> None:
        app = QCoreApplication.instance()
        for translator in self.translators:
            if app is not None:
                app.removeTranslator(translator)
        self.translators.clear()
        QLocale.setDefault(QLocale("en_US"))


def install_language(language: str, locale: str) -> Installed:
    """Translate the screens into `language` ("en": the source text) with `locale`'s formats."""
    app = QCoreApplication.instance()
    QLocale.setDefault(QLocale(locale))
    installed = Installed(language, locale)
    if language == "en" or app is None:
        return installed
    ours = QTranslator(app)
    path = catalogue_path(language)
    if ours.load(str(path)):
        app.installTranslator(ours)
        installed.translators.append(ours)
    else:
        installed.missing = True
        log.warning("no translation %s (run `make translations`); the screens stay in English", path)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        installed.translators.append(qt_own)
    return installed


def ui_locale() -> str:
    """The locale the screens write money and times in (Qt's default `QLocale`, as set above)."""
    from babel import Locale, UnknownLocaleError

    name = QLocale().name()
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return DEFAULT_LOCALE
    return name if name != "C" else DEFAULT_LOCALE


def qt_translate(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def localizer() -> Localizer:
    """The screens' language and locale for plain-Python code that writes text (the receipt)."""
    return Localizer(qt_translate, ui_locale())


def tr_text(value: object) -> str:
    """A message for the screen: a `Text` translated and formatted; an exception's `user_message`
    or first argument the same way; anything else as it is (feed text, names from the menu)."""
    if isinstance(value, BaseException):
        message = getattr(value, "user_message", None)
        if not message and value.args and isinstance(value.args[0], str):
            message = value.args[0]
        value = message if message else str(value)
    if isinstance(value, Text):
        # Nested messages are translated too; plain strings spliced in may be stored English.
        args = {
            key: tr_text(arg) if isinstance(arg, Text) else tr_stored(arg) if isinstance(arg, str) else arg
            for key, arg in value.args.items()
        }
        return Text(value.context, value.source, args).render(qt_translate, ui_locale())
    return str(value)


STORED_CONTEXTS = (
    "Prompt",
    "Decline",
    "OfflineReconcile",
    "Outbox",
    "Failure",
    "CardPayment",
    "OfflineCapture",
)


def tr_stored(text: str | None) -> str:
    """A message that was stored in English (a payment's outcome in the store): shown translated when
    it is one of the till's own fixed messages, else as it is (Stripe's words, a code)."""
    if not text:
        return ""
    if isinstance(text, Text):
        return tr_text(text)
    for context in STORED_CONTEXTS:
        translated = QCoreApplication.translate(context, text)
        if translated != text:
            return translated
    return text


def rate_text(basis_points: int) -> str:
    """A tax rate as the locale writes a percentage ("8.75%", "8,75 %")."""
    return babel_percent(basis_points / 10_000, "#,##0.00%", ui_locale())


def money(amount: int, currency: str) -> str:
    """`amount` minor units in the screens' locale: "$4.50", "4,50 €"."""
    return format_money(amount, currency, ui_locale())


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    return value.astimezone(tz) if tz is not None else value.astimezone()


def time_text(value: datetime, tz: tzinfo | None = None) -> str:
    """A clock time in the screens' locale ("7:45 PM", "19:45"), in `tz` (default: the till's zone)."""
    return babel_time(_local(value, tz), "short", ui_locale())


def day_text(value: datetime, tz: tzinfo | None = None) -> str:
    """A day of the year in the screens' locale ("Mar 31", "31 mar")."""
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMd", _local(value, tz), locale=ui_locale()))


def date_text(value: date | str) -> str:
    """A calendar day ("Mar 31, 2023", "31 mar 2023"); `value` may be an ISO "YYYY-MM-DD" string."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return babel_date(day, "medium", ui_locale())


def datetime_text(value: datetime, tz: tzinfo | None = None) -> str:
    return babel_datetime(_local(value, tz), "short", ui_locale())


def weekday_time_text(value: datetime) -> str:
    """The status strip's clock: "Sun 7:45 PM", "dom 19:45"."""
    day = babel_datetime(value.astimezone(), "EEE", ui_locale())
    return f"{day} {time_text(value)}"
