"""The domain's exception hierarchy: one base so callers can catch "a business rule said no"."""

from __future__ import annotations


class DomainError(ValueError):
    """A business rule refused an operation; the message is fit to show a manager."""
