"""Money checks by value: what Stripe charged against what the till recorded (and what it was asked).

"Reached Stripe once, by id" is not enough: a forwarder that dropped the tip, charged the wrong
currency or charged a payment the till thinks failed would pass it. `assert_stripe_matches_till`
compares every charge in the simulator's ledger with the till's own `payments` rows, by amount, tip
and currency, in both directions.

The till's rows are read with plain SQL on the real store, not through the repositories under test,
so a repository bug cannot make both sides agree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from dripos_terminal.domain.order import Order
from dripos_terminal.sim.stripe.ledger import Ledger

_CARD_KINDS = ("card_present", "manual_card", "offline_card")
_UNRESOLVED = ("pending", "sending", "unknown", "parked")


class _Db(Protocol):
    def call(self, fn: Any) -> Any: ...


@dataclass(frozen=True)
class Sale:
    """One card payment: the sale amount, the tip on top, the currency (minor units)."""

    sale_minor: int
    tip_minor: int
    currency: str = "usd"

    @property
    def charge_minor(self) -> int:
        return self.sale_minor + self.tip_minor


@dataclass(frozen=True)
class TillPayment:
    payment_id: str
    order_id: str | None
    kind: str
    status: str
    sale: Sale
    payment_intent_id: str | None


def till_payments(*dbs: _Db) -> dict[str, TillPayment]:
    """Every card payment row the tills hold, keyed by payment id (ids are unique across tills)."""

    def read(conn: Any) -> list[Any]:
        marks = ", ".join("?" * len(_CARD_KINDS))
        return list(
            conn.execute(
                "SELECT id, order_id, kind, status, amount_minor, tip_minor, currency, payment_intent_id "
                "FROM payments "
                f"WHERE kind IN ({marks})",
                _CARD_KINDS,
            ).fetchall()
        )

    out: dict[str, TillPayment] = {}
    for db in dbs:
        for row in db.call(read):
            assert row[0] not in out, f"payment id {row[0]} on two tills"
            sale = Sale(int(row[4]), int(row[5] or 0), str(row[6]).lower())  # Stripe: lower case
            out[row[0]] = TillPayment(row[0], row[1], row[2], row[3], sale, row[7])
    return out


def assert_stripe_matches_till(
    ledger: Ledger,
    dbs: _Db | Sequence[_Db],
    *,
    sold: Mapping[str, Sale] | None = None,
    acknowledged: Iterable[str] = (),
    settled: bool = True,
) -> dict[str, TillPayment]:
    """The money check; returns the till's card payments for further checks.

    - every charge belongs to a payment the till recorded as succeeded (or, with `settled=False`, one
      still unresolved): nothing was charged that the till does not know or believes was not paid;
    - each such payment was charged exactly once, for its sale + tip, in its currency, on its order;
      where Stripe itself knows the tip (`amount_details.tip`, tipping on the reader), that is the
      recorded tip;
    - every payment the till recorded as succeeded was charged: none is missing at Stripe;
    - `acknowledged` (what the barista was told was taken) are all recorded and charged;
    - `sold` (what the test asked the till to take) equals what the till recorded, by value.
    """
    payments = till_payments(*(dbs if isinstance(dbs, Sequence) else [dbs]))
    charges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for charge in ledger.charges():
        charges[str(charge["metadata"].get("payment_id"))].append(charge)

    unknown = sorted(set(charges) - set(payments))
    assert unknown == [], f"charged at Stripe but not recorded by the till: {unknown}"
    allowed = ("succeeded",) if settled else ("succeeded", *_UNRESOLVED)
    not_paid = sorted(pid for pid in charges if payments[pid].status not in allowed)
    assert not_paid == [], (
        f"charged although the till records them as {[payments[p].status for p in not_paid]}"
    )
    doubled = {pid: len(found) for pid, found in charges.items() if len(found) > 1}
    assert doubled == {}, f"charged more than once: {doubled}"
    for pid, (charge,) in charges.items():
        recorded = payments[pid]
        got = (charge["amount"], charge["currency"], charge["metadata"].get("order_id"))
        want = (recorded.sale.charge_minor, recorded.sale.currency, recorded.order_id)
        assert got == want, f"{pid}: Stripe charged {got}, the till recorded {want}"
        if charge["amount_tip"]:
            assert charge["amount_tip"] == recorded.sale.tip_minor, f"{pid}: tip at Stripe ≠ recorded tip"

    missing = sorted(pid for pid, p in payments.items() if p.status == "succeeded" and pid not in charges)
    assert missing == [], f"recorded as paid but never charged: {missing}"
    lost = sorted(set(acknowledged) - set(charges))
    assert lost == [], f"acknowledged but not charged (lost): {lost}"
    for pid, sale in (sold or {}).items():
        assert pid in payments, f"{pid} was sold but the till has no record of it"
        assert payments[pid].sale == sale, f"{pid}: sold {sale}, the till recorded {payments[pid].sale}"
    return payments


def assert_orders_match_payments(db: _Db) -> None:
    """Orders and card payments agree, both ways, by value — orders follow their payments:

    - every card tender on an order is a card payment the till recorded, on that order, for the same
      amount, tip and currency, and that payment is paid (or, offline, still on its way);
    - every card payment that took money (or, offline, may still) is a tender on its order: no paid
      card without an order, however the till stopped;
    - every stored payment declined when forwarded is a declined tender on its order, off its tenders,
      and that order was left owing (it says "balance due" until a manager settles it).
    """

    def read(conn: Any) -> list[Any]:
        return list(conn.execute("SELECT id, status, doc FROM orders").fetchall())

    payments = till_payments(db)
    by_reference = {p.payment_id: p for p in payments.values()}
    by_reference.update({p.payment_intent_id: p for p in payments.values() if p.payment_intent_id})
    tendered: set[str] = set()
    declined_on_orders: set[str] = set()
    for order_id, status, doc in db.call(read):
        order = Order.from_dict(json.loads(doc))
        for tender in order.tenders:
            if not tender.kind.is_card:
                continue
            payment = by_reference.get(str(tender.reference))
            assert payment is not None, f"order {order_id} has a card tender with no payment"
            tendered.add(payment.payment_id)
            paid = ("succeeded", *_UNRESOLVED) if payment.kind == "offline_card" else ("succeeded",)
            assert payment.status in paid, f"order {order_id} ({status}) holds a {payment.status} payment"
            assert payment.order_id == order_id, f"payment {payment.payment_id} belongs to another order"
            tendered_sale = Sale(tender.amount.amount, tender.tip.amount, tender.amount.currency.lower())
            assert tendered_sale == payment.sale, (
                f"order {order_id}: tender {tendered_sale} ≠ payment {payment.sale}"
            )
        for declined in order.declined_tenders:
            payment = by_reference.get(str(declined.tender.reference))
            assert payment is not None and payment.status == "declined", f"order {order_id}: {declined}"
            gone = Sale(declined.tender.amount.amount, declined.tender.tip.amount, payment.sale.currency)
            assert gone == payment.sale, f"order {order_id}: declined tender {gone} ≠ payment {payment.sale}"
            declined_on_orders.add(payment.payment_id)
        if order.declined_tenders and not order.balance_due.is_zero:
            assert status in ("balance_due", "written_off", "open", "tendering"), (
                f"order {order_id} is {status}"
            )
    owed = {
        pid
        for pid, p in payments.items()
        if p.status == "succeeded" or (p.kind == "offline_card" and p.status in _UNRESOLVED)
    }
    untendered = sorted(owed - tendered)
    assert untendered == [], f"card payments that took (or may take) money are on no order: {untendered}"
    declined = {pid for pid, p in payments.items() if p.kind == "offline_card" and p.status == "declined"}
    unfollowed = sorted(declined - declined_on_orders)
    assert unfollowed == [], (
        f"stored payments declined but still counted as paid by their order: {unfollowed}"
    )
