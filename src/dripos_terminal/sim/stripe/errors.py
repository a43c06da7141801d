"""Stripe-shaped API errors raised by the simulator's handlers."""

from __future__ import annotations

from typing import Any


class StripeError(Exception):
    """An error the simulator answers with Stripe's error JSON and HTTP status.

    `before_execution` marks validation failures: Stripe saves no idempotent result for them.
    """

    def __init__(
        self,
        status: int,
        type_: str,
        message: str,
        *,
        code: str | None = None,
        decline_code: str | None = None,
        param: str | None = None,
        payment_intent: dict[str, Any] | None = None,
        charge: str | None = None,
        headers: dict[str, str] | None = None,
        before_execution: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.code = code
        self.decline_code = decline_code
        self.param = param
        self.payment_intent = payment_intent
        self.charge = charge
        self.headers = dict(headers or {})
        self.before_execution = before_execution

    def error_object(self) -> dict[str, Any]:
        err: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
            err["doc_url"] = f"https://docs.stripe.com/error-codes/{self.code.replace('_', '-')}"
        if self.decline_code:
            err["decline_code"] = self.decline_code
        if self.param:
            err["param"] = self.param
        if self.payment_intent is not None:
            err["payment_intent"] = self.payment_intent
        if self.charge:
            err["charge"] = self.charge
        err["request_log_url"] = None
        return err

    def body(self) -> dict[str, Any]:
        return {"error": self.error_object()}


def invalid(message: str, *, param: str | None = None, code: str | None = None) -> StripeError:
    """A 400 validation error (nothing is executed, no idempotent result is saved)."""
    return StripeError(400, "invalid_request_error", message, param=param, code=code, before_execution=True)


def state_error(message: str, *, code: str, param: str | None = None, **kw: Any) -> StripeError:
    """A 400 raised while executing (saved for idempotent replay)."""
    return StripeError(400, "invalid_request_error", message, code=code, param=param, **kw)


def not_found(kind: str, object_id: str, *, param: str | None = None) -> StripeError:
    return StripeError(
        404,
        "invalid_request_error",
        f"No such {kind}: '{object_id}'",
        code="resource_missing",
        param=param,
        before_execution=True,
    )


def unknown_param(name: str) -> StripeError:
    return invalid(f"Received unknown parameter: {name}", param=name, code="parameter_unknown")


def missing_param(name: str) -> StripeError:
    return invalid(f"Missing required param: {name}.", param=name, code="parameter_missing")
