"""Identifiers for orders, payments, tenders and idempotency keys.

They travel into Stripe metadata, frozen request parameters and logs, all of which are screened for
card numbers. Hex or decimal ids sometimes contain a Luhn-valid run of 12+ digits and would be taken
for a PAN (and refused), so ids here use letters only: ~94 bits in 20 characters, never a digit run.
"""

from __future__ import annotations

import secrets

_ALPHABET = "abcdefghijkmnpqrstuvwxyz"  # no 'l' or 'o': ids get read aloud to support


def new_id(prefix: str = "", length: int = 20) -> str:
    body = "".join(secrets.choice(_ALPHABET) for _ in range(length))
    return f"{prefix}_{body}" if prefix else body
