"""The request pipeline: auth (a restricted key: its permissions) → rate limits → faults → idempotency →
execute → save → respond.

Transport-free: `StripeApi.handle` takes a parsed request and returns what to send (or to drop).
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from dripos_terminal.sim.stripe.errors import StripeError
from dripos_terminal.sim.stripe.faults import FaultInjector
from dripos_terminal.sim.stripe.forms import parse_form
from dripos_terminal.sim.stripe.idempotency import IdempotencyStore, SavedResponse
from dripos_terminal.sim.stripe.ledger import Ledger, LoggedRequest, settle
from dripos_terminal.sim.stripe.permissions import check_permission
from dripos_terminal.sim.stripe.ratelimit import RateLimiter
from dripos_terminal.sim.stripe.routes import Route, match
from dripos_terminal.sim.stripe.state import Obj, SimState
from dripos_terminal.sim.stripe.terminal import render_reader

log = logging.getLogger("dripos_terminal.sim.stripe")

API_VERSION = "2026-10-28.endive"


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-cased names
    body: str


@dataclass
class Response:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering


def _json(obj: Any) -> bytes:
    return json.dumps(obj, indent=2).encode()


# `expand[]=field`: which top-level id fields the simulator can replace with their object.
_EXPANDABLE = {
    "latest_charge": "charges",
    "payment_method": "payment_methods",
    "payment_intent": "payment_intents",
}


def _expanded(st: SimState, obj: Obj, expand: Any) -> Obj:
    """Stripe's `expand[]` for top-level fields (lock held): the id becomes the object it names."""
    if not isinstance(expand, list) or not expand:
        return obj
    out = dict(obj)
    for name in expand:
        table = _EXPANDABLE.get(str(name))
        value = out.get(str(name))
        if table is not None and isinstance(value, str):
            found = getattr(st, table).get(value)
            if found is not None:
                out[str(name)] = found
    return out


def _error_response(err: StripeError, request_id: str) -> Response:
    return Response(err.status, _json(err.body()), {"Request-Id": request_id, **err.headers})


