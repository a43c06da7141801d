"""`dripos-terminal batch|report|drawer …`: the manager's close-out on the command line, on the same
Qt-free services as the screens (`composition.core.build_closeout`).

- `batch list|show|forward|resolve|close|export`: the open offline batch (and closed ones by number).
- `report x|z [--day YYYY-MM-DD] [--json] [--export csv|pdf --out PATH] [--print]`: `report z` shows a
  day's Z, or takes it (closing the day) when the day has none yet.
- `drawer show|open|paid-in|paid-out|count|close`: counts are DENOMINATIONxPIECES (`2000x3` is three
  $20 notes; amounts in minor units).

Whatever changes money or closes something names a manager: their PIN is asked for on a terminal or
read as one line of standard input (never an argument); it is audited like a PIN at the till.
Exit codes: 0 done, 1 refused (the reason on stderr), 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dripos_terminal.cli_common import (
    EXIT_ENVIRONMENT,
    EXIT_OK,
    EXIT_REFUSED,
    CommandError,
    Opened,
    Progress,
    add_data_dir,
    add_demo,
    open_till,
    read_pin,
    run_command,
)

ACTIONS = ("contact-customer", "cash-collected", "write-off", "requeue", "new-key", "another-way")


def register(subparsers: Any) -> None:
    _register_batch(subparsers)
    _register_report(subparsers)
    _register_drawer(subparsers)


def _common(
    parser: argparse.ArgumentParser, func: Any, *, manager: bool = False, json_out: bool = True
) -> None:
    add_data_dir(parser)
    add_demo(parser)
    if json_out:
        parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    if manager:
        parser.add_argument(
            "--manager", help="the manager's name (their PIN is asked for, or read from stdin)"
        )
    parser.set_defaults(func=lambda args, f=func: run_command(lambda: f(args)))


def _register_batch(subparsers: Any) -> None:
    batch = subparsers.add_parser("batch", help="the offline batch: list, forward, resolve, close, export")
    sub = batch.add_subparsers(dest="batch_command", required=True)
    _common(sub.add_parser("list", help="the open batch's payments and the closed batches"), _batch_list)
    show = sub.add_parser("show", help="a closed batch by number (default: the open batch)")
    show.add_argument("number", nargs="?", type=int)
    _common(show, _batch_show)
    _common(
        sub.add_parser("forward", help="send the stored payments to Stripe now"), _batch_forward, manager=True
    )
    resolve = sub.add_parser("resolve", help="a manager's decision on a declined or parked payment")
    resolve.add_argument("payment", help="payment id, or the order number (#0042) in the open batch")
    resolve.add_argument("--action", required=True, choices=ACTIONS)
    resolve.add_argument("--note", default="")
    _common(resolve, _batch_resolve, manager=True)
    _common(
        sub.add_parser("close", help="close the open batch (numbered, never changed)"),
        _batch_close,
        manager=True,
    )
    export = sub.add_parser("export", help="a batch as CSV or PDF (default: the open batch)")
    export.add_argument("number", nargs="?", type=int)
    export.add_argument("--format", choices=("csv", "pdf"), required=True)
    export.add_argument("--out", required=True, type=Path)
    _common(export, _batch_export, json_out=False)


def _register_report(subparsers: Any) -> None:
    report = subparsers.add_parser("report", help="X report (any time) or Z report (closes the day)")
    sub = report.add_subparsers(dest="report_command", required=True)
    for kind in ("x", "z"):
        parser = sub.add_parser(
            kind, help="the X report" if kind == "x" else "show, or take, the day's Z report"
        )
        parser.add_argument("--day", type=date.fromisoformat, help="business day YYYY-MM-DD (default: today)")
        parser.add_argument("--export", choices=("csv", "pdf"))
        parser.add_argument("--out", type=Path)
        parser.add_argument("--print", action="store_true", help="print it on the receipt printer")
        if kind == "z":
            parser.add_argument(
                "--carry-over",
                action="store_true",
                help="take it although payments are unresolved: they are carried to the next day (audited)",
            )
        _common(parser, _report_x if kind == "x" else _report_z, manager=kind == "z")


def _register_drawer(subparsers: Any) -> None:
    drawer = subparsers.add_parser("drawer", help="cash drawer: open, paid in/out, count, close")
    sub = drawer.add_subparsers(dest="drawer_command", required=True)
    _common(sub.add_parser("show", help="the open session and what it should hold"), _drawer_show)
    opening = sub.add_parser("open", help="open with a counted float")
    opening.add_argument("counts", nargs="+", metavar="DENOMxPIECES")
    _common(opening, _drawer_open, manager=True)
    for name, func in (("paid-in", _drawer_paid_in), ("paid-out", _drawer_paid_out)):
        parser = sub.add_parser(name, help=f"cash {name.split('-')[1]} that is not a sale, with a reason")
        parser.add_argument("amount", type=int, help="minor units (cents)")
        parser.add_argument("--reason", required=True)
        _common(parser, func, manager=True)
    for name, func in (("count", _drawer_count), ("close", _drawer_close)):
        parser = sub.add_parser(
            name, help="count the drawer" + (" and close the session" if name == "close" else "")
        )
        parser.add_argument("counts", nargs="+", metavar="DENOMxPIECES")
        _common(parser, func, manager=True)


# -- the services ------------------------------------------------------------------------------------


@dataclass
class Session:
    till: Opened
    services: Any
    closeout: Any
    config: Any


@contextmanager
def _closeout(args: argparse.Namespace, *, forwarding: bool = False) -> Iterator[Session]:
    from dripos_terminal.composition.core import build_closeout, build_services

    with open_till(args) as till:
        config = till.config()
        services = build_services(till.db, config=config, clock=till.clock, catalog=till.menu.catalog())
        services.staff.all_members()  # names for the lists
        stop: list[Any] = []
        forwarder = _forwarder(till, services, config, stop) if forwarding else None
        try:
            yield Session(till, services, build_closeout(services, forwarder=forwarder), config)
        finally:
            for fn in stop:
                fn()


def _forwarder(till: Opened, services: Any, config: Any, stop: list[Any]) -> Any:
    from dripos_terminal.payments.forwarder import Forwarder, ForwarderSettings, forwarding_gateway
    from dripos_terminal.payments.rate_pacer import pacing_for_key

    if till.demo:
        from dripos_terminal.sim.stripe import StripeSimulator

        sim = StripeSimulator(rate_limit=0)
        base, key = sim.start(), sim.api_key
        stop.append(sim.stop)
    else:
        from dripos_terminal.services.secrets import SecretStore

        assert isinstance(till.secrets, SecretStore)
        found, base = till.secrets.stripe_key(), config.stripe.api_base
        if not found:
            raise CommandError("This till has no Stripe key yet (Settings → Stripe), so nothing can be sent.")
        key = found
    gateway = forwarding_gateway(
        key, base, services.payments, till.clock, timeout_s=config.stripe.request_timeout_s
    )
    return Forwarder(
        services.payments,
        gateway,
        till.clock,
        audit=services.audit,
        settings=ForwarderSettings(
            concurrency=config.offline.forward_concurrency, startup_jitter_s=0.0, pacing=pacing_for_key(key)
        ),
        till_id=config.shop.till_id,
    )


def _authorize(session: Session, args: argparse.Namespace, permission: Any) -> Any:
    """The manager's PIN (a prompt, or one line of stdin): who does this, audited."""
    staff = session.services.staff
    member = staff.login(read_pin("Manager PIN: ", confirm=False))
    if args.manager and member.name.lower() != str(args.manager).lower():
        raise CommandError(f"That PIN is not {args.manager}'s; nothing was changed.")
    return staff.authorize(member, permission)


