"""One-shot checks of the till's surroundings, for the set-up wizard, Settings and `doctor`.

Plain Python; every function BLOCKS (network or serial I/O with a timeout): run it on a worker.
Each returns words for staff; none raises for a problem it can describe.
"""

from __future__ import annotations

from dataclasses import dataclass

from dripos_terminal.clock import Clock, SystemClock
from dripos_terminal.config import StatusFeedConfig
from dripos_terminal.i18n import ENGLISH, QT_TRANSLATE_NOOP, Localizer
from dripos_terminal.peripherals.escpos import PC437, PROBLEM_TEXT, CodePage
from dripos_terminal.peripherals.printer import PrinterError, SerialReceiptPrinter
from dripos_terminal.services.receipt import WIDTH as RECEIPT_WIDTH
from dripos_terminal.status.decision import FeedSpec, decide
from dripos_terminal.status.http import Fetcher, FetchError, UrllibFetcher
from dripos_terminal.status.model import FeedError
from dripos_terminal.status.poller import parse_feed

TEST_PRINT_TITLE = QT_TRANSLATE_NOOP("Checks", "Dripos Terminal — test print")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    text: str  # what was found (pass) or what is wrong (fail)
    problem: str = ""  # a printer check's `PrinterProblem` value when it failed


def feed_preview(
    feed: StatusFeedConfig,
    *,
    timeout_s: float = 10.0,
    fetcher: Fetcher | None = None,
    clock: Clock | None = None,
) -> CheckResult:
    """What the banner would say from this feed right now (never "all clear" when it cannot tell)."""
    if not feed.url:
        return CheckResult(False, QT_TRANSLATE_NOOP("Checks", "No feed address"))
    spec = FeedSpec.from_config(feed)
    try:
        response = (fetcher or UrllibFetcher()).fetch(feed.url, {}, timeout_s)
        if response.status != 200:
            raise FetchError(f"HTTP {response.status}")
        banner = decide(
            parse_feed(response.body, response.header("content-type") or ""),
            spec,
            (clock or SystemClock()).now(),
        )
    except (FetchError, FeedError) as exc:
        text = QT_TRANSLATE_NOOP("Checks", "Could not read the feed ({reason}). This is not an all-clear.")
        return CheckResult(False, text.format(reason=exc.reason))
    if banner is None:
        text = QT_TRANSLATE_NOOP("Checks", "All clear: no problem reported for {components}.")
        return CheckResult(True, text.format(components=", ".join(feed.components)))
    if banner.update_text:
        text = QT_TRANSLATE_NOOP("Checks", "{severity}: {title} — {update}").format(
            severity=banner.severity.label, title=banner.title, update=banner.update_text
        )
    else:
        text = QT_TRANSLATE_NOOP("Checks", "{severity}: {title}").format(
            severity=banner.severity.label, title=banner.title
        )
    return CheckResult(True, text)


def printer_test_page(
    shop_name: str,
    address: str,
    till_id: str,
    *,
    port: str = "",
    code_page: str = "",
    words: Localizer = ENGLISH,
) -> str:
    """The test page: who and where, the port and code page, a ruler of the receipt width and the
    characters receipts use (a symbol the code page lacks shows its stand-in, never "?")."""
    w = words.text
    lines = [
        w(TEST_PRINT_TITLE),
        shop_name or w(QT_TRANSLATE_NOOP("Checks", "(shop name not set)")),
        address or None,
        w(QT_TRANSLATE_NOOP("Checks", "Till {till}").format(till=till_id)) if till_id else None,
        w(QT_TRANSLATE_NOOP("Checks", "Port {port}").format(port=port)) if port else None,
        w(QT_TRANSLATE_NOOP("Checks", "Code page {page}").format(page=code_page)) if code_page else None,
        "",
        "".join(str(i % 10) for i in range(1, RECEIPT_WIDTH + 1)),
        w(QT_TRANSLATE_NOOP("Checks", "Money: {amounts}").format(amounts="$4.50 €4.50 £4.50 ¥500")),
        w(QT_TRANSLATE_NOOP("Checks", "Letters: {letters}").format(letters="café crème, Müsli, año")),
        "",
        w(QT_TRANSLATE_NOOP("Checks", "If you can read this, the printer works.")),
    ]
    return "\n".join(line for line in lines if line is not None)


def printer_test_print(
    url: str, baudrate: int, text: str, *, timeout_s: float = 3.0, code_page: CodePage = PC437
) -> CheckResult:
    """Print `text` on the printer at `url` (checks paper and cover first)."""
    if not url:
        return CheckResult(False, QT_TRANSLATE_NOOP("Checks", "No printer port"))
    printer = SerialReceiptPrinter(url, baudrate=baudrate, timeout_s=timeout_s, code_page=code_page)
    try:
        printer.print_receipt(text)
    except PrinterError as exc:
        return CheckResult(False, PROBLEM_TEXT[exc.problem], exc.problem.value)
    finally:
        printer.close()
    return CheckResult(True, QT_TRANSLATE_NOOP("Checks", "Test page printed — check it came out"))


def printer_status(url: str, baudrate: int, *, timeout_s: float = 3.0) -> CheckResult:
    if not url:
        return CheckResult(False, "No printer port set")
    printer = SerialReceiptPrinter(url, baudrate=baudrate, timeout_s=timeout_s)
    try:
        status = printer.status()
    except PrinterError as exc:
        return CheckResult(False, str(exc))
    finally:
        printer.close()
    return CheckResult(status.problem() is None, status.summary())