class StripeApi:
    def __init__(
        self, state: SimState, faults: FaultInjector, ledger: Ledger, limiter: RateLimiter, api_key: str
    ):
        self.state = state
        self.faults = faults
        self.ledger = ledger
        self.limiter = limiter
        self.api_key = api_key  # the account's secret key; also its idempotency and rate-limit scope
        self.restricted_keys: dict[str, frozenset[str]] = {}  # rk_… → permissions (sim.permissions)
        self.idempotency = IdempotencyStore(state.clock, state.secret)
        self.rate_limit_should_retry = True

    # -- entry point ---------------------------------------------------------------------------------

    def handle(self, req: Request) -> Response:
        key = req.headers.get("idempotency-key") if req.method == "POST" else None
        context: dict[str, Any] = {"replayed": False, "fault": None}
        try:
            resp = self._handle(req, key, context)
        except StripeError as err:
            resp = _error_response(err, context.get("request_id", "req_unknown"))
        except Exception:
            log.exception("simulator failure on %s %s", req.method, req.path)
            resp = Response(
                500, _json({"error": {"type": "api_error", "message": "Simulator internal error."}})
            )
        self.ledger.record(
            LoggedRequest(
                method=req.method,
                path=req.path,
                idempotency_key=key,
                status=None if resp.drop else resp.status,
                timestamp=self.state.clock.now().timestamp(),
                replayed=context["replayed"],
                fault=context["fault"],
            )
        )
        return resp

    def _caller(self, headers: dict[str, str]) -> tuple[str, frozenset[str] | None] | None:
        """(the key, its permissions — None for the secret key's full access), or None: a 401."""
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer "):
            supplied = auth[7:].strip()
        elif auth.startswith("Basic "):
            try:
                supplied = base64.b64decode(auth[6:]).decode().split(":", 1)[0]
            except ValueError:
                return None
        else:
            return None
        if secrets.compare_digest(supplied.encode(), self.api_key.encode()):
            return supplied, None
        for restricted, granted in list(self.restricted_keys.items()):
            if secrets.compare_digest(supplied.encode(), restricted.encode()):
                return supplied, granted
        return None

    def _handle(self, req: Request, key: str | None, ctx: dict[str, Any]) -> Response:
        request_id = ctx["request_id"] = "req_" + self.state.random_token(14)
        caller = self._caller(req.headers)
        if caller is None:
            raise StripeError(
                401,
                "invalid_request_error",
                "Invalid API Key provided."
                if "authorization" in req.headers
                else "You did not provide an API key.",
                headers={"WWW-Authenticate": 'Basic realm="Stripe"'},
            )
        found = match(req.method, req.path)
        if found is None:
            raise StripeError(
                404, "invalid_request_error", f"Unrecognized request URL ({req.method}: {req.path})."
            )
        route, args = found
        if caller[1] is not None:
            check_permission(caller[0], caller[1], route.method, route.template)
        storm = self.faults.take("rate_limit_storm", path=req.path, method=req.method)
        if storm is not None or not self.limiter.allow(self.api_key, route.endpoint):
            ctx["fault"] = "rate_limit_storm" if storm else "rate_limit"
            retry = storm.params.get("should_retry", True) if storm else self.rate_limit_should_retry
            raise StripeError(
                429,
                "invalid_request_error",
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                code="rate_limit",
                headers={"Stripe-Should-Retry": "true" if retry else "false"},
            )
        if self.faults.take("drop_connection", path=req.path, method=req.method):
            ctx["fault"] = "drop_connection"
            return Response(0, b"", drop=True)
        fault = self.faults.take("api_error", path=req.path, method=req.method)
        if fault is not None and not fault.params.get("saved"):
            ctx["fault"] = "api_error"
            return self._server_error(fault.params.get("status", 500), request_id)
        params = parse_form(req.body if req.method == "POST" else req.query)
        headers = {"Request-Id": request_id, "Stripe-Version": req.headers.get("stripe-version", API_VERSION)}
        if key is None:
            return self._execute(req, (route, args, params), headers, fault, ctx)
        if key:
            headers["Idempotency-Key"] = key
        fingerprint = self.idempotency.fingerprint(req.method, req.path, params)
        saved = self.idempotency.begin(self.api_key, key, fingerprint, request_id)
        if saved is not None:
            ctx["replayed"] = True
            original = self.idempotency.original_request(self.api_key, key) or request_id
            replay_headers = {
                **saved.headers,
                "Request-Id": request_id,
                "Idempotent-Replayed": "true",
                "Original-Request": original,
            }
            return Response(saved.status, saved.body, replay_headers)
        try:
            resp = self._execute(req, (route, args, params), headers, fault, ctx)
        except StripeError as err:
            if err.before_execution:
                self.idempotency.abandon(self.api_key, key)
                raise
            resp = _error_response(err, request_id)
            resp.headers.update(headers)
        except BaseException:
            self.idempotency.abandon(self.api_key, key)
            raise
        self.idempotency.finish(self.api_key, key, SavedResponse(resp.status, resp.body, dict(resp.headers)))
        if self.faults.take("commit_then_drop", path=req.path, method=req.method):
            ctx["fault"] = "commit_then_drop"
            return Response(0, b"", drop=True)
        return resp

    def _server_error(self, status: int, request_id: str) -> Response:
        body = {"error": {"type": "api_error", "message": "An unknown error occurred on Stripe's end."}}
        return Response(int(status), _json(body), {"Request-Id": request_id})

    def _execute(
        self,
        req: Request,
        call: tuple[Route, tuple[str, ...], dict[str, Any]],
        headers: dict[str, str],
        fault: Any,
        ctx: dict[str, Any],
    ) -> Response:
        slow = self.faults.take("latency", path=req.path, method=req.method)
        if slow is not None:
            ctx["fault"] = "latency"
            time.sleep(float(slow.params["seconds"]))  # real time: the client's socket timeout is real
        if fault is not None:  # api_error with saved=True: failed while executing, replayed later
            ctx["fault"] = "api_error"
            resp = self._server_error(fault.params.get("status", 500), headers["Request-Id"])
            resp.headers.update(headers)
            return resp
        route, args, params = call
        st = self.state
        try:
            with st.lock:
                settle(st)
                obj = route.handler(st, self.faults, params, args)
                st.index_touched()  # the index sees the request's changes whole, `search_lag_seconds` on
                body = _json(self._render(_expanded(st, obj, params.get("expand"))))
        except StripeError as err:
            err.headers.update(headers)
            raise
        except Exception:
            log.exception("simulator handler failed: %s", route.endpoint)
            resp = self._server_error(500, headers["Request-Id"])
            resp.headers.update(headers)
            return resp
        return Response(200, body, dict(headers))

    def _render(self, obj: Obj) -> Obj:
        if obj.get("object") == "terminal.reader":
            return render_reader(self.state, self.faults, obj)
        if obj.get("object") in ("list", "search_result"):
            return {**obj, "data": [self._render(o) for o in obj["data"]]}
        copied: Obj = json.loads(json.dumps(obj))
        return copied
