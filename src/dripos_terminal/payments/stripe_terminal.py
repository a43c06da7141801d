"""Stripe Terminal, server-driven: the card-present `ReaderAdapter` and reader management.

The PaymentIntent is the truth, never the reader. Flow of `pay`:

1. The PaymentIntent is created under the key persisted with the payment row (the checkout committed
   the row, then SENDING, before calling `pay`).
2. `process_payment_intent` hands it to the reader (a new persisted key per reader attempt).
3. Poll the reader action and the PaymentIntent until the PaymentIntent is final, the reader action
   failed, the till canceled, or the payment timed out.
4. Anything ambiguous (timeout, lost connection, reader offline mid-payment, cancel that lost the race)
   is settled by *fencing*: read the PaymentIntent; if it is not paid, cancel it. A canceled
   PaymentIntent can never charge, a paid one cannot be canceled — either way the answer is final and
   nothing is ever charged twice. If even that cannot be learned, the result is UNKNOWN (never
   "try again"), and `resolve` settles it later with the same PaymentIntent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dripos_terminal.clock import Clock
from dripos_terminal.domain.payment import REPLAY_WINDOW, PaymentKind, decline_reason
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.payments.charge_check import ChargeCheckService, KeyToCheck, Verdict, is_refusal
from dripos_terminal.payments.failures import FAILURE_TEXT, READER_CODES, FailureKind
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
    charge_card_facts,
    is_paid,
    is_settled,
    payment_intent_params,
    result_from_intent,
    tip_from_intent,
)
from dripos_terminal.store.payment_records import NewRequest, PaymentRecord, StoredRequest, new_request

log = logging.getLogger("dripos_terminal.payments")
_CUSTOMER_CANCEL_CODES = frozenset(
    {"customer_canceled", "canceled", "action_canceled", "terminal_action_canceled"}
)


@dataclass(frozen=True)
class TerminalSettings:
    reader_id: str
    till_id: str
    tip_on_reader: bool = False
    poll_interval_s: float = 0.5
    payment_timeout_s: float = 120.0
    # After a till cancel that the reader refused (card already presented), keep polling this long.
    cancel_grace_s: float = 15.0
    # The reader must look offline this long mid-payment before the payment is fenced (flaps happen).
    offline_grace_s: float = 3.0


@dataclass
class _Poll:
    pi: dict[str, Any] | None = None
    action: dict[str, Any] | None = None
    reader_offline: bool = False


class StripeTerminalAdapter:
    """Card-present payments on a server-driven Stripe reader. `pay`/`resolve` block; `cancel` does not."""

    kind = PaymentKind.CARD_PRESENT
    commits_first = True

    def __init__(self, gateway: StripeGateway, clock: Clock, settings: TerminalSettings) -> None:
        self._gw = gateway
        self._clock = clock
        self._settings = settings
        self._cancel = threading.Event()

    # -- what checkout persists with the payment row -----------------------------------------------

    def initial_requests(self, request: PaymentRequest) -> Sequence[NewRequest]:
        params = payment_intent_params(
            request,
            till_id=self._settings.till_id,
            method_types=["card_present"],
            tip_on_reader=self._settings.tip_on_reader,
        )
        return [new_request(request.payment_id, PI_PURPOSE, "/v1/payment_intents", params)]

    def cancel(self) -> None:
        self._cancel.set()

    # -- pay --------------------------------------------------------------------------------------

    def pay(self, request: PaymentRequest, prompt: Prompt) -> PaymentResult:
        # A cancel pressed before the worker got here still counts; it is spent when `pay` returns.
        # The requests' successful answers ride along with the next write (the next request record,
        # then the outcome's transaction, which records `result.answers`).
        answers = AnswerBuffer()
        try:
            result = self._pay(request, prompt, answers)
            return replace(result, answers=answers.take())
        finally:
            self._cancel.clear()

    def _pay(self, request: PaymentRequest, prompt: Prompt, answers: AnswerBuffer) -> PaymentResult:
        prompt.show(PromptKind.PROCESSING, QT_TRANSLATE_NOOP("CardPayment", "Starting card payment…"))
        pi = self._create_intent(request, prompt, answers)
        if isinstance(pi, PaymentResult):
            return pi
        if self._cancel.is_set():
            return self._fence(request, pi["id"], prompt, None, user_cancel=True, answers=answers)
        return self._process_and_poll(request, pi["id"], prompt, answers)

    def _create_intent(
        self, request: PaymentRequest, prompt: Prompt, answers: AnswerBuffer
    ) -> dict[str, Any] | PaymentResult:
        stored = request.records.get(PI_PURPOSE)
        try:
            if stored is None:
                return self._gw.send(request.keys[PI_PURPOSE])
            return self._gw.send_stored(stored, buffer=answers)
        except GatewayError as exc:
            if exc.ambiguous:
                return self._settle_without_intent(request, prompt, exc)
            return _result(request, ResultStatus.FAILED, failure=exc.failure, message=_failure_text(exc))

    def _settle_without_intent(
        self, request: PaymentRequest, prompt: Prompt, exc: GatewayError
    ) -> dict[str, Any] | PaymentResult:
        """The create call's outcome is unknown: did a PaymentIntent get made? Ask by our metadata id."""
        prompt.show(PromptKind.CHECKING, PROMPT_TEXT[PromptKind.CHECKING])
        try:
            found = self._gw.find_payment_intents(request.payment_id)
        except GatewayError:
            return _result(request, ResultStatus.UNKNOWN, failure=exc.failure, message=_failure_text(exc))
        if not found:
            # Not created. The persisted request stays; `resolve` may replay it with the same key.
            return _result(request, ResultStatus.FAILED, failure=exc.failure, message=_failure_text(exc))
        return found[0]

    def _process_and_poll(
        self, request: PaymentRequest, pi_id: str, prompt: Prompt, answers: AnswerBuffer
    ) -> PaymentResult:
        reader = self._settings.reader_id
        params: dict[str, Any] = {"payment_intent": pi_id}
        if self._settings.tip_on_reader:
            params["process_config"] = {"tipping": {"amount_eligible": request.amount_minor}}
        else:
            params["process_config"] = {"skip_tipping": True}
        try:
            self._gw.post(
                request.payment_id,
                "process_payment_intent",
                f"/v1/terminal/readers/{reader}/process_payment_intent",
                params,
                buffer=answers,
            )
        except GatewayError as exc:
            if exc.outcome is Outcome.REJECTED:
                # The reader never took it (offline, busy, bad state): fence and report.
                return self._fence(
                    request, pi_id, prompt, exc.failure, message=_failure_text(exc), answers=answers
                )
            log.warning("process_payment_intent outcome unknown (%s); polling the PaymentIntent", exc.code)
        prompt.show(PromptKind.TAP_INSERT_SWIPE, PROMPT_TEXT[PromptKind.TAP_INSERT_SWIPE])
        return self._poll(request, pi_id, prompt, answers)

    def _poll(
        self, request: PaymentRequest, pi_id: str, prompt: Prompt, answers: AnswerBuffer
    ) -> PaymentResult:
        s = self._settings
        deadline = self._clock.monotonic() + s.payment_timeout_s
        cancel_deadline: float | None = None
        offline_since: float | None = None
        shown = PromptKind.TAP_INSERT_SWIPE
        while True:
            if self._cancel.is_set() and cancel_deadline is None:
                cancel_deadline = self._clock.monotonic() + s.cancel_grace_s
                if self._cancel_action(request.payment_id, answers):
                    # The reader let go before a card was read; the fence makes it final.
                    return self._fence(request, pi_id, prompt, None, user_cancel=True, answers=answers)
                # Refused: a card is already being read. Keep polling; the PaymentIntent decides.
            state = self._read(pi_id)
            if state.reader_offline:
                offline_since = self._clock.monotonic() if offline_since is None else offline_since
                state.reader_offline = self._clock.monotonic() - offline_since >= s.offline_grace_s
            else:
                offline_since = None
            done = self._verdict(
                request, pi_id, state, prompt, user_cancel=cancel_deadline is not None, answers=answers
            )
            if done is not None:
                return done
            if (
                state.pi is not None
                and state.pi.get("status") == "processing"
                and shown is not PromptKind.PROCESSING
            ):
                shown = PromptKind.PROCESSING
                prompt.show(shown, PROMPT_TEXT[shown])
            now = self._clock.monotonic()
            if now >= deadline:
                log.warning("card payment %s timed out; fencing the PaymentIntent", request.payment_id)
                return self._fence(
                    request, pi_id, prompt, FailureKind.READER_TIMEOUT, clear_reader=True, answers=answers
                )
            if cancel_deadline is not None and now >= cancel_deadline:
                return self._fence(
                    request, pi_id, prompt, None, user_cancel=True, clear_reader=True, answers=answers
                )
            self._clock.sleep(s.poll_interval_s)

    def _read(self, pi_id: str) -> _Poll:
        state = _Poll()
        try:
            # The charge comes with the PaymentIntent: brand and last 4 without another round trip.
            state.pi = self._gw.retrieve_payment_intent(pi_id, expand=("latest_charge",))
        except GatewayError as exc:
            log.warning("reading PaymentIntent failed (%s); will retry", exc.code or exc.outcome.value)
        if state.pi is not None and is_settled(state.pi):
            return state  # the PaymentIntent decides, whatever the reader says: no need to ask it
        try:
            reader = self._gw.retrieve_reader(self._settings.reader_id)
        except GatewayError:
            return state
        state.reader_offline = reader.get("status") == "offline"
        action = reader.get("action")
        if isinstance(action, Mapping) and action.get("type") == "process_payment_intent":
            ppi = action.get("process_payment_intent") or {}
            target = ppi.get("payment_intent")
            target_id = target.get("id") if isinstance(target, Mapping) else target
            if target_id in (None, pi_id):
                state.action = dict(action)
        return state

    def _verdict(
        self,
        request: PaymentRequest,
        pi_id: str,
        state: _Poll,
        prompt: Prompt,
        *,
        user_cancel: bool,
        answers: AnswerBuffer,
    ) -> PaymentResult | None:
        pi = state.pi
        if pi is not None and is_settled(pi):
            return self._from_intent(request, pi, prompt)
        action = state.action
        if action is not None and action.get("status") == "failed":
            if pi is not None and pi.get("status") == "processing":
                return None
            return self._after_failed_action(
                request, pi_id, action, pi, prompt, user_cancel=user_cancel, answers=answers
            )
        if action is None and pi is not None and pi.get("last_payment_error"):
            # Reader unreadable, but the PaymentIntent already carries the decline.
            return self._after_failed_action(
                request, pi_id, {}, pi, prompt, user_cancel=user_cancel, answers=answers
            )
        if state.reader_offline:
            return self._fence(request, pi_id, prompt, FailureKind.READER_OFFLINE, answers=answers)
        return None

    def _after_failed_action(
        self,
        request: PaymentRequest,
        pi_id: str,
        action: Mapping[str, Any],
        pi: Mapping[str, Any] | None,
        prompt: Prompt,
        *,
        user_cancel: bool,
        answers: AnswerBuffer,
    ) -> PaymentResult:
        api_error = action.get("api_error") or (pi or {}).get("last_payment_error") or {}
        code = api_error.get("code") or action.get("failure_code")
        decline = api_error.get("decline_code")
        if (
            decline
            or code in {"card_declined", "expired_card", "incorrect_cvc", "processing_error"}
            or (api_error.get("type") == "card_error")
        ):
            return self._fence(
                request, pi_id, prompt, FailureKind.CARD_DECLINED, decline=(code, decline), answers=answers
            )
        failure = READER_CODES.get(str(code)) if code else None
        if user_cancel or code in _CUSTOMER_CANCEL_CODES or failure is None:
            return self._fence(request, pi_id, prompt, None, user_cancel=True, answers=answers)
        return self._fence(request, pi_id, prompt, failure, answers=answers)

    # -- fencing and results ------------------------------------------------------------------------

    def _fence(
        self,
        request: PaymentRequest,
        pi_id: str,
        prompt: Prompt,
        failure: FailureKind | None,
        *,
        user_cancel: bool = False,
        decline: tuple[str | None, str | None] | None = None,
        message: str | None = None,
        clear_reader: bool = False,
        answers: AnswerBuffer | None = None,
    ) -> PaymentResult:
        """Make the outcome final: the PaymentIntent is either paid, or canceled by us now."""
        if decline is None:
            prompt.show(PromptKind.CHECKING, PROMPT_TEXT[PromptKind.CHECKING])
        if clear_reader:
            self._cancel_action(request.payment_id, answers)
        pi = cancel_payment_intent(self._gw, request.payment_id, pi_id, answers)
        if pi is None:
            return _result(
                request,
                ResultStatus.UNKNOWN,
                pi_id=pi_id,
                failure=failure or FailureKind.API_UNREACHABLE,
                message=QT_TRANSLATE_NOOP(
                    "CardPayment",
                    "Could not confirm the payment with Stripe — do not retry; it will be checked again",
                ),
            )
        if is_paid(pi):
            return self._from_intent(request, pi, prompt)
        if decline is not None:
            reason = decline_reason(decline[1], decline[0])
            return _result(
                request,
                ResultStatus.DECLINED,
                pi_id=pi_id,
                decline_code=decline[1] or decline[0],
                decline_text=reason.text,
                failure=FailureKind.CARD_DECLINED,
            )
        if user_cancel or failure is None:
            return _result(request, ResultStatus.CANCELED, pi_id=pi_id)
        text = message or FAILURE_TEXT[failure]
        return _result(request, ResultStatus.FAILED, pi_id=pi_id, failure=failure, message=text)

    def _from_intent(self, request: PaymentRequest, pi: Mapping[str, Any], prompt: Prompt) -> PaymentResult:
        if is_paid(pi):
            facts = charge_card_facts(self._gw, pi)
            tip = tip_from_intent(pi, request.amount_minor, request.tip_minor)
            return result_from_intent(request, pi, tip, facts)
        return _result(request, ResultStatus.CANCELED, pi_id=str(pi["id"]))

    def _cancel_action(self, payment_id: str, answers: AnswerBuffer | None = None) -> bool:
        reader = self._settings.reader_id
        try:
            path = f"/v1/terminal/readers/{reader}/cancel_action"
            self._gw.post(payment_id, "cancel_action", path, {}, buffer=answers)
        except GatewayError as exc:
            log.info("cancel_action refused (%s); the PaymentIntent decides", exc.code or exc.outcome.value)
            return False
        return True

    # -- resolve (start-up reconciliation of a card-present payment) --------------------------------

    def resolve(
        self, payment: PaymentRecord, requests: Sequence[StoredRequest], prompt: Prompt
    ) -> PaymentResult:
        """Settle a SENDING/UNKNOWN payment: find its PaymentIntent (by id, replay, or metadata search)."""
        rec = payment
        request = request_from_record(rec)
        creates = [r for r in requests if r.purpose == PI_PURPOSE]
        pi_id = rec.payment_intent_id or next((r.answered_id for r in creates if r.answered_id), None)
        if pi_id is None:
            created = self._replay_create(rec, request, creates, prompt)
            if isinstance(created, PaymentResult):
                return created
            pi_id = created
        return self._fence(request, pi_id, prompt, None, user_cancel=True, clear_reader=False)

    def _replay_create(
        self, rec: PaymentRecord, request: PaymentRequest, requests: Sequence[StoredRequest], prompt: Prompt
    ) -> str | PaymentResult:
        prompt.show(PromptKind.CHECKING, PROMPT_TEXT[PromptKind.CHECKING])
        try:
            found = self._gw.find_payment_intents(rec.id)
        except GatewayError as exc:
            return _result(request, ResultStatus.UNKNOWN, failure=exc.failure, message=_failure_text(exc))
        if found:
            return str(found[0]["id"])
        if not requests:
            return _result(
                request,
                ResultStatus.CANCELED,
                message=QT_TRANSLATE_NOOP("CardPayment", "No PaymentIntent was ever asked for"),
            )
        if self._clock.now() - requests[0].created > REPLAY_WINDOW:
            # Search can lag: only Stripe's list of what was created then proves there is none.
            check = ChargeCheckService(self._gw, self._clock).prove(
                rec.id, [KeyToCheck(r, None) for r in requests]
            )
            if check.verdict is Verdict.CHARGED and check.intent is not None:
                return str(check.intent["id"])
            status = ResultStatus.CANCELED if check.verdict is Verdict.NOT_CHARGED else ResultStatus.UNKNOWN
            return _result(request, status, message=check.summary)
        # Not searchable (yet): replaying the SAME key either returns the saved PaymentIntent or creates
        # it once; then it is fenced by the caller.
        try:
            return str(self._gw.send_stored(requests[0])["id"])
        except GatewayError as exc:
            status = ResultStatus.CANCELED if is_refusal(exc) else ResultStatus.UNKNOWN
            return _result(request, status, failure=exc.failure, message=_failure_text(exc))


def request_from_record(rec: PaymentRecord) -> PaymentRequest:
    return PaymentRequest(
        payment_id=rec.id,
        order_id=rec.order_id,
        amount_minor=rec.amount_minor,
        currency=rec.currency,
        tip_minor=rec.tip_minor,
        kind=rec.kind,
    )


def _failure_text(exc: GatewayError) -> str:
    if exc.failure is not None:
        return FAILURE_TEXT[exc.failure]
    return QT_TRANSLATE_NOOP("CardPayment", "Stripe refused the payment: {reason}").format(reason=exc)


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
    return PaymentResult(
        status=status,
        payment_id=request.payment_id,
        amount_minor=request.amount_minor,
        tip_minor=request.tip_minor,
        payment_intent_id=pi_id,
        decline_code=decline_code,
        decline_text=decline_text,
        message=message,
        failure=failure,
    )