def _out(args: argparse.Namespace, data: Any, text: str) -> int:
    sys.stdout.write(json.dumps(data, sort_keys=True) + "\n" if getattr(args, "json", False) else text)
    return EXIT_OK


def _money(amount: int | None, currency: str) -> str:
    from dripos_terminal.services.report_export import money

    return money(amount, currency) if amount is not None else "-"


# -- batch -------------------------------------------------------------------------------------------


def _entry_json(e: Any) -> dict[str, Any]:
    return {
        "payment_id": e.payment_id,
        "order": e.order,
        "card": e.card,
        "amount": e.amount,
        "tip": e.tip,
        "charge": e.charge,
        "currency": e.currency,
        "status": e.status.value,
        "state": e.state.value,
        "taken_by": e.taken_by,
        "stored_at": e.stored_at.isoformat(),
        "deadline": e.deadline.isoformat(),
        "outcome": e.outcome,
        "decision": e.decision,
    }


def _batch_text(view: Any, now: Any) -> str:
    lines = [f"{'ORDER':8}{'CARD':22}{'CHARGE':>11}  {'STATE':16}{'LEFT':>8}  OUTCOME"]
    for e in view.entries:
        left = e.deadline - now
        hours = "-" if not e.unfinished else f"{max(0, int(left.total_seconds() // 3600))}h"
        lines.append(
            f"{e.order:8}{e.card:22}{_money(e.charge, e.currency):>11}  {e.state.value:16}{hours:>8}  "
            f"{e.outcome}{' [' + e.decision + ']' if e.decision else ''}"
        )
    for state, outcome in sorted(view.state_totals().items(), key=lambda kv: kv[0].value):
        lines.append(f"  {state.value}: {outcome.count} ({_money(outcome.amount, view.currency)})")
    lines.append("closable: yes" if view.closable else f"closable: no — {view.why_not}")
    return "\n".join(lines) + "\n"


