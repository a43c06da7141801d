"""X and Z reports: the day's numbers, the identity they must keep, and their JSON form.

Money rule 10: every report satisfies

    Σ tenders + balance_due = gross_sales − discounts + tax + tips − refunds

Tender names: `card_present` (card on the reader), `manual_card` (keyed, sent at once),
`offline_forwarded` (stored offline, reached Stripe), `offline_outstanding` (stored, not final yet),
`cash`, and `written_off` (what a manager wrote off settles a sale too). Each is what was taken by
that tender on the day's sales, less what was given back. `balance_due` is what declined or
unfinished payments still owe. A voided sale is in neither side; it is counted under voids.

An X report is computed at any time and never stored; a Z report closes the business day: numbered,
one per business day per till, and never changed (its JSON is what was stored).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dripos_terminal.i18n import QT_TRANSLATE_NOOP

TENDER_NAMES = (
    "card_present",
    "manual_card",
    "offline_forwarded",
    "offline_outstanding",
    "cash",
    "written_off",
)
TENDER_LABELS = {
    "card_present": QT_TRANSLATE_NOOP("Report", "Card on reader"),
    "manual_card": QT_TRANSLATE_NOOP("Report", "Manual card entry"),
    "offline_forwarded": QT_TRANSLATE_NOOP("Report", "Offline, forwarded"),
    "offline_outstanding": QT_TRANSLATE_NOOP("Report", "Offline, outstanding"),
    "cash": QT_TRANSLATE_NOOP("Report", "Cash"),
    "written_off": QT_TRANSLATE_NOOP("Report", "Written off"),
}


class ReportKind(enum.Enum):
    X = "x"
    Z = "z"


@dataclass(frozen=True)
class HourSales:
    hour: int  # local hour 0-23
    orders: int
    amount: int  # Σ order totals sold in that hour


@dataclass(frozen=True)
class TopItem:
    item_id: str
    name: str
    quantity: int
    net: int


@dataclass(frozen=True)
class TaxByClass:
    tax_class: str
    rate_bp: int
    tax: int


@dataclass(frozen=True)
class DeclinedPayment:
    """A stored payment declined when forwarded, and how it was resolved."""

    payment_id: str
    order: str  # "#0042"
    amount: int  # sale + tip that never came
    reason: str
    resolution: str  # "balance due", "collected", "written off"
    owed: int  # what the order still owes
    decision: str = ""  # the manager's recorded decision, if any


@dataclass(frozen=True)
class DrawerLine:
    number: int
    state: str
    float_minor: int
    cash_sales: int
    cash_refunds: int
    paid_in: int
    paid_out: int
    expected: int
    counted: int | None
    variance: int | None


@dataclass(frozen=True)
class CashSummary:
    expected: int
    counted: int | None
    variance: int | None


@dataclass(frozen=True)
class OfflineSummary:
    outstanding_count: int
    outstanding_amount: int
    declined_count: int


@dataclass(frozen=True)
class DayReport:
    kind: ReportKind
    business_day: str  # YYYY-MM-DD
    till_id: str
    currency: str
    generated_at: str  # ISO-8601 UTC
    orders: int
    gross_sales: int
    discounts: int
    tax: int
    tips: int
    refunds: int
    balance_due: int
    tenders: Mapping[str, int]
    cash: CashSummary
    offline: OfflineSummary
    number: int | None = None  # Z only
    refund_count: int = 0
    voids_count: int = 0
    voids_amount: int = 0
    taxes: tuple[TaxByClass, ...] = ()
    hours: tuple[HourSales, ...] = ()
    top_items: tuple[TopItem, ...] = ()
    declined: tuple[DeclinedPayment, ...] = ()
    drawers: tuple[DrawerLine, ...] = ()
    carried_over: tuple[str, ...] = ()  # unresolved payments a manager carried over (Z)
    owed_earlier_count: int = 0  # orders of earlier days still owing (not part of this day's sums)
    owed_earlier_amount: int = 0
    taken_by: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def net_sales(self) -> int:
        return self.gross_sales - self.discounts

    @property
    def tendered(self) -> int:
        return sum(self.tenders.values())

    @property
    def expected_total(self) -> int:
        """The right-hand side of the identity."""
        return self.gross_sales - self.discounts + self.tax + self.tips - self.refunds

    @property
    def balances(self) -> bool:
        return self.tendered + self.balance_due == self.expected_total

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "business_day": self.business_day,
            "till": self.till_id,
            "currency": self.currency,
            "generated_at": self.generated_at,
        }
        if self.kind is ReportKind.Z:
            out["number"] = self.number
            out["taken_by"] = self.taken_by
        out.update(
            {
                "orders": self.orders,
                "gross_sales": self.gross_sales,
                "discounts": self.discounts,
                "tax": self.tax,
                "tips": self.tips,
                "refunds": self.refunds,
                "balance_due": self.balance_due,
                "tenders": {name: int(self.tenders.get(name, 0)) for name in TENDER_NAMES},
                "cash": {
                    "expected": self.cash.expected,
                    "counted": self.cash.counted,
                    "variance": self.cash.variance,
                },
                "offline": {
                    "outstanding_count": self.offline.outstanding_count,
                    "outstanding_amount": self.offline.outstanding_amount,
                    "declined_count": self.offline.declined_count,
                },
                "refund_count": self.refund_count,
                "voids": {"count": self.voids_count, "amount": self.voids_amount},
                "tax_by_class": [
                    {"tax_class": t.tax_class, "rate_bp": t.rate_bp, "tax": t.tax} for t in self.taxes
                ],
                "sales_by_hour": [
                    {"hour": h.hour, "orders": h.orders, "amount": h.amount} for h in self.hours
                ],
                "top_items": [
                    {"item_id": i.item_id, "name": i.name, "quantity": i.quantity, "net": i.net}
                    for i in self.top_items
                ],
                "declined_after_forwarding": [
                    {
                        "payment_id": d.payment_id,
                        "order": d.order,
                        "amount": d.amount,
                        "reason": d.reason,
                        "resolution": d.resolution,
                        "owed": d.owed,
                        "decision": d.decision,
                    }
                    for d in self.declined
                ],
                "drawer": [
                    {
                        "number": d.number,
                        "state": d.state,
                        "float": d.float_minor,
                        "cash_sales": d.cash_sales,
                        "cash_refunds": d.cash_refunds,
                        "paid_in": d.paid_in,
                        "paid_out": d.paid_out,
                        "expected": d.expected,
                        "counted": d.counted,
                        "variance": d.variance,
                    }
                    for d in self.drawers
                ],
                "carried_over": list(self.carried_over),
                "owed_from_earlier_days": {
                    "count": self.owed_earlier_count,
                    "amount": self.owed_earlier_amount,
                },
            }
        )
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DayReport:
        """A stored report (a Z as it was taken)."""
        cash, offline, voids = data["cash"], data["offline"], data.get("voids") or {}
        owed = data.get("owed_from_earlier_days") or {}
        return cls(
            kind=ReportKind(data["kind"]),
            business_day=str(data["business_day"]),
            till_id=str(data["till"]),
            currency=str(data["currency"]),
            generated_at=str(data["generated_at"]),
            number=data.get("number"),
            taken_by=str(data.get("taken_by") or ""),
            orders=int(data["orders"]),
            gross_sales=int(data["gross_sales"]),
            discounts=int(data["discounts"]),
            tax=int(data["tax"]),
            tips=int(data["tips"]),
            refunds=int(data["refunds"]),
            balance_due=int(data["balance_due"]),
            tenders={str(k): int(v) for k, v in data["tenders"].items()},
            cash=CashSummary(int(cash["expected"]), cash["counted"], cash["variance"]),
            offline=OfflineSummary(
                int(offline["outstanding_count"]),
                int(offline["outstanding_amount"]),
                int(offline["declined_count"]),
            ),
            refund_count=int(data.get("refund_count") or 0),
            voids_count=int(voids.get("count") or 0),
            voids_amount=int(voids.get("amount") or 0),
            taxes=tuple(
                TaxByClass(t["tax_class"], int(t["rate_bp"]), int(t["tax"])) for t in data["tax_by_class"]
            ),
            hours=tuple(
                HourSales(int(h["hour"]), int(h["orders"]), int(h["amount"])) for h in data["sales_by_hour"]
            ),
            top_items=tuple(
                TopItem(i["item_id"], i["name"], int(i["quantity"]), int(i["net"])) for i in data["top_items"]
            ),
            declined=tuple(
                DeclinedPayment(
                    d["payment_id"],
                    d["order"],
                    int(d["amount"]),
                    d["reason"],
                    d["resolution"],
                    int(d["owed"]),
                    d.get("decision") or "",
                )
                for d in data["declined_after_forwarding"]
            ),
            drawers=tuple(
                DrawerLine(
                    int(d["number"]),
                    d["state"],
                    int(d["float"]),
                    int(d["cash_sales"]),
                    int(d["cash_refunds"]),
                    int(d["paid_in"]),
                    int(d["paid_out"]),
                    int(d["expected"]),
                    d["counted"],
                    d["variance"],
                )
                for d in data["drawer"]
            ),
            carried_over=tuple(str(p) for p in data.get("carried_over") or ()),
            owed_earlier_count=int(owed.get("count") or 0),
            owed_earlier_amount=int(owed.get("amount") or 0),
        )
