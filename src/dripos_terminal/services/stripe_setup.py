"""Connecting the till to Stripe: the key, the Terminal location and the reader (plain Python).

Shared by the set-up wizard, Settings and `dripos-terminal reader …`. Every method BLOCKS (network
and store): call it from a worker. Reader and location writes go through `TerminalAdmin`, so they
are POSTs under our persisted idempotency keys like every other Stripe write. The chosen location
and reader are stored in the shop's settings (`stripe.location_id`, `stripe.reader_id`), audited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from dripos_terminal.clock import Clock
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.stripe_gateway import GatewayError, RetryPolicy, StripeGateway
from dripos_terminal.payments.terminal_admin import LocationInfo, ReaderInfo, TerminalAdmin
from dripos_terminal.services.secrets import (
    KeyCheck,
    KeyProblem,
    SecretStore,
    check_key_with_stripe,
    key_format,
)
from dripos_terminal.services.setup import ShopSettings
from dripos_terminal.store.database import Database
from dripos_terminal.store.payments import PaymentStore

T = TypeVar("T")
SIMULATED_READER_CODE = "simulated-wpe"  # Stripe's simulated WisePOS E; test-mode keys only
ADMIN_RETRY = RetryPolicy(attempts=3, base_s=0.2, cap_s=2.0)


class StripeSetupError(RuntimeError):
    """Stripe refused or could not be reached; `str()` says what to do (never a key)."""


class StripeSetup:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        secrets: SecretStore,
        settings: ShopSettings,
        *,
        api_base: str,
        timeout_s: float = 15.0,
    ) -> None:
        self._db, self._clock, self._secrets, self._settings = db, clock, secrets, settings
        self.api_base, self._timeout = api_base, timeout_s

    # -- the key ------------------------------------------------------------------------------
    def save_key(self, actor: StaffMember | None, key: str) -> tuple[KeyCheck, str]:
        """Check the key with Stripe, then keep it; returns the check and where it went."""
        _require(actor)
        check = check_key_with_stripe(key, self.api_base, self._db, self._clock, timeout_s=self._timeout)
        where = self._secrets.save_stripe_key(key, check, actor_id=_id(actor))
        return check, where

    def key_check(self) -> KeyCheck | None:
        """The stored key's mode (no network), None when there is none."""
        key = self._secrets.stripe_key()
        if not key:
            return None
        try:
            return key_format(key)
        except KeyProblem:
            return None

    def _admin(self) -> TerminalAdmin:
        key = self._secrets.stripe_key()
        if not key:
            raise StripeSetupError(
                QT_TRANSLATE_NOOP(
                    "StripeSetup", "No Stripe key is saved yet. Enter the key first (Settings → Stripe)."
                )
            )
        gateway = StripeGateway.connect(
            key, self.api_base, PaymentStore(self._db, self._clock), self._clock,
            timeout_s=self._timeout, retry=ADMIN_RETRY,
        )  # fmt: skip
        return TerminalAdmin(gateway)

    # -- locations and readers ----------------------------------------------------------------
    def locations(self) -> list[LocationInfo]:
        return _call(lambda: self._admin().list_locations())

    def create_location(
        self, actor: StaffMember | None, display_name: str, address: Mapping[str, str]
    ) -> LocationInfo:
        _require(actor)
        location = _call(lambda: self._admin().create_location(display_name, address))
        self.choose(actor, location_id=location.id)
        return location

    def readers(self, location_id: str | None = None) -> list[ReaderInfo]:
        return _call(lambda: self._admin().list_readers(location_id or None))

    def register_reader(
        self, actor: StaffMember | None, code: str, label: str, location_id: str | None = None
    ) -> ReaderInfo:
        """Register the reader showing `code` at `location_id` (default: the chosen location) and
        make it the till's reader."""
        _require(actor)
        code, label = code.strip(), label.strip() or "Counter"
        location = location_id or self._settings.effective().stripe.location_id
        if not location:
            raise StripeSetupError(
                QT_TRANSLATE_NOOP(
                    "StripeSetup", "Choose or create a location first: Stripe registers a reader at one."
                )
            )
        if code == SIMULATED_READER_CODE:
            check = self.key_check()
            if check is None or check.mode.value != "test":
                raise StripeSetupError(
                    QT_TRANSLATE_NOOP("StripeSetup", "The simulated reader works only with a test-mode key.")
                )
        reader = _call(lambda: self._admin().register_reader(code, label, location))
        self.choose(actor, location_id=location, reader_id=reader.id)
        return reader

    def reader_status(self, reader_id: str) -> ReaderInfo:
        return _call(lambda: self._admin().reader_status(reader_id))

    def choose(
        self, actor: StaffMember | None, *, location_id: str | None = None, reader_id: str | None = None
    ) -> None:
        values = {k: v for k, v in (("location_id", location_id), ("reader_id", reader_id)) if v is not None}
        if values:
            self._settings.update(actor, "stripe", values)


def _call(work: Callable[[], T]) -> T:
    try:
        return work()
    except GatewayError as exc:
        if exc.http_status == 401:
            raise StripeSetupError(
                QT_TRANSLATE_NOOP(
                    "StripeSetup", "Stripe refused the saved key. Enter it again in Settings → Stripe."
                )
            ) from None
        if exc.ambiguous:
            raise StripeSetupError(
                QT_TRANSLATE_NOOP(
                    "StripeSetup", "Stripe could not be reached. Check the connection and try again."
                )
            ) from None
        raise StripeSetupError(
            QT_TRANSLATE_NOOP("StripeSetup", "Stripe refused: {reason}").format(reason=exc)
        ) from None


def _require(actor: StaffMember | None) -> None:
    if actor is not None:
        actor.require(Permission.SETTINGS)


def _id(actor: StaffMember | None) -> str | None:
    return None if actor is None else actor.staff_id
