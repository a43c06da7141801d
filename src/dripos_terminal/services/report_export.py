"""Exports of the close-out: CSV of a report or a batch, the Z report as receipt lines, and the one way
they reach the disk.

`write_export` writes atomically with owner-only permissions (the store's `atomic_write`: a 0600 temp
file in the same folder, fsync, `os.replace`, fsync of the folder) and refuses bytes in which the
redaction rules see a card number — an export can never carry one (the batch lists brand and last 4).
The PDF of a report or batch is drawn by the UI (`ui/report_pdf.py`) and written the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from dripos_terminal.domain.money import Money
from dripos_terminal.domain.report import TENDER_LABELS, TENDER_NAMES, DayReport
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.redaction import redact
from dripos_terminal.services.offline_batch import BatchEntry, masked
from dripos_terminal.store.batches_repo import BatchItem, ClosedBatch
from dripos_terminal.store.keys import atomic_write

WIDTH = 42  # receipt characters (services.receipt)


class ExportRefused(RuntimeError):
    """The export would have written something it must not (a card number); nothing was written."""


def write_export(path: Path, data: bytes, *, texts: Sequence[str] | None = None) -> Path:
    """Atomically write `data` to `path` (0600); refused if a line of it looks like a card number.
    `texts` are what a binary format (a PDF) shows, checked in place of its compressed bytes."""
    shown = data.decode("utf-8", errors="replace").splitlines() if texts is None else list(texts)
    if any(redact(line) != line for line in shown):
        raise ExportRefused(
            QT_TRANSLATE_NOOP("Export", "The export looked like it held a card number; nothing was written.")
        )
    target = path.expanduser()
    if not target.parent.is_dir():
        raise ExportRefused(f"There is no folder {target.parent} to write the export in.")
    atomic_write(target, data)
    return target


def money(amount: int | None, currency: str) -> str:
    return "" if amount is None else Money(amount, currency).format()


def _csv(rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


# -- reports -----------------------------------------------------------------------------------------


def report_rows(report: DayReport) -> list[tuple[str, str, object]]:
    """(section, name, value) rows; amounts in minor units, as in the JSON."""
    title = "Z report" if report.number is not None else "X report"
    rows: list[tuple[str, str, object]] = [
        ("report", "kind", title),
        ("report", "business_day", report.business_day),
        ("report", "till", report.till_id),
        ("report", "currency", report.currency.upper()),
        ("report", "generated_at", report.generated_at),
    ]
    if report.number is not None:
        rows += [("report", "number", report.number), ("report", "taken_by", report.taken_by)]
    rows += [
        ("sales", "orders", report.orders),
        ("sales", "gross_sales", report.gross_sales),
        ("sales", "discounts", report.discounts),
        ("sales", "tax", report.tax),
        ("sales", "tips", report.tips),
        ("sales", "refunds", report.refunds),
        ("sales", "refund_count", report.refund_count),
        ("sales", "balance_due", report.balance_due),
        ("sales", "voids_count", report.voids_count),
        ("sales", "voids_amount", report.voids_amount),
    ]
    rows += [("tenders", name, report.tenders.get(name, 0)) for name in TENDER_NAMES]
    rows += [("tax_by_class", f"{t.tax_class} ({t.rate_bp / 100:.2f}%)", t.tax) for t in report.taxes]
    rows += [
        ("cash", "expected", report.cash.expected),
        ("cash", "counted", "" if report.cash.counted is None else report.cash.counted),
        ("cash", "variance", "" if report.cash.variance is None else report.cash.variance),
        ("offline", "outstanding_count", report.offline.outstanding_count),
        ("offline", "outstanding_amount", report.offline.outstanding_amount),
        ("offline", "declined_count", report.offline.declined_count),
    ]
    rows += [("sales_by_hour", f"{h.hour:02d}:00", h.amount) for h in report.hours]
    rows += [("top_items", f"{i.name} x{i.quantity}", i.net) for i in report.top_items]
    rows += [
        (
            "declined_after_forwarding",
            f"{d.order} {d.resolution}{' / ' + d.decision if d.decision else ''}",
            d.amount,
        )
        for d in report.declined
    ]
    rows += [("carried_over", p, "") for p in report.carried_over]
    return rows


def report_csv(report: DayReport) -> bytes:
    return _csv([("section", "name", "value"), *report_rows(report)])


def z_receipt_lines(report: DayReport, *, shop_name: str = "") -> list[str]:
    """The Z (or X) report for the receipt printer: 42 columns, amounts formatted."""
    cur = report.currency

    def row(left: str, amount: int | None) -> str:
        right = money(amount, cur) if amount is not None else "not counted"
        return f"{left}{' ' * max(1, WIDTH - len(left) - len(right))}{right}"

    title = f"Z REPORT #{report.number}" if report.number is not None else "X REPORT (not a close)"
    out = [shop_name.center(WIDTH).rstrip()] if shop_name else []
    out += [title.center(WIDTH).rstrip(), f"Business day {report.business_day}  {report.till_id}"]
    if report.taken_by:
        out.append(f"Taken by {report.taken_by}")
    out += ["-" * WIDTH, f"Orders{str(report.orders).rjust(WIDTH - 6)}"]
    out += [
        row("Gross sales", report.gross_sales),
        row("Discounts", -report.discounts),
        row("Tax", report.tax),
        row("Tips", report.tips),
        row("Refunds", -report.refunds),
        row("Balance due", report.balance_due),
        "-" * WIDTH,
    ]
    out += [row(TENDER_LABELS[name], report.tenders.get(name, 0)) for name in TENDER_NAMES]
    out += ["-" * WIDTH]
    out += [row(f"Tax {t.tax_class} {t.rate_bp // 100}.{t.rate_bp % 100:02d}%", t.tax) for t in report.taxes]
    out += [
        row(f"Voids ({report.voids_count})", report.voids_amount),
        row(f"Refunds ({report.refund_count})", report.refunds),
        row("Cash expected", report.cash.expected),
        row("Cash counted", report.cash.counted),
    ]
    if report.cash.variance is not None:
        out.append(row("Variance", report.cash.variance))
    if report.declined:
        out += ["-" * WIDTH, "Declined after forwarding:"]
        out += [row(f"{d.order} {d.resolution}", d.amount) for d in report.declined]
    if report.offline.outstanding_count:
        out.append(
            row(
                f"Offline outstanding ({report.offline.outstanding_count})", report.offline.outstanding_amount
            )
        )
    if report.carried_over:
        out.append(f"Carried over: {len(report.carried_over)} payment(s)")
    out += ["-" * WIDTH, "Sales by hour:"]
    peak = max((h.amount for h in report.hours), default=0)
    for h in report.hours:
        bar = "#" * (0 if not peak else max(1, round(16 * h.amount / peak)))
        out.append(f"{h.hour:02d} {bar:<16} {money(h.amount, cur).rjust(WIDTH - 20)}")
    if report.top_items:
        out += ["-" * WIDTH, "Top items:"]
        out += [row(f"{i.quantity} x {i.name}"[:30], i.net) for i in report.top_items[:5]]
    return out


# -- batches -----------------------------------------------------------------------------------------

BATCH_HEADER = (
    "batch",
    "order",
    "card",
    "amount_minor",
    "tip_minor",
    "charge_minor",
    "currency",
    "status",
    "outcome",
    "stored_at",
)


def open_batch_csv(entries: Sequence[BatchEntry]) -> bytes:
    rows: list[Sequence[object]] = [(*BATCH_HEADER, "taken_by", "decision")]
    rows += [
        (
            "open",
            e.order,
            e.card,
            e.amount,
            e.tip,
            e.charge,
            e.currency.upper(),
            e.status.value,
            e.outcome,
            e.stored_at.isoformat(),
            e.taken_by,
            e.decision,
        )
        for e in entries
    ]
    return _csv(rows)


def closed_batch_csv(batch: ClosedBatch, items: Sequence[BatchItem], numbers: dict[str, str]) -> bytes:
    rows: list[Sequence[object]] = [(*BATCH_HEADER, "payment_intent")]
    rows += [
        (
            batch.number,
            numbers.get(i.order_id, i.order_id),
            masked(i.brand, i.last4),
            i.amount_minor,
            i.tip_minor,
            i.charge_minor,
            i.currency.upper(),
            i.status.value,
            i.outcome_code or "",
            i.stored_at,
            i.payment_intent_id or "",
        )
        for i in items
    ]
    rows.append(
        (
            batch.number,
            "TOTAL",
            f"{batch.payments} payments",
            "",
            "",
            batch.total_minor,
            batch.currency.upper(),
            f"approved {batch.approved_count} / declined {batch.declined_count} / "
            f"voided {batch.canceled_count}",
            "",
            batch.closed_at,
            "",
        )
    )
    return _csv(rows)


def stamp(moment: datetime) -> str:
    """A file-name-safe local timestamp (`20260331-1747`)."""
    return moment.astimezone().strftime("%Y%m%d-%H%M")
