"""A card tender and its order commit together, and a crash between them is finished at start-up.

Real parts: the stripe SDK over HTTP to the embedded simulator, a real SQLCipher store holding both the
payments and the orders. The order book follows every payment inside the payment's own transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.domain.staff import Role, StaffMember, hash_pin
from dripos_terminal.domain.tender import TenderKind
from dripos_terminal.payments.ports import ResultStatus
from dripos_terminal.services.checkout import SaleCheckout
from dripos_terminal.services.recovery import recover_at_start_up
from dripos_terminal.services.sales import AUDIT_INTERRUPTED, SaleSession
from tests.integration.payments.payments_harness import Env, build_env
from tests.support.money import assert_orders_match_payments, assert_stripe_matches_till

BARISTA = StaffMember("bar-1", "Ben", Role.BARISTA, hash_pin("1111", salt=b"0" * 16))
# Stands in for a disk that fills up exactly when the order is written (inside the outcome's transaction).
FULL_DISK = (
    "CREATE TEMP TRIGGER orders_full BEFORE UPDATE ON orders "
    "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
)


@pytest.fixture
def till(make_env: Callable[..., Env]) -> Iterator[Env]:
    env = make_env(orders=True)
    yield env
    assert_orders_match_payments(env.db)


def _sale(env: Env, item: str = "latte") -> SaleSession:
    assert env.sales is not None
    sale = env.sales.start_order(BARISTA)
    sale.add_item(item, {"size": ["medium"], "milk": ["whole"]} if item == "latte" else {})
    return sale


def _order(env: Env, order_id: str) -> dict[str, Any]:
    """The order as stored (plain SQL, not through the code under test)."""
    row = env.db.call(
        lambda c: c.execute("SELECT status, doc FROM orders WHERE id = ?", (order_id,)).fetchone()
    )
    assert row is not None, f"order {order_id} was never saved"
    return {"status": row["status"], **json.loads(row["doc"])}


def test_an_approval_commits_the_tender_and_the_paid_order_together(till: Env) -> None:
    sale = _sale(till)
    assert till.sales is not None
    flow = SaleCheckout(sale, till.sales, cards=till.checkout)
    due = sale.order.balance_due.amount
    request = flow.start_card(PaymentKind.CARD_PRESENT, due, 65)
    fut = till.pool.submit(flow.run_card, request, till.prompt)
    till.present()
    outcome = fut.result(30)
    result = outcome.result
    assert result.status is ResultStatus.APPROVED and outcome.paid
    order = _order(till, sale.order.order_id)
    assert order["status"] == "paid" and order["state"] == OrderState.PAID.value
    [tender] = order["tenders"]
    assert tender["kind"] == TenderKind.CARD_PRESENT.value and tender["reference"] == result.payment_intent_id
    assert (tender["amount"]["amount"], tender["tip"]["amount"]) == (due, 65)
    assert till.store.get(result.payment_id).status is PaymentStatus.SUCCEEDED
    [charge] = till.sim.ledger.charges()
    assert charge["amount"] == due + 65 and charge["metadata"]["order_id"] == sale.order.order_id
    assert sale.committed and sale.order.state is OrderState.PAID  # the sale adopted the committed order
    assert flow.complete().status == "paid"  # nothing left to commit


def test_an_order_that_cannot_be_written_leaves_the_approval_unrecorded(till: Env) -> None:
    sale = _sale(till, "espresso")
    due = sale.order.balance_due.amount
    request = till.checkout.start(sale.order.order_id, due, "usd", sale=sale)
    assert _order(till, sale.order.order_id)["state"] == "open"  # saved before any money moves
    till.db.call(lambda c: c.execute(FULL_DISK))
    fut = till.pool.submit(till.checkout.run, request, till.prompt)
    till.present()
    with pytest.raises(Exception, match="disk is full"):
        fut.result(30)
    # Stripe took the money; the till recorded neither the outcome nor the tender: nothing half-done.
    assert len(till.sim.ledger.charges()) == 1
    assert till.store.get(request.payment_id).status is PaymentStatus.SENDING
    assert _order(till, sale.order.order_id)["tenders"] == []
    assert_stripe_matches_till(till.sim.ledger, till.db, settled=False)
    till.db.call(lambda c: c.execute("DROP TRIGGER orders_full"))
    settled = till.checkout.resolve(request.payment_id)  # "Check again": the same PaymentIntent
    assert settled.status is ResultStatus.APPROVED
    order = _order(till, sale.order.order_id)
    assert order["status"] == "paid" and [t["reference"] for t in order["tenders"]] == [
        settled.payment_intent_id
    ]
    assert len(till.sim.ledger.charges()) == 1
    assert_stripe_matches_till(till.sim.ledger, till.db)


def test_a_crash_between_approval_and_order_is_finished_at_start_up(till: Env) -> None:
    sale = _sale(till)
    due = sale.order.balance_due.amount
    request = till.checkout.start(sale.order.order_id, due, "usd", tip_minor=40, sale=sale)
    till.store.transition(request.payment_id, PaymentStatus.SENDING)
    fut = till.pool.submit(till.terminal.pay, request, till.prompt)  # the adapter alone: nothing recorded
    till.present()
    assert fut.result(30).status is ResultStatus.APPROVED
    # ...the till died here: Stripe charged the card, the payment is SENDING, the order has no tender.
    assert till.store.get(request.payment_id).status is PaymentStatus.SENDING
    assert _order(till, sale.order.order_id)["tenders"] == []
    restarted = build_env(till.sim, till.db, till.db_path, till.reader_id, orders=True)
    try:
        (settled,) = restarted.checkout.reconcile_unknown()
    finally:
        restarted.pool.shutdown()
    assert settled.status is ResultStatus.APPROVED and settled.payment_id == request.payment_id
    order = _order(till, sale.order.order_id)
    assert order["status"] == "paid"
    [tender] = order["tenders"]
    assert (tender["amount"]["amount"], tender["tip"]["amount"]) == (due, 40)
    assert restarted.checkout.reconcile_unknown() == []
    assert len(till.sim.ledger.charges()) == 1  # nothing charged twice
    assert_stripe_matches_till(till.sim.ledger, till.db)


def _restart(env: Env) -> Env:
    """A new process on the same database, recovering as the till does before it sells."""
    restarted = build_env(env.sim, env.db, env.db_path, env.reader_id, orders=True)
    assert restarted.sales is not None
    recover_at_start_up(restarted.checkout, restarted.sales, restarted.store)
    restarted.pool.shutdown()
    return restarted


def test_a_sale_left_part_paid_owes_the_rest_after_a_restart(till: Env) -> None:
    sale = _sale(till)
    assert till.sales is not None
    total = sale.order.totals.total.amount
    flow = SaleCheckout(sale, till.sales, cards=till.checkout)
    request = flow.start_card(PaymentKind.CARD_PRESENT, 300, 0)  # a split: the card pays part
    fut = till.pool.submit(flow.run_card, request, till.prompt)
    till.present()
    outcome = fut.result(30)
    assert outcome.result.status is ResultStatus.APPROVED and not outcome.paid
    # ...the till stops before the rest is taken: nothing in memory survives.
    restarted = _restart(till)
    order = _order(till, sale.order.order_id)
    assert order["status"] == OrderState.BALANCE_DUE.value  # shown to a manager in Orders
    assert [t["amount"]["amount"] for t in order["tenders"]] == [300]
    assert restarted.sales is not None
    [view] = [v for v in restarted.sales.history() if v.order_id == sale.order.order_id]
    assert view.balance_due == total - 300 and view.status_text == "balance due — sale not finished"
    entries = till.db.call(
        lambda c: c.execute(
            "SELECT action FROM audit_log WHERE subject = ?", (sale.order.order_id,)
        ).fetchall()
    )
    assert AUDIT_INTERRUPTED in {r[0] for r in entries}
    assert len(till.sim.ledger.charges()) == 1 and till.sim.ledger.charges()[0]["amount"] == 300


def test_a_card_attempt_that_took_nothing_is_not_left_open_after_a_restart(till: Env) -> None:
    sale = _sale(till, "espresso")
    due = sale.order.balance_due.amount
    fut = till.pool.submit(till.checkout.pay, sale.order.order_id, due, "usd", till.prompt, sale=sale)
    till.present("4000000000000002")
    assert fut.result(30).status is ResultStatus.DECLINED
    restarted = _restart(till)
    order = _order(till, sale.order.order_id)
    assert order["status"] == OrderState.VOIDED.value and order["tenders"] == []
    assert restarted.sales is not None
    assert all(v.order_id != sale.order.order_id for v in restarted.sales.history())  # not a sale
    assert till.sim.ledger.charges() == []
