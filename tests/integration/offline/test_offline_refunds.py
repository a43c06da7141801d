"""Voids and refunds of offline card tenders, through `OfflineRefundProcessor` and `Outbox.cancel_pending`.

Real parts: SQLCipher store, the forwarder and the stripe SDK over HTTP to the embedded simulator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from dripos_terminal.clock import FakeClock
from dripos_terminal.domain.money import Money
from dripos_terminal.domain.payment import PaymentStatus
from dripos_terminal.payments.stripe_gateway import RetryPolicy, StripeGateway
from dripos_terminal.services.refunds import (
    AUDIT_NOT_CHARGED,
    STILL_SENDING_TEXT,
    OfflineRefundProcessor,
    Refunds,
)
from dripos_terminal.services.sales import SaleError
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.outbox import AUDIT_VOIDED, VOIDED_CODE, VOIDED_TEXT
from dripos_terminal.store.payment_records import PaymentNotFoundError
from dripos_terminal.store.payments import AuditNote
from tests.integration.offline.offline_harness import DECLINE_PAN, Till, open_till

REFUNDS = "/v1/refunds"


@pytest.fixture
def till(sim: StripeSimulator, db_path: Path, db_key: bytes) -> Iterator[Till]:
    t = open_till(db_path, db_key, sim, FakeClock())
    try:
        yield t
    finally:
        t.close()


@pytest.fixture
def processor(till: Till, sim: StripeSimulator) -> OfflineRefundProcessor:
    gateway = StripeGateway.connect(
        sim.api_key,
        sim.base_url,
        till.payments,
        till.clock,
        retry=RetryPolicy(attempts=3, base_s=0.01, cap_s=0.02),
    )
    refunds = Refunds(till.payments, gateway, till.clock, till.audit)
    return OfflineRefundProcessor(till.payments, till.audit, refunds)


def _give_back(
    processor: OfflineRefundProcessor, till: Till, pid: str, refund_id: str, amount: int | None = None
) -> str | None:
    item = till.outbox.get(pid)
    order = SimpleNamespace(order_id=item.order_id, refunds=[])
    tender = SimpleNamespace(reference=pid)
    money = Money(item.charge_minor if amount is None else amount, "usd")
    return processor.refund(order, tender, money, refund_id=refund_id, reason="void")


def _audit(till: Till, action: str, subject: str) -> list[Any]:
    return list(
        till.db.call(
            lambda c: c.execute(
                "SELECT actor_id, details FROM audit_log WHERE action = ? AND subject = ?", (action, subject)
            ).fetchall()
        )
    )


def _refund_posts(sim: StripeSimulator) -> int:
    return sum(1 for r in sim.ledger.request_log() if r.method == "POST" and r.path == REFUNDS)


def test_void_of_a_pending_payment_is_never_forwarded(
    till: Till, processor: OfflineRefundProcessor, sim: StripeSimulator
) -> None:
    pid = till.sell(450, tip=50)
    kept = till.sell(300)
    assert _give_back(processor, till, pid, "void-o-t") == f"canceled:{pid}"
    item = till.outbox.get(pid)
    assert item.status is PaymentStatus.CANCELED and item.outcome_code == VOIDED_CODE
    assert not item.has_card
    row = till.db.call(
        lambda c: c.execute("SELECT pan, postal_code FROM payments WHERE id=?", (pid,)).fetchone()
    )
    assert row["pan"] is None and row["postal_code"] is None
    [(_actor, details)] = _audit(till, AUDIT_VOIDED, pid)
    assert json.loads(details) == {
        "from": "pending",
        "reason": "void",
        "order_id": item.order_id,
        "refund_id": "void-o-t",
    }
    # A repeat (SalesService calls before it records) is the same void, not an error.
    assert _give_back(processor, till, pid, "void-o-t") == f"canceled:{pid}"
    assert len(_audit(till, AUDIT_VOIDED, pid)) == 1

    report = till.forwarder.forward_all()
    assert report.succeeded == 1
    charged = {c["metadata"].get("payment_id") for c in sim.ledger.charges()}
    assert charged == {kept}
    assert not [p for p in sim.ledger.payment_intents() if p["metadata"].get("payment_id") == pid]
    assert till.status(pid) is PaymentStatus.CANCELED and _refund_posts(sim) == 0


def test_pending_is_only_given_back_in_full(till: Till, processor: OfflineRefundProcessor) -> None:
    pid = till.sell(450)
    with pytest.raises(SaleError, match="in full"):
        _give_back(processor, till, pid, "r-1", amount=200)
    assert till.status(pid) is PaymentStatus.PENDING and till.outbox.get(pid).has_card


def test_refund_after_forwarding_is_one_stripe_refund(
    till: Till, processor: OfflineRefundProcessor, sim: StripeSimulator
) -> None:
    pid = till.sell(450)
    assert till.forwarder.forward_all().succeeded == 1
    assert till.status(pid) is PaymentStatus.SUCCEEDED
    reference = _give_back(processor, till, pid, "r-1")
    again = _give_back(processor, till, pid, "r-1")
    [refund] = sim.ledger.refunds()
    assert reference == again == refund["id"] and refund["amount"] == 450
    assert refund["metadata"]["payment_id"] == pid
    assert _refund_posts(sim) == 1


def test_declined_offline_payment_is_given_back_without_stripe(
    till: Till, processor: OfflineRefundProcessor, sim: StripeSimulator
) -> None:
    pid = till.sell(700, number=DECLINE_PAN)
    assert till.forwarder.forward_all().declined == 1
    posts_before = len(sim.ledger.request_log())
    reference = _give_back(processor, till, pid, "r-1")
    assert reference == f"not_charged:declined:{pid}"
    assert len(sim.ledger.request_log()) == posts_before and sim.ledger.refunds() == []
    [(_actor, details)] = _audit(till, AUDIT_NOT_CHARGED, pid)
    assert json.loads(details)["status"] == "declined" and "never charged" in details


@pytest.mark.parametrize("status", [PaymentStatus.SENDING, PaymentStatus.UNKNOWN])
def test_sending_or_unknown_is_refused(
    till: Till, processor: OfflineRefundProcessor, sim: StripeSimulator, status: PaymentStatus
) -> None:
    pid = till.sell(450)
    till.payments.transition(pid, PaymentStatus.SENDING)
    if status is PaymentStatus.UNKNOWN:
        later = datetime(2030, 1, 1, tzinfo=till.clock.now().tzinfo)
        till.payments.transition(pid, PaymentStatus.UNKNOWN, retry_at=later)
    with pytest.raises(SaleError) as refused:
        _give_back(processor, till, pid, "void-o-t")
    assert str(refused.value) == STILL_SENDING_TEXT
    item = till.outbox.get(pid)
    assert item.status is status and item.has_card  # untouched: it may be charged already
    assert _audit(till, AUDIT_VOIDED, pid) == [] and sim.ledger.refunds() == []


def _void(till: Till, pid: str, actor: str | None = "mgr-1") -> bool:
    note = AuditNote(actor, AUDIT_VOIDED, {"reason": "void"})
    return till.payments.cancel_pending(
        pid, outcome_code=VOIDED_CODE, outcome_message=VOIDED_TEXT, audit=note
    )


def test_cancel_pending_refuses_everything_but_pending(till: Till) -> None:
    pid = till.sell(450)
    till.payments.transition(pid, PaymentStatus.SENDING)
    assert _void(till, pid) is False
    assert till.status(pid) is PaymentStatus.SENDING and till.outbox.get(pid).has_card
    other = till.sell(300)
    assert _void(till, other) is True
    assert _void(till, other) is False
    [(actor, _details)] = _audit(till, AUDIT_VOIDED, other)
    assert actor == "mgr-1"
    assert not till.outbox.get(other).has_card
    with pytest.raises(PaymentNotFoundError):
        _void(till, "pay_nope", None)


def test_a_row_voided_after_it_was_picked_is_skipped_quietly(
    till: Till, sim: StripeSimulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The forwarder picked the row, then a manager voided it: nothing is sent and nothing is logged
    as an error."""
    pid = till.sell(600)
    picked = till.outbox.get(pid)
    assert _void(till, pid, "alex")
    result = till.forwarder.forward_one(picked)
    assert result.code == "state_changed"
    assert sim.ledger.charges() == [] and till.status(pid) is PaymentStatus.CANCELED
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
