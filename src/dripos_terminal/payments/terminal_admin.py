"""Reader fleet chores for settings screens and the CLI: locations, readers, the cart display.

Reader `status` is informative only: it never gates a payment (the PaymentIntent is the truth).
POSTs go through the gateway under persisted idempotency keys like every other Stripe write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dripos_terminal.payments.stripe_gateway import StripeGateway


@dataclass(frozen=True)
class LocationInfo:
    id: str
    display_name: str


@dataclass(frozen=True)
class ReaderInfo:
    id: str
    label: str
    status: str | None  # "online" | "offline" | None
    device_type: str
    location: str | None
    serial_number: str
    action_type: str | None
    action_status: str | None

    @property
    def online(self) -> bool:
        return self.status == "online"


@dataclass(frozen=True)
class CartLine:
    description: str
    amount_minor: int  # line total
    quantity: int = 1


def _reader(data: Mapping[str, Any]) -> ReaderInfo:
    action = data.get("action") or {}
    return ReaderInfo(
        id=str(data["id"]),
        label=str(data.get("label") or ""),
        status=data.get("status"),
        device_type=str(data.get("device_type") or ""),
        location=data.get("location"),
        serial_number=str(data.get("serial_number") or ""),
        action_type=action.get("type"),
        action_status=action.get("status"),
    )


def _location(data: Mapping[str, Any]) -> LocationInfo:
    return LocationInfo(id=str(data["id"]), display_name=str(data.get("display_name") or ""))


class TerminalAdmin:
    """Blocking calls: run them on a worker thread."""

    def __init__(self, gateway: StripeGateway) -> None:
        self._gw = gateway

    def list_locations(self) -> list[LocationInfo]:
        return [_location(d) for d in self._gw.get("/v1/terminal/locations", {"limit": 100}).get("data", [])]

    def create_location(self, display_name: str, address: Mapping[str, str]) -> LocationInfo:
        params = {"display_name": display_name, "address": dict(address)}
        return _location(self._gw.post(None, "create_location", "/v1/terminal/locations", params))

    def list_readers(self, location_id: str | None = None) -> list[ReaderInfo]:
        params: dict[str, Any] = {"limit": 100}
        if location_id:
            params["location"] = location_id
        return [_reader(d) for d in self._gw.get("/v1/terminal/readers", params).get("data", [])]

    def register_reader(self, registration_code: str, label: str, location_id: str) -> ReaderInfo:
        params = {"registration_code": registration_code, "label": label, "location": location_id}
        return _reader(self._gw.post(None, "register_reader", "/v1/terminal/readers", params))

    def reader_status(self, reader_id: str) -> ReaderInfo:
        return _reader(self._gw.retrieve_reader(reader_id))

    def set_reader_display(
        self, reader_id: str, lines: Sequence[CartLine], *, tax_minor: int, total_minor: int, currency: str
    ) -> ReaderInfo:
        """Show the cart on the reader while the barista rings up the order."""
        cart = {
            "currency": currency.lower(),
            "line_items": [
                {"description": ln.description[:100], "amount": ln.amount_minor, "quantity": ln.quantity}
                for ln in lines
            ],
            "tax": tax_minor,
            "total": total_minor,
        }
        path = f"/v1/terminal/readers/{reader_id}/set_reader_display"
        return _reader(self._gw.post(None, "set_reader_display", path, {"type": "cart", "cart": cart}))

    def clear_reader_display(self, reader_id: str) -> ReaderInfo:
        path = f"/v1/terminal/readers/{reader_id}/cancel_action"
        return _reader(self._gw.post(None, "clear_reader_display", path, {}))
