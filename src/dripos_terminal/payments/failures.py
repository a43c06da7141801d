"""Systemic failure kinds, for the incident banner and the "switch to offline payments" offer.

The lead maps these to the status package; the card path only classifies.
"""

from __future__ import annotations

import enum

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text


class FailureKind(enum.Enum):
    READER_OFFLINE = "reader_offline"
    READER_TIMEOUT = "reader_timeout"
    READER_BUSY = "reader_busy"
    READER_HARDWARE = "reader_hardware"
    API_UNREACHABLE = "api_unreachable"
    API_SERVER_ERROR = "api_server_error"
    API_RATE_LIMITED = "api_rate_limited"
    CARD_DECLINED = "card_declined"

    @property
    def is_systemic(self) -> bool:
        """True when offline/manual payments may be the answer (not for a declined card)."""
        return self is not FailureKind.CARD_DECLINED


# Stripe error codes (Terminal.Reader.Action.ApiError.code and API errors) -> failure kind.
READER_CODES: dict[str, FailureKind] = {
    "terminal_reader_offline": FailureKind.READER_OFFLINE,
    "terminal_reader_timeout": FailureKind.READER_TIMEOUT,
    "terminal_reader_busy": FailureKind.READER_BUSY,
    "terminal_reader_hardware_fault": FailureKind.READER_HARDWARE,
}

FAILURE_TEXT: dict[FailureKind, Text] = {
    FailureKind.READER_OFFLINE: (
        QT_TRANSLATE_NOOP(
            "Failure", "Card reader is offline — check its power and network, or take the payment another way"
        )
    ),
    FailureKind.READER_TIMEOUT: QT_TRANSLATE_NOOP(
        "Failure", "Card reader did not respond — try again or take the payment another way"
    ),
    FailureKind.READER_BUSY: QT_TRANSLATE_NOOP(
        "Failure", "Card reader is busy with another payment — wait a moment and try again"
    ),
    FailureKind.READER_HARDWARE: (
        QT_TRANSLATE_NOOP(
            "Failure", "Card reader has a hardware fault — restart it or take the payment another way"
        )
    ),
    FailureKind.API_UNREACHABLE: QT_TRANSLATE_NOOP(
        "Failure", "Can't reach Stripe — check the internet, or switch to offline payments"
    ),
    FailureKind.API_SERVER_ERROR: QT_TRANSLATE_NOOP(
        "Failure", "Stripe is having problems — try again, or switch to offline payments"
    ),
    FailureKind.API_RATE_LIMITED: QT_TRANSLATE_NOOP(
        "Failure", "Stripe is busy — wait a moment and try again"
    ),
    FailureKind.CARD_DECLINED: QT_TRANSLATE_NOOP("Failure", "Card declined"),
}
