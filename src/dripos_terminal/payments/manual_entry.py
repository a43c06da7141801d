"""Online manual card entry: PaymentMethod (type=card) + a confirmed PaymentIntent.

Card data stays in memory: the persisted record of the PaymentMethod request holds only
`{"type": "card", "metadata": ...}`; the number, expiry, CVC and postal code are merged in at call
time (`StripeGateway.send(secret_params=...)`) and the `KeyedCard` is dropped right after the call.
A PaymentMethod is not a charge, so an ambiguous PaymentMethod call is answered with a fresh
PaymentMethod; the PaymentIntent create+confirm, which can charge, goes out under one persisted key.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import REPLAY_WINDOW, PaymentKind, decline_reason
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import ChargeCheckService, KeyToCheck, Verdict, is_refusal
from dripos_terminal.payments.failures import FAILURE_TEXT, FailureKind
from dripos_terminal.payments.ports import (
    PROMPT_TEXT,
    PaymentRequest,
    PaymentResult,
    Prompt,
    PromptKind,
    ResultStatus,
)
from dripos_terminal.payments.stripe_gateway import AnswerBuffer, GatewayError, Outcome, StripeGateway
from dripos_terminal.payments.stripe_intents import (
    PI_PURPOSE,
    cancel_payment_intent,
    is_paid,
    payment_intent_params,
    result_from_intent,
    tip_from_intent,
)
from dripos_terminal.payments.stripe_terminal import request_from_record
from dripos_terminal.store.payment_records import NewRequest, PaymentRecord, StoredRequest, new_request

log = logging.getLogger("dripos_terminal.payments")

PM_PURPOSE = "payment_method_keyed"
PM_PATH = "/v1/payment_methods"


@dataclass(frozen=True)
class ManualEntrySettings:
    till_id: str
    pm_attempts: int = 2


def _pm_params(payment_id: str) -> dict[str, Any]:
    """What is persisted for the PaymentMethod request: no card data at all."""
    return {"type": "card", "metadata": {"payment_id": payment_id}}


def _card_secret(card: KeyedCard) -> dict[str, Any]:
    secret: dict[str, Any] = {
        "card": {
            "number": card.reveal(),
            "exp_month": card.expiry.month,
            "exp_year": card.expiry.year,
            "cvc": card.reveal_cvc(),
        }
    }
    if card.postal_code:
        secret["billing_details"] = {"address": {"postal_code": card.postal_code}}
    return secret


class ManualEntryAdapter:
    """`pay` blocks (call on a worker thread). `cancel` is a no-op once the card was sent."""

    kind = PaymentKind.MANUAL_CARD
    commits_first = True

    def __init__(self, gateway: StripeGateway, clock: Clock, settings: ManualEntrySettings) -> None:
        self._gw = gateway
        self._clock = clock
        self._settings = settings
        self._cancel = threading.Event()

    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]:
        return [new_request(request.payment_id, PM_PURPOSE, PM_PATH, _pm_params(request.payment_id))]

    def cancel(self) -> None:
        self._cancel.set()

    def pay(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        card = request.keyed_card
        if card is None or card.dropped:
            raise ValueError("manual entry needs a KeyedCard that was not dropped")
        answers = AnswerBuffer()  # successes are written with the next write (see StripeTerminalAdapter)
        try:
            result = self._pay(request, card, prompt, answers)
            return replace(result, answers=answers.take())
        finally:
            self._cancel.clear()

    def _pay(
        self, request: PaymentRequest, card: KeyedCard, prompt: Prompt, answers: AnswerBuffer
    ) -> PaymentResult:
        try:
            prompt.show(PromptKind.PROCESSING, PROMPT_TEXT[PromptKind.PROCESSING])
            pm = self._create_payment_method(request, card, answers)
        finally:
            card.drop()
        if isinstance(pm, PaymentResult):
            return pm
        params = payment_intent_params(request, till_id=self._settings.till_id, method_types=["card"])
        params.update({"payment_method": pm, "confirm": True})
        create = new_request(request.payment_id, PI_PURPOSE, "/v1/payment_intents", params)
        return self._confirm(request, self._gw.record(create, answers), prompt, answers=answers)

    def _create_payment_method(
        self, request: PaymentRequest, card: KeyedCard, answers: AnswerBuffer
    ) -> str | PaymentResult:
        last: GatewayError | None = None
        for attempt in range(self._settings.pm_attempts):
            if self._cancel.is_set():
                return _result(request, ResultStatus.CANCELED)
            if attempt == 0:
                stored = request.records.get(PM_PURPOSE)  # as committed with the payment row
            else:
                # A PaymentMethod charges nothing: a fresh one is safe after an ambiguous answer.
                fresh = new_request(request.payment_id, PM_PURPOSE, PM_PATH, _pm_params(request.payment_id))
                stored = self._gw.record(fresh, answers)
            try:
                secret = _card_secret(card)
                if stored is None:
                    return str(self._gw.send(request.keys[PM_PURPOSE], secret_params=secret)["id"])
                return str(self._gw.send_stored(stored, secret_params=secret, buffer=answers)["id"])
            except GatewayError as exc:
                last = exc
                if exc.outcome is Outcome.DECLINED:
                    return _declined(request, exc.code, exc.decline_code)
                if exc.outcome is Outcome.REJECTED and exc.failure is None:
                    reason = decline_reason(None, exc.code)
                    if reason.code != "card_declined":
                        return _declined(request, exc.code, None)
                    return _result(
                        request,
                        ResultStatus.FAILED,
                        message=QT_TRANSLATE_NOOP("CardPayment", "Card not accepted: {reason}").format(
                            reason=exc
                        ),
                    )
                log.warning("creating the PaymentMethod failed (%s); a new one is safe", exc.code)
        assert last is not None
        failure = last.failure or FailureKind.API_UNREACHABLE
        return _result(request, ResultStatus.FAILED, failure=failure, message=FAILURE_TEXT[failure])

    def _confirm(
        self,
        request: PaymentRequest,
        stored: StoredRequest,
        prompt: Prompt,
        *,
        replay: bool = False,
        answers: AnswerBuffer | None = None,
    ) -> PaymentResult:
        """Send the create+confirm (`replay`: again, under its SAME key, after an unknown outcome)."""
        try:
            pi = self._gw.send_stored(stored, buffer=answers)
        except GatewayError as exc:
            if replay and exc.outcome is Outcome.REJECTED and not is_refusal(exc):
                # A rate limit or conflict on a replay says nothing about the first send.
                return _unknown(request, exc.failure)
            if exc.outcome is Outcome.DECLINED:
                pi_id = (exc.payment_intent or {}).get("id")
                if pi_id:
                    cancel_payment_intent(self._gw, request.payment_id, str(pi_id), answers)
                return _declined(request, exc.code, exc.decline_code, pi_id=pi_id)
            if exc.outcome is Outcome.REJECTED:
                failure = exc.failure
                text = (
                    FAILURE_TEXT[failure]
                    if failure
                    else QT_TRANSLATE_NOOP("CardPayment", "Stripe refused the payment: {reason}").format(
                        reason=exc
                    )
                )
                return _result(request, ResultStatus.FAILED, failure=failure, message=text)
            prompt.show(PromptKind.CHECKING, PROMPT_TEXT[PromptKind.CHECKING])
            return self._settle(request, exc.failure)
        return self._from_intent(request, pi, answers)

    def _from_intent(
        self, request: PaymentRequest, pi: Mapping[str, Any], answers: AnswerBuffer | None = None
    ) -> PaymentResult:
        pi_id = str(pi["id"])
        if is_paid(pi):
            tip = tip_from_intent(pi, request.amount_minor, request.tip_minor)
            card = request.keyed_card
            facts = (card.brand.value, card.last4) if card is not None else (None, None)
            return result_from_intent(request, pi, tip, facts)
        error = pi.get("last_payment_error") or {}
        settled = cancel_payment_intent(self._gw, request.payment_id, pi_id, answers)
        if settled is not None and is_paid(settled):
            return self._from_intent(request, settled, answers)
        if error:
            return _declined(request, error.get("code"), error.get("decline_code"), pi_id=pi_id)
        if pi.get("status") == "requires_action":
            return _declined(request, "authentication_required", None, pi_id=pi_id)
        status = ResultStatus.CANCELED if settled is not None else ResultStatus.UNKNOWN
        return _result(request, status, pi_id=pi_id)

    def _settle(self, request: PaymentRequest, failure: FailureKind | None) -> PaymentResult:
        """Outcome of create+confirm unknown: find the PaymentIntent by our metadata id."""
        try:
            found = self._gw.find_payment_intents(request.payment_id)
        except GatewayError as exc:
            return _unknown(request, exc.failure or failure)
        if not found:
            return _unknown(request, failure)
        return self._from_intent(request, found[0])

    def resolve(
        self, payment: PaymentRecord, requests: Sequence[StoredRequest], prompt: Prompt
    ) -> PaymentResult:
        """Start-up: search by metadata, else replay the persisted create+confirm (same key, < 23 h)."""
        payment_id = payment.id
        request = request_from_record(payment)
        prompt.show(PromptKind.CHECKING, PROMPT_TEXT[PromptKind.CHECKING])
        try:
            found = self._gw.find_payment_intents(payment_id)
        except GatewayError as exc:
            return _unknown(request, exc.failure)
        if found:
            return self._from_intent(request, found[0])
        creates = [r for r in requests if r.purpose == PI_PURPOSE]
        if not creates:
            return _result(
                request,
                ResultStatus.CANCELED,
                message=QT_TRANSLATE_NOOP("CardPayment", "The card was never charged"),
            )
        stored = creates[0]
        if self._clock.now() - stored.created > REPLAY_WINDOW:
            # Search can lag: only Stripe's list of what was created then proves there is none.
            check = ChargeCheckService(self._gw, self._clock).prove(
                payment_id, [KeyToCheck(r, None) for r in creates]
            )
            if check.verdict is Verdict.CHARGED and check.intent is not None:
                return self._from_intent(request, check.intent)
            if check.verdict is Verdict.NOT_CHARGED:
                return _result(request, ResultStatus.CANCELED, message=check.summary)
            return _unknown(request, None)
        return self._confirm(request, stored, prompt, replay=True)


def _declined(
    request: PaymentRequest, code: str | None, decline_code: str | None, *, pi_id: str | None = None
) -> PaymentResult:
    reason = decline_reason(decline_code, code)
    return _result(
        request,
        ResultStatus.DECLINED,
        pi_id=pi_id,
        decline_code=decline_code or code,
        decline_text=reason.text,
        failure=FailureKind.CARD_DECLINED,
    )


def _unknown(request: PaymentRequest, failure: FailureKind | None) -> PaymentResult:
    return _result(
        request,
        ResultStatus.UNKNOWN,
        failure=failure or FailureKind.API_UNREACHABLE,
        message=QT_TRANSLATE_NOOP(
            "CardPayment",
            "Could not confirm the payment with Stripe — do not retry; it will be checked again",
        ),
    )


def _result(
    request: PaymentRequest,
    status: ResultStatus,
    *,
    pi_id: str | None = None,
    failure: FailureKind | None = None,
    message: str | None = None,
    decline_code: str | None = None,
    decline_text: str | None = None,
) -> PaymentResult:
    card = request.keyed_card
    return PaymentResult(
        status=status,
        payment_id=request.payment_id,
        amount_minor=request.amount_minor,
        tip_minor=request.tip_minor,
        payment_intent_id=pi_id,
        brand=card.brand.value if card is not None else None,
        last4=card.last4 if card is not None else None,
        decline_code=decline_code,
        decline_text=decline_text,
        message=message,
        failure=failure,
    )
