"""The JSON control API under `/_sim/…` (no auth, not rate limited, loopback only).

GET    /_sim/health                     {"ok": true, "base_url", "livemode"}
GET    /_sim/ledger                     charges, payment_intents, refunds, duplicates, requests
GET    /_sim/faults                     active faults
POST   /_sim/faults                     {"name", "count"?: int|null, "path_prefix"?, "method"?,
                                         "reader_id"?, + per-fault params: status, saved, seconds,
                                         present_number, should_retry}
DELETE /_sim/faults[/{name-or-id}]      clear all / some faults
POST   /_sim/present                    {"reader_id"?, "number"?, "amount_tip"?, "type"?}:
                                         the customer taps a card
POST   /_sim/customer_cancel            {"reader_id"?}: the customer presses cancel on the reader
POST   /_sim/readers                    register a demo location + reader → {"location", "reader"}
POST   /_sim/restricted_keys            {"permissions": ["terminal_reader_write", …]} → {"key": "rk_…"}
GET    /_sim/settings, POST /_sim/settings   processing_seconds, refund_failure_seconds, search_lag_seconds,
                                         rate_limit, endpoint_rate_limit, rate_limit_should_retry
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dripos_terminal.sim.stripe.api import Response
from dripos_terminal.sim.stripe.errors import StripeError

if TYPE_CHECKING:
    from dripos_terminal.sim.stripe.server import StripeSimulator

_SETTINGS = ("processing_seconds", "refund_failure_seconds", "search_lag_seconds")


def _ok(obj: Any, status: int = 200) -> Response:
    return Response(status, json.dumps(obj, indent=2).encode())


def _fail(status: int, message: str) -> Response:
    return Response(
        status, json.dumps({"error": {"type": "invalid_request_error", "message": message}}).encode()
    )


class Control:
    def __init__(self, sim: StripeSimulator) -> None:
        self.sim = sim

    def handle(self, method: str, path: str, body: str) -> Response:
        try:
            payload = json.loads(body) if body.strip() else {}
        except ValueError:
            return _fail(400, "body must be JSON")
        if not isinstance(payload, dict):
            return _fail(400, "body must be a JSON object")
        try:
            return self._route(method, path.rstrip("/"), payload)
        except StripeError as err:
            return Response(err.status, json.dumps(err.body()).encode())
        except (ValueError, TypeError, KeyError) as exc:
            return _fail(400, str(exc))

    def _route(self, method: str, path: str, payload: dict[str, Any]) -> Response:
        sim = self.sim
        if (method, path) == ("GET", "/_sim/health"):
            return _ok({"ok": True, "base_url": sim.base_url, "livemode": sim.livemode})
        if (method, path) == ("GET", "/_sim/ledger"):
            return _ok(sim.ledger.to_json())
        if (method, path) == ("GET", "/_sim/faults"):
            return _ok({"faults": sim.faults.active()})
        if (method, path) == ("POST", "/_sim/faults"):
            name = payload.pop("name", None)
            if not isinstance(name, str):
                return _fail(400, "name is required")
            fault = sim.faults.add(name, **payload)
            return _ok(fault.to_json())
        if method == "DELETE" and (path == "/_sim/faults" or path.startswith("/_sim/faults/")):
            target = path[len("/_sim/faults/") :] if path.startswith("/_sim/faults/") else None
            return _ok({"cleared": sim.faults.clear(target)})
        if (method, path) == ("POST", "/_sim/present"):
            reader = sim.present(
                payload.get("reader_id"),
                number=payload.get("number"),
                amount_tip=payload.get("amount_tip"),
                type_=payload.get("type", "card_present"),
            )
            return _ok(reader)
        if (method, path) == ("POST", "/_sim/customer_cancel"):
            return _ok(sim.customer_cancel(payload.get("reader_id")))
        if (method, path) == ("POST", "/_sim/readers"):
            loc_id, reader_id = sim.register_demo_reader()
            return _ok({"location": loc_id, "reader": reader_id})
        if (method, path) == ("POST", "/_sim/restricted_keys"):
            permissions = payload.get("permissions", [])
            if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
                return _fail(400, "permissions must be a list of names like terminal_reader_write")
            return _ok({"key": sim.restricted_key(*permissions)})
        if path == "/_sim/settings" and method in ("GET", "POST"):
            if method == "POST":
                self._apply_settings(payload)
            return _ok(self._settings())
        return _fail(404, f"Unrecognized control URL ({method}: {path})")

    def _settings(self) -> dict[str, Any]:
        sim = self.sim
        out: dict[str, Any] = {name: getattr(sim.state, name) for name in _SETTINGS}
        out["rate_limit"] = sim.rate_limiter.account_rate
        out["endpoint_rate_limit"] = sim.rate_limiter.endpoint_rate
        out["rate_limit_should_retry"] = sim.api.rate_limit_should_retry
        return out

    def _apply_settings(self, payload: dict[str, Any]) -> None:
        sim = self.sim
        for name, value in payload.items():
            if name in _SETTINGS:
                with sim.state.lock:
                    setattr(sim.state, name, float(value))
            elif name == "rate_limit":
                sim.rate_limiter.account_rate = float(value)
            elif name == "endpoint_rate_limit":
                sim.rate_limiter.endpoint_rate = float(value)
            elif name == "rate_limit_should_retry":
                sim.api.rate_limit_should_retry = bool(value)
            else:
                raise ValueError(f"unknown setting {name!r}")
