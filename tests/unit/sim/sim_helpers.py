"""Plain-HTTP and SDK helpers shared by the simulator tests."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import stripe

from dripos_terminal.sim.stripe import StripeSimulator

ClientFactory = Callable[..., stripe.StripeClient]


def raw(
    sim: StripeSimulator,
    method: str,
    path: str,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    *,
    auth: bool = True,
    json_body: Any = None,
) -> tuple[int, dict[str, str], Any]:
    """One plain HTTP request (stdlib http.client): (status, lower-cased headers, parsed JSON body)."""
    url = urlsplit(sim.base_url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=10)
    hdrs = dict(headers or {})
    if auth:
        hdrs.setdefault("Authorization", f"Bearer {sim.api_key}")
    if json_body is not None:
        body = json.dumps(json_body)
        hdrs["Content-Type"] = "application/json"
    elif body is not None:
        hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
    try:
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        data = resp.read()
        parsed = json.loads(data) if data else None
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, parsed
    finally:
        conn.close()


def card_present_pi(client: stripe.StripeClient, amount: int = 450, **extra: Any) -> Any:
    params: dict[str, Any] = {
        "amount": amount,
        "currency": "usd",
        "allowed_payment_method_types": ["card_present"],
        **extra,
    }
    return client.v1.payment_intents.create(params)
