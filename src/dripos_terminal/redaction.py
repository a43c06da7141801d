"""Keep card numbers, CVCs and secret keys out of logs and messages.

`redact(text)` is the one scrubber. Every logger of the product goes through `RedactingFilter`, and
any text from outside that may be shown or stored (a provider's error message, an exception, a
response body) goes through `redact` before it is written.

What it masks, found on the original text and masked as one union, so a match of one kind can never
hide part of another from its detector:

* **Card numbers.** A *run* is a sequence of digits in which neighbouring digits are at most
  `MAX_SEPARATOR_RUN` separator characters apart. Digits are folded first: any Unicode decimal digit
  (full-width `４`, Arabic-Indic `٤`, mathematical `𝟒`) and anything whose compatibility form is one
  ASCII digit (`①`, `²`) counts. Separators are whitespace of any kind, dashes of any kind, `.`, `/`,
  `_`, middle dots and invisible format characters (soft hyphen, zero-width space, BOM), in their
  ASCII, full-width or other compatibility forms. Every window of 12-19 consecutive digits of a run
  is tested with Luhn (not the greedy match: `4242 4242 4242 4242 123` must still be caught), and a
  run with any valid window is masked whole, so a CVC or expiry written next to the number goes
  with it. The mask shows the last four digits only when the run is one unbroken, Luhn-valid string
  of 12-19 digits: then the four are the number's own, never part of a CVC written after it.
  Colons and commas do not join digits: `13:47:05`, `1,250.00` and lists of amounts stay readable.
  The price of testing every window: a run of 12 or more digits has a fair chance of holding a
  Luhn-valid window and is then masked, even when it was not a card number. That is deliberate.
* **CVCs** written as a key and a 3-4 digit value: `cvc=739`, `card[cvc]: 739`, `"cvc":"739"`,
  `'cvv2': 739`, `card%5Bcvc%5D=739`, `%22cvc%22%3A%22739%22`, `CVC 739` (also cvv, cvc2, cvv2,
  csc, cvn, security code, card code, verification value).
* **Stripe keys** `sk_`, `rk_`, `pk_` (`live` or `test`) and webhook secrets `whsec_`, wherever they
  stand (glued to other text, after `Bearer%20`, inside a URL).
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from dripos_terminal.domain.card import luhn_valid

MIN_PAN_DIGITS = 12
MAX_PAN_DIGITS = 19
MAX_SEPARATOR_RUN = 4  # "4242 - 4242", double spaces, CR LF + indent; longer gaps end a run

_ASCII_SEPARATORS = frozenset(" \t\r\n\f\v-./_")
_OTHER_SEPARATORS = frozenset("·・‧•∙⋅−")  # middle dots, bullets, minus sign
_SEPARATOR_CATEGORIES = frozenset({"Pd", "Zs", "Zl", "Zp", "Cf"})
_ASCII_DIGIT_RE = re.compile(r"[0-9]")

_SECRET_RE = re.compile(r"(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z_]+|whsec_[0-9A-Za-z+/=_]+")

_CVC_NAME = r"(?:cvc2?|cvv2?|csc|cvn|security[ _]?code|card[ _]?code|verification[ _]?value)"
_CVC_RE = re.compile(
    r"(?i)"
    # the name stands alone, or just after an (encoded) bracket or quote: card%5Bcvc%5D, %22cvc%22
    r"(?:(?<![0-9a-z])|(?<=%5b)|(?<=%255b)|(?<=%22)|(?<=%2522)|(?<=%27))"
    rf"(?P<key>{_CVC_NAME}"
    r"(?:\]|%5d|%255d)?"  # card[cvc], card%5Bcvc%5D, double-encoded
    r"(?:\\{0,3}[\"']|%22|%2522|%27)?"  # "cvc" (JSON), \"cvc\" (JSON in JSON), 'cvc' (repr)
    r"(?:\s*(?:=|:|%3d|%253d|%3a|%253a)\s*|\s+)"  # = : and their encodings, or plain words
    r"(?:\\{0,3}[\"']|%22|%2522|%27)?)"
    r"(?P<value>\d{3,4})(?!\d)"
)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    mask: str


# -- card numbers ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _unicode_digit(ch: str) -> str | None:
    try:
        return str(unicodedata.decimal(ch))
    except ValueError:
        pass
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 and "0" <= folded <= "9" else None


def _digit(ch: str) -> str | None:
    """The ASCII digit `ch` stands for, or None."""
    if "0" <= ch <= "9":
        return ch
    if ch.isascii():
        return None
    return _unicode_digit(ch)


@functools.lru_cache(maxsize=4096)
def _unicode_separator(ch: str) -> bool:
    if ch.isspace() or ch in _OTHER_SEPARATORS or unicodedata.category(ch) in _SEPARATOR_CATEGORIES:
        return True
    return unicodedata.normalize("NFKC", ch) in _ASCII_SEPARATORS


def _separator(ch: str) -> bool:
    if ch.isascii():
        return ch in _ASCII_SEPARATORS
    return _unicode_separator(ch)


def _digit_runs(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, folded digits) of every run of digits joined by short separator runs."""
    n = len(text)
    i = 0
    while i < n:
        first = _digit(text[i])
        if first is None:
            i += 1
            continue
        start, digits, end, j = i, [first], i + 1, i + 1
        while j < n:
            d = _digit(text[j])
            if d is not None:
                digits.append(d)
                j += 1
                end = j
                continue
            k = j
            while k < n and k - j < MAX_SEPARATOR_RUN and _separator(text[k]):
                k += 1
            if k == j or k >= n or _digit(text[k]) is None:
                break
            j = k
        yield start, end, "".join(digits)
        i = end