def _view_json(view: Any) -> dict[str, Any]:
    return {
        "payments": [_entry_json(e) for e in view.entries],
        "totals": {s.value: {"count": o.count, "amount": o.amount} for s, o in view.state_totals().items()},
        "total": {"count": view.totals.total.count, "amount": view.totals.total.amount},
        "closable": view.closable,
        "why_not": view.why_not,
        "currency": view.currency,
    }


def _closed_json(b: Any) -> dict[str, Any]:
    return {k: getattr(b, k) for k in b.__dataclass_fields__}


def _batch_list(args: argparse.Namespace) -> int:
    with _closeout(args) as s:
        view = s.closeout.batches.view()
        closed = s.closeout.batches.closed_batches()
        text = _batch_text(view, s.till.clock.now())
        text += "".join(
            f"batch {b.number}: {b.payments} payments, {_money(b.total_minor, b.currency)}, "
            f"closed {b.closed_at}\n"
            for b in closed
        )
        return _out(args, {"open": _view_json(view), "closed": [_closed_json(b) for b in closed]}, text)


def _batch_show(args: argparse.Namespace) -> int:
    with _closeout(args) as s:
        if args.number is None:
            view = s.closeout.batches.view()
            return _out(args, _view_json(view), _batch_text(view, s.till.clock.now()))
        batch, items = s.closeout.batches.closed_batch(args.number)
        data = {
            **_closed_json(batch),
            "items": [
                {**{k: getattr(i, k) for k in i.__dataclass_fields__}, "status": i.status.value}
                for i in items
            ],
        }
        text = "".join(
            f"{i.payment_id}  {_money(i.charge_minor, i.currency):>10}  {i.status.value}\n" for i in items
        )
        return _out(args, data, text + f"total {_money(batch.total_minor, batch.currency)}\n")


def _batch_forward(args: argparse.Namespace) -> int:
    from dripos_terminal.domain.staff import Permission

    with _closeout(args, forwarding=True) as s:
        auth = _authorize(s, args, Permission.CLOSE_BATCH)
        bar = Progress("forwarding", enabled=not args.json)
        cancel = threading.Event()
        try:
            report = s.closeout.batches.forward(
                auth, cancel=cancel.is_set, on_progress=lambda p: bar(p.done, p.total)
            )
        except KeyboardInterrupt:  # Ctrl-C: stop taking new payments; those in flight finish
            cancel.set()
            raise
        counts = {o.value: report.count(o) for o in {r.outcome for r in report.results}}
        view = s.closeout.batches.view()
        text = (
            f"sent {len(report.results)}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + "\n"
        )
        return _out(
            args, {"results": counts, "batch": _view_json(view)}, text + _batch_text(view, s.till.clock.now())
        )


