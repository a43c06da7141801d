"""Words for people, in their language, without Qt: messages marked for translation and a localizer.

The screens translate with Qt (`QCoreApplication.translate`, the shipped `.qm` catalogues). The
plain-Python layers (domain, services, payments, store, status, peripherals) must not import Qt, yet
many of their messages reach the screen or the receipt ("Offline card payments are limited to
$100.00 each"). They mark each message with `QT_TRANSLATE_NOOP(context, source)` — the name Qt's
`lupdate` looks for, so the message lands in the translation catalogue — and fill its placeholders
with `.format(...)`:

    raise CapError(QT_TRANSLATE_NOOP("OfflinePolicy", "Limited to {cap} each").format(cap=cap))

The result is a `Text`: a `str` holding the English message (logs, exceptions and old callers keep
working), which also remembers its context, source and arguments, so whoever shows it renders it in
the shop's language and locale (`Localizer.text`; the screens' `ui.i18n.tr_text`). Arguments that
are `Money` or `datetime` are written for the locale (Babel) at that moment; anything else as is.

`Localizer` is what plain-Python code that *writes* text for people (the receipt) is given: a
translate function (Qt's, injected by the composition root; identity for English) and the locale.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dripos_terminal.domain.money import DEFAULT_LOCALE, Money, format_money

_Moment = datetime  # the Localizer's `datetime` method hides the class inside its body


# Babel is imported on first use, not with this module: the window's first paint needs none of it
# (~20 ms of imports), and every layer imports this module.
def babel_date(value: Any, form: str, locale: str) -> str:
    from babel.dates import format_date

    return str(format_date(value, form, locale=locale))


def babel_datetime(value: Any, form: str, locale: str) -> str:
    from babel.dates import format_datetime

    return str(format_datetime(value, form, locale=locale))


def babel_time(value: Any, form: str, locale: str) -> str:
    from babel.dates import format_time

    return str(format_time(value, form, locale=locale))


def babel_percent(fraction: float, pattern: str, locale: str) -> str:
    from babel.numbers import format_percent

    return str(format_percent(fraction, pattern, locale=locale))


# (context, source) -> the translated source (placeholders still in it)
Translate = Callable[[str, str], str]


def english(_context: str, source: str) -> str:
    return source


class Text(str):
    """A message for people: its English rendering as a `str`, plus what it takes to translate it."""

    context: str
    source: str
    args: Mapping[str, Any]

    def __new__(cls, context: str, source: str, args: Mapping[str, Any] | None = None) -> Text:
        values = dict(args or {})
        self = super().__new__(cls, _fill(source, values, DEFAULT_LOCALE))
        self.context, self.source, self.args = context, source, values
        return self

    def format(self, *args: object, **kwargs: Any) -> Text:
        """The message with its `{placeholders}` filled (positional arguments are not used)."""
        if args:
            raise TypeError("Text.format takes keyword arguments only")
        return Text(self.context, self.source, {**self.args, **kwargs})

    def render(self, translate: Translate, locale: str) -> str:
        return _fill(translate(self.context, self.source), self.args, locale)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.context, self.source, dict(self.args)))


def QT_TRANSLATE_NOOP(context: str, source: str) -> Text:  # noqa: N802 - the name lupdate looks for
    """Mark `source` for translation in `context` (Qt-free); `.format(...)` fills its placeholders."""
    return Text(context, source)


def _fill(template: str, args: Mapping[str, Any], locale: str) -> str:
    if not args:
        return template
    return template.format(**{key: localized(value, locale) for key, value in args.items()})


def localized(value: Any, locale: str) -> str:
    """One placeholder's value written for `locale` (money, dates; a nested `Text` in English)."""
    if isinstance(value, Money):
        return value.format(locale)
    if isinstance(value, datetime):
        return babel_datetime(value, "short", locale)
    return str(value)


@dataclass(frozen=True)
class Localizer:
    """Translation and formats for text written outside the screens (receipts, printed pages)."""

    translate: Translate = english
    locale: str = DEFAULT_LOCALE

    def text(self, value: object) -> str:
        """A `Text` in this language and locale; any other value (a name from the menu) as is."""
        if isinstance(value, Text):
            args = {k: self.text(v) if isinstance(v, Text) else v for k, v in value.args.items()}
            return Text(value.context, value.source, args).render(self.translate, self.locale)
        return str(value)

    def money(self, amount: int, currency: str) -> str:
        return format_money(amount, currency, self.locale)

    def datetime(self, value: datetime) -> str:
        return babel_datetime(value, "short", self.locale)

    def date(self, value: _Moment) -> str:
        return babel_date(value, "short", self.locale)

    def time(self, value: _Moment) -> str:
        return babel_time(value, "short", self.locale)

    def number(self, value: int) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=self.locale))

    def percent(self, basis_points: int) -> str:
        """A rate as the locale writes a percentage: 875 -> "8.75%", "8,75 %"."""
        return babel_percent(basis_points / 10_000, "#,##0.00%", self.locale)


ENGLISH = Localizer()