def _has_valid_window(digits: str) -> bool:
    """True if any window of 12-19 consecutive digits passes Luhn."""
    n = len(digits)
    for i in range(n - MIN_PAN_DIGITS + 1):
        for length in range(MIN_PAN_DIGITS, min(MAX_PAN_DIGITS, n - i) + 1):
            if luhn_valid(digits[i : i + length]):
                return True
    return False


def _pan_spans(text: str) -> Iterator[_Span]:
    if text.isascii() and len(_ASCII_DIGIT_RE.findall(text)) < MIN_PAN_DIGITS:
        return
    for start, end, digits in _digit_runs(text):
        if len(digits) < MIN_PAN_DIGITS:
            continue
        if not _has_valid_window(digits):
            continue
        unbroken = end - start == len(digits) and len(digits) <= MAX_PAN_DIGITS and luhn_valid(digits)
        yield _Span(start, end, f"[PAN ****{digits[-4:]}]" if unbroken else "[PAN]")


# -- keys and CVCs --------------------------------------------------------------------------------


def _secret_spans(text: str) -> Iterator[_Span]:
    for m in _SECRET_RE.finditer(text):
        yield _Span(m.start(), m.end(), "[SECRET]")


def _cvc_spans(text: str) -> Iterator[_Span]:
    for m in _CVC_RE.finditer(text):
        yield _Span(m.start("value"), m.end("value"), "[CVC]")


_RANK = {"[SECRET]": 3, "[CVC]": 1}


def _merged_mask(group: list[_Span]) -> str:
    """One mask for overlapping findings: a key wins, then a card number, then a CVC."""
    return max(group, key=lambda s: _RANK.get(s.mask, 2)).mask


def redact(text: str) -> str:
    """`text` with every card number, CVC and Stripe key masked (see the module notes)."""
    if not text:
        return text
    spans = sorted([*_secret_spans(text), *_pan_spans(text), *_cvc_spans(text)], key=lambda s: s.start)
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    group: list[_Span] = [spans[0]]
    group_end = spans[0].end
    for span in spans[1:]:
        if span.start < group_end:
            group.append(span)
            group_end = max(group_end, span.end)
            continue
        out += [text[pos : group[0].start], _merged_mask(group)]
        pos = group_end
        group, group_end = [span], span.end
    out += [text[pos : group[0].start], _merged_mask(group), text[group_end:]]
    return "".join(out)


# -- logging ------------------------------------------------------------------------------------


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message (and traceback, and stack) before any handler sees it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must neither crash the caller nor skip redaction
            message = f"{record.msg!s} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        # Formatters reuse a pre-set exc_text, so the traceback text is redacted once, here.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
