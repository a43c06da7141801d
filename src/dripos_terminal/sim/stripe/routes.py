"""The v1 endpoints the simulator serves: (method, path template) → handler."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dripos_terminal.sim.stripe import payments, refunds, terminal
from dripos_terminal.sim.stripe.faults import FaultInjector
from dripos_terminal.sim.stripe.forms import Params
from dripos_terminal.sim.stripe.state import Obj, SimState

Handler = Callable[[SimState, FaultInjector, Params, tuple[str, ...]], Obj]


@dataclass(frozen=True)
class Route:
    method: str
    template: str  # e.g. "/v1/payment_intents/{id}": also the per-endpoint rate-limit bucket
    handler: Handler
    pattern: re.Pattern[str]

    @property
    def endpoint(self) -> str:
        return f"{self.method} {self.template}"


def _route(method: str, template: str, handler: Handler) -> Route:
    regex = re.escape(template).replace(r"\{id\}", r"([A-Za-z0-9_]+)")
    return Route(method, template, handler, re.compile(f"^{regex}$"))


def _plain(fn: Callable[[SimState, Params], Obj]) -> Handler:
    return lambda st, _f, params, _args: fn(st, params)


def _by_id(fn: Callable[[SimState, Params, str], Obj]) -> Handler:
    return lambda st, _f, params, args: fn(st, params, args[0])


def _reader(fn: Callable[[SimState, FaultInjector, Params, str], Obj]) -> Handler:
    return lambda st, f, params, args: fn(st, f, params, args[0])


ROUTES: list[Route] = [
    _route("POST", "/v1/terminal/locations", _plain(terminal.create_location)),
    _route("GET", "/v1/terminal/locations", _plain(terminal.list_locations)),
    _route("GET", "/v1/terminal/locations/{id}", _by_id(terminal.retrieve_location)),
    _route("POST", "/v1/terminal/readers", _plain(terminal.create_reader)),
    _route("GET", "/v1/terminal/readers", _plain(terminal.list_readers)),
    _route("GET", "/v1/terminal/readers/{id}", _by_id(terminal.retrieve_reader)),
    _route("POST", "/v1/terminal/readers/{id}", _by_id(terminal.update_reader)),
    _route(
        "POST", "/v1/terminal/readers/{id}/process_payment_intent", _reader(terminal.process_payment_intent)
    ),
    _route("POST", "/v1/terminal/readers/{id}/cancel_action", _reader(terminal.cancel_action)),
    _route("POST", "/v1/terminal/readers/{id}/set_reader_display", _reader(terminal.set_reader_display)),
    _route(
        "POST",
        "/v1/test_helpers/terminal/readers/{id}/present_payment_method",
        _by_id(terminal.present),
    ),
    _route("POST", "/v1/payment_methods", _plain(payments.create_payment_method)),
    _route("GET", "/v1/payment_methods/{id}", _by_id(payments.retrieve_payment_method)),
    _route("POST", "/v1/payment_intents", _plain(payments.create_payment_intent)),
    _route("GET", "/v1/payment_intents", _plain(payments.list_payment_intents)),
    _route("GET", "/v1/payment_intents/search", _plain(payments.search_payment_intents)),
    _route("GET", "/v1/payment_intents/{id}", _by_id(payments.retrieve_payment_intent)),
    _route("POST", "/v1/payment_intents/{id}", _by_id(payments.update_payment_intent)),
    _route("POST", "/v1/payment_intents/{id}/confirm", _by_id(payments.confirm_payment_intent)),
    _route("POST", "/v1/payment_intents/{id}/capture", _by_id(payments.capture_payment_intent)),
    _route("POST", "/v1/payment_intents/{id}/cancel", _by_id(payments.cancel_payment_intent)),
    _route("GET", "/v1/charges", _plain(payments.list_charges)),
    _route("GET", "/v1/charges/{id}", _by_id(payments.retrieve_charge)),
    _route("POST", "/v1/refunds", _plain(refunds.create_refund)),
    _route("GET", "/v1/refunds", _plain(refunds.list_refunds)),
    _route("GET", "/v1/refunds/{id}", _by_id(refunds.retrieve_refund)),
]


def match(method: str, path: str) -> tuple[Route, tuple[str, ...]] | None:
    for route in ROUTES:
        if route.method == method:
            m = route.pattern.match(path)
            if m:
                return route, m.groups()
    return None