def _batch_resolve(args: argparse.Namespace) -> int:
    from dripos_terminal.domain.staff import Permission
    from dripos_terminal.services.offline_batch import Resolution

    resolution = Resolution(args.action.replace("-", "_"))
    with _closeout(args, forwarding=not resolution.for_declines) as s:
        view = s.closeout.batches.view()
        wanted = args.payment.strip()
        found = [
            e for e in view.entries if wanted in (e.payment_id, e.order, f"#{wanted.lstrip('#').zfill(4)}")
        ]
        if len(found) != 1:
            raise CommandError(f"{wanted!r} is not one payment of the open batch (see `batch list`).")
        auth = _authorize(s, args, Permission.CLOSE_BATCH)
        check = s.closeout.batches.resolve(found[0].payment_id, resolution, auth, args.note)
        summary = getattr(check, "summary", "")
        text = f"{found[0].order}: {resolution.value.replace('_', ' ')} recorded\n" + (
            f"{summary}\n" if summary else ""
        )
        return _out(
            args, {"payment_id": found[0].payment_id, "resolution": resolution.value, "check": summary}, text
        )


def _batch_close(args: argparse.Namespace) -> int:
    from dripos_terminal.domain.staff import Permission

    with _closeout(args) as s:
        auth = _authorize(s, args, Permission.CLOSE_BATCH)
        batch = s.closeout.batches.close(auth)
        text = (
            f"batch {batch.number} closed: {batch.payments} payments, "
            f"{_money(batch.total_minor, batch.currency)} (approved {batch.approved_count}, declined "
            f"{batch.declined_count}, voided {batch.canceled_count})\n"
        )
        return _out(args, _closed_json(batch), text)


def _batch_export(args: argparse.Namespace) -> int:
    from dripos_terminal.services import report_export as export

    with _closeout(args) as s:
        batches = s.closeout.batches
        if args.number is None:
            view = batches.view()
            if args.format == "csv":
                data, text = export.open_batch_csv(view.entries), None
            else:
                from dripos_terminal.ui import report_pdf

                totals = [
                    (f"{k.value} ({o.count})", _money(o.amount, view.currency))
                    for k, o in view.state_totals().items()
                ]
                data, drawn = report_pdf.batch_pdf(
                    "Open offline batch", report_pdf.open_batch_lines(view.entries), totals
                )
                text = drawn
        else:
            batch, items = batches.closed_batch(args.number)
            numbers = s.services.sales.display_numbers([i.order_id for i in items])
            if args.format == "csv":
                data, text = export.closed_batch_csv(batch, items, numbers), None
            else:
                from dripos_terminal.ui import report_pdf

                data, drawn = report_pdf.batch_pdf(
                    f"Offline batch {batch.number}",
                    report_pdf.closed_batch_lines(items, numbers),
                    report_pdf.closed_batch_totals(batch),
                )
                text = drawn
        _write(args.out, data, text)
        sys.stdout.write(f"wrote {args.out}\n")
        return EXIT_OK


def _write(path: Path, data: bytes, text: list[str] | None) -> None:
    from dripos_terminal.services.report_export import ExportRefused, write_export

    try:
        write_export(path, data, texts=text)
    except ExportRefused as exc:
        raise CommandError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"{path} could not be written: {exc.strerror or exc}", EXIT_ENVIRONMENT) from None


# -- report ------------------------------------------------------------------------------------------


def _report_x(args: argparse.Namespace) -> int:
    with _closeout(args) as s:
        return _show_report(args, s, s.closeout.reports.x_report(args.day))


def _report_z(args: argparse.Namespace) -> int:
    from dripos_terminal.domain.staff import Permission

    with _closeout(args) as s:
        reports = s.closeout.reports
        today = s.till.clock.now().astimezone().date()
        day = args.day or (today if reports.z_report(today) is not None else reports.today())
        report = reports.z_report(day)
        if report is None:
            auth = _authorize(s, args, Permission.REPORTS)
            report = reports.take_z(auth, day, carry_over=args.carry_over)
        return _show_report(args, s, report)


