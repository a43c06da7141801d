"""Restricted API keys (`rk_…`): each allows Read or Write on chosen resources; any other call is a 403.

Modelled on Stripe's answer to a restricted key without the permission an endpoint needs: HTTP 403,
`type=invalid_request_error`, and a message naming the masked key, the account and the permission
("… Having the 'rak_charge_read' permission would allow this request to continue."). A write
permission includes the read one, as in the Dashboard. The permission names for Terminal
(`terminal_location`, `terminal_reader`) follow that pattern; Stripe's exact spelling is unconfirmed.
"""

from __future__ import annotations

from dripos_terminal.sim.stripe.errors import StripeError

ACCOUNT_ID = "acct_1DriposSimulator"
_RESOURCES = (  # path prefix → resource, most specific first
    ("/v1/test_helpers/terminal/readers", "terminal_reader"),
    ("/v1/terminal/locations", "terminal_location"),
    ("/v1/terminal/readers", "terminal_reader"),
    ("/v1/payment_methods", "payment_method"),
    ("/v1/payment_intents", "payment_intent"),
    ("/v1/charges", "charge"),
    ("/v1/refunds", "refund"),
)
RESOURCES = frozenset(resource for _prefix, resource in _RESOURCES)


def required(method: str, template: str) -> str:
    """The permission an endpoint needs, e.g. "terminal_location_read" for GET /v1/terminal/locations."""
    resource = next(r for prefix, r in _RESOURCES if template.startswith(prefix))
    return f"{resource}_{'read' if method == 'GET' else 'write'}"


def check_permission(key: str, granted: frozenset[str], method: str, template: str) -> None:
    """Raise Stripe's 403 unless `granted` (e.g. {"terminal_reader_write"}) covers the endpoint."""
    needed = required(method, template)
    resource, _access = needed.rsplit("_", 1)
    if needed in granted or f"{resource}_write" in granted:
        return
    prefix = key[: key.index("_", 3) + 1]  # "rk_test_"
    masked = prefix + "*" * max(len(key) - len(prefix) - 4, 0) + key[-4:]
    raise StripeError(
        403,
        "invalid_request_error",
        f"The provided key '{masked}' does not have the required permissions for this endpoint on "
        f"account '{ACCOUNT_ID}'. Having the 'rak_{needed}' permission would allow this request to "
        "continue.",
    )
