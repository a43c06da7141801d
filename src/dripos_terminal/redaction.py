"""Keep card numbers, CVCs and secret keys out of logs and messages.

Every logger of the product goes through `RedactingFilter`; `redact` is also used on any text that
may be shown or stored (exception messages from third parties, for example).
"""

from __future__ import annotations

import logging
import re

from dripos_terminal.domain.card import luhn_valid

# 12-19 digits, optionally grouped by spaces or dashes: the shapes a PAN takes when typed or printed.
_PAN_RE = re.compile(r"(?<!\d)(?:\d[ -]?){11,18}\d(?!\d)")
_SECRET_RE = re.compile(r"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9_]+")  # the key shapes secrets.py accepts
_CVC_RE = re.compile(r"(?i)(\bcvc\b|\bcvv\b|card\[cvc\])(\s*[=:]\s*)(\d{3,4})")


def _mask_pan(match: re.Match[str]) -> str:
    raw = match.group(0)
    digits = re.sub(r"\D", "", raw)
    if not 12 <= len(digits) <= 19 or not luhn_valid(digits):
        return raw
    return f"[PAN ****{digits[-4:]}]"


def redact(text: str) -> str:
    text = _PAN_RE.sub(_mask_pan, text)
    text = _SECRET_RE.sub("[SECRET]", text)
    return _CVC_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}[CVC]", text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        # Formatters reuse a pre-set exc_text, so the traceback text is redacted once, here.
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def configure_logging(level: int = logging.INFO, log_file: str | None = None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if log_file:
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    flt = RedactingFilter()
    for h in handlers:
        h.addFilter(flt)
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    for h in handlers:
        root.addHandler(h)
    logging.getLogger("dripos_terminal").addFilter(flt)
    # The stripe SDK logs raw request bodies (card[number], card[cvc]) at DEBUG: never let it.
    stripe_log = logging.getLogger("stripe")
    stripe_log.setLevel(max(level, logging.INFO))
    stripe_log.addFilter(flt)