def _show_report(args: argparse.Namespace, s: Session, report: Any) -> int:
    from dripos_terminal.services import report_export as export

    if args.export:
        if args.out is None:
            raise CommandError("--export needs --out PATH", EXIT_ENVIRONMENT)
        if args.export == "csv":
            _write(args.out, export.report_csv(report), None)
        else:
            from dripos_terminal.ui import report_pdf

            data, drawn = report_pdf.report_pdf(report, shop_name=s.config.shop.name)
            _write(args.out, data, drawn)
    if args.print:
        _print(s, export.z_receipt_lines(report, shop_name=s.config.shop.name))
    lines = export.z_receipt_lines(report, shop_name=s.config.shop.name)
    code = _out(args, report.to_json(), "\n".join(lines) + "\n")
    if not report.balances:  # never expected: the figures are computed to balance
        sys.stderr.write("the report does not balance\n")
        return EXIT_REFUSED
    return code


def _print(s: Session, lines: list[str]) -> None:
    from dripos_terminal.peripherals.escpos import CODE_PAGES
    from dripos_terminal.peripherals.printer import PrinterError, SerialReceiptPrinter

    printer_config = s.config.printer
    if not printer_config.url:
        raise CommandError("No receipt printer is set up on this till (Settings → Printer).")
    printer = SerialReceiptPrinter(
        printer_config.url, baudrate=printer_config.baudrate, code_page=CODE_PAGES[printer_config.code_page]
    )
    try:
        printer.print_receipt("\n".join(lines))
    except PrinterError as exc:
        raise CommandError(f"Not printed: {exc}") from None
    finally:
        printer.close()


# -- drawer ------------------------------------------------------------------------------------------


def _drawer_json(view: Any) -> dict[str, Any]:
    if view is None:
        return {"open": False}
    sm = view.summary
    return {
        "open": view.open,
        "number": view.session.number,
        "business_day": view.session.business_date,
        "float": sm.float_minor,
        "cash_sales": sm.cash_sales,
        "cash_refunds": sm.cash_refunds,
        "paid_in": sm.paid_in,
        "paid_out": sm.paid_out,
        "expected": sm.expected,
        "counted": sm.counted if sm.counted is not None else view.last_count,
        "variance": view.variance,
    }


def _drawer_text(view: Any) -> str:
    if view is None:
        return "no drawer session is open\n"
    data, cur = _drawer_json(view), view.session.currency
    rows = [f"drawer session {view.session.number} ({'open' if view.open else 'closed'})"]
    for key in (
        "float",
        "cash_sales",
        "cash_refunds",
        "paid_in",
        "paid_out",
        "expected",
        "counted",
        "variance",
    ):
        rows.append(f"  {key.replace('_', ' '):14}{_money(data[key], cur):>12}")
    return "\n".join(rows) + "\n"


def _count(s: Session, counts: list[str]) -> Any:
    from dripos_terminal.domain.cash import CashCount

    return CashCount.parse(s.closeout.drawer.currency, counts)


def _drawer_show(args: argparse.Namespace) -> int:
    with _closeout(args) as s:
        view = s.closeout.drawer.current()
        return _out(args, _drawer_json(view), _drawer_text(view))


def _drawer_do(args: argparse.Namespace, work: Any) -> int:
    from dripos_terminal.domain.staff import Permission

    with _closeout(args) as s:
        count = _count(s, args.counts) if hasattr(args, "counts") else None
        auth = _authorize(s, args, Permission.CASH_DRAWER)
        view = work(s.closeout.drawer, auth, count)
        return _out(args, _drawer_json(view), _drawer_text(view))


def _drawer_open(args: argparse.Namespace) -> int:
    return _drawer_do(args, lambda d, auth, count: d.open(auth, count))


def _drawer_paid_in(args: argparse.Namespace) -> int:
    return _drawer_do(args, lambda d, auth, _c: d.paid_in(auth, args.amount, args.reason))


def _drawer_paid_out(args: argparse.Namespace) -> int:
    return _drawer_do(args, lambda d, auth, _c: d.paid_out(auth, args.amount, args.reason))


def _drawer_count(args: argparse.Namespace) -> int:
    return _drawer_do(args, lambda d, auth, count: d.count(auth, count))


def _drawer_close(args: argparse.Namespace) -> int:
    return _drawer_do(args, lambda d, auth, count: d.close(auth, count))
