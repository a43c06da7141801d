"""What a day's report must say, worked out independently of the report code.

`expected_day` reads the orders (their JSON documents, rebuilt as domain `Order`s) and the payments
rows with plain SQL on the real store — not the sale facts the reports add up — and computes the
report's figures by the definitions in `domain/report.py`. A test compares the report with it by
value; a bug in the facts or the SQL cannot make both sides agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from dripos_terminal.domain.order import Order
from dripos_terminal.domain.order_state import OrderState
from dripos_terminal.redaction import redact

UNRESOLVED = ("pending", "sending", "unknown", "parked")


class _Db(Protocol):
    def call(self, fn: Any) -> Any: ...


def _rows(db: _Db, sql: str) -> list[Any]:
    return list(db.call(lambda conn: conn.execute(sql).fetchall()))


def expected_day(db: _Db, day: str) -> dict[str, Any]:
    statuses = {str(r[0]): str(r[1]) for r in _rows(db, "SELECT id, status FROM payments")}
    out: dict[str, Any] = {
        "orders": 0,
        "gross_sales": 0,
        "discounts": 0,
        "tax": 0,
        "tips": 0,
        "refunds": 0,
        "balance_due": 0,
        "tenders": {
            n: 0
            for n in (
                "card_present",
                "manual_card",
                "offline_forwarded",
                "offline_outstanding",
                "cash",
                "written_off",
            )
        },
        "voids": {"count": 0, "amount": 0},
        "declined_count": 0,
        "cash_in": 0,  # cash tendered on the day's orders, voided ones too (the drawer took it)
        "cash_back": 0,  # cash given back: refunds and voids
    }
    for (doc,) in _rows(db, "SELECT doc FROM orders"):
        order = Order.from_dict(json.loads(doc))
        if order.business_date.isoformat() != day or not (order.tenders or order.declined_tenders):
            continue
        cash = [t for t in order.tenders if t.kind.value == "cash"]
        out["cash_in"] += sum(t.charged.amount for t in cash)
        out["cash_back"] += sum(
            r.amount.amount for r in order.refunds if any(t.tender_id == r.tender_id for t in cash)
        )
        if order.state is OrderState.VOIDED:
            out["voids"]["count"] += 1
            out["voids"]["amount"] += order.totals.total.amount
            out["cash_back"] += sum(t.charged.amount for t in cash)
            continue
        totals = order.totals
        out["orders"] += 1
        out["gross_sales"] += totals.subtotal.amount
        out["discounts"] += totals.discount_total.amount
        out["tax"] += totals.tax.amount
        out["tips"] += order.tip_total.amount
        out["refunds"] += order.refunded_total.amount
        out["balance_due"] += totals.total.amount - order.amount_paid.amount - order.written_off.amount
        out["declined_count"] += len(order.declined_tenders)
        out["tenders"]["written_off"] += order.written_off.amount
        for tender in order.tenders:
            name = tender.kind.value
            if name == "offline_card":
                status = statuses.get(str(tender.reference), "")
                name = "offline_outstanding" if status in UNRESOLVED else "offline_forwarded"
            back = sum(r.amount.amount for r in order.refunds if r.tender_id == tender.tender_id)
            out["tenders"][name] += tender.charged.amount - back
    return out


def assert_report_matches_store(report: dict[str, Any], db: _Db) -> dict[str, Any]:
    """The report's JSON equals what the orders and payments in the store say, and it balances."""
    want = expected_day(db, report["business_day"])
    for key in (
        "orders",
        "gross_sales",
        "discounts",
        "tax",
        "tips",
        "refunds",
        "balance_due",
        "tenders",
        "voids",
    ):
        assert report[key] == want[key], f"{key}: report {report[key]} != store {want[key]}"
    assert report["offline"]["declined_count"] == want["declined_count"]
    right = report["gross_sales"] - report["discounts"] + report["tax"] + report["tips"] - report["refunds"]
    assert sum(report["tenders"].values()) + report["balance_due"] == right, "the report does not balance"
    return want


def export_text(path: Path) -> list[str]:
    """The lines a reader sees in an export: a CSV's lines, or the text pypdf extracts from a PDF
    (its own streams are compressed, so the raw bytes say nothing about what it shows)."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        return [" ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()]
    return path.read_text(encoding="utf-8").splitlines()


def assert_no_card_number(path: Path, *numbers: str) -> list[str]:
    """No line of the export looks like a card number (the redaction rules' Luhn windows)."""
    lines = export_text(path)
    for line in lines:
        assert redact(line) == line, f"{path.name}: a card number? {line!r}"
        assert not any(n in line for n in numbers)
    return lines
