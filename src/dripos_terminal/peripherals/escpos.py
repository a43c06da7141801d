"""ESC/POS bytes for an Epson-compatible receipt printer (pure functions, no I/O).

What we send:

- ``ESC @`` initialise, ``ESC t n`` the printer's character code page (`CODE_PAGES`: PC437, which
  every ESC/POS printer has and is the default, PC850, PC858 and WPC1252, which add the euro sign).
  Text is encoded to that page; what it lacks is replaced, never printed as ``?`` when a readable
  stand-in exists: currency symbols by their ISO code (``€4.50`` on PC437 prints ``EUR 4.50``, the
  line keeping its width by giving up spaces of its widest gap), typographic dashes, quotes and
  bullets by ASCII, accented letters by the bare letter; only what has no stand-in becomes ``?``.
  Control characters are dropped so an item name can never smuggle a command to the printer;
- the receipt header (shop name) centred, emphasised, double width and height (``ESC a``, ``ESC !``);
  the TOTAL line emphasised and double height;
- ``GS V 66 0``: feed to the cutting position and partial cut;
- ``ESC p m t1 t2``: drawer kick pulse on connector pin 2 (m=0) or pin 5 (m=1), on for t1 x 2 ms
  and off for t2 x 2 ms; ``DLE DC4 1 m t``: the real-time variant, executed even while the printer
  is offline (paper out, cover open), pulse t x 100 ms;
- ``DLE EOT n``: real-time status request; the printer answers one byte at once, even offline.

Status bytes (Epson ESC/POS reference, "DLE EOT"). Every status byte has bits 0 and 7 off and bits
1 and 4 on (``byte & 0x93 == 0x12``), which is how we tell a status byte from noise.

n = 1, printer status:
    bit 2  drawer kick-out connector pin 3: 0 = LOW, 1 = HIGH
    bit 3  0 = online, 1 = offline
    bits 5-6 undefined
n = 2, offline cause:
    bit 2  0 = cover closed, 1 = cover open
    bit 3  1 = paper being fed by the FEED button
    bit 5  1 = printing stopped because of paper end
    bit 6  1 = an error occurred
n = 4, roll paper sensors:
    bits 2-3  00 = paper adequate, 11 = paper near end (near-end sensor)
    bits 5-6  00 = paper present,  11 = paper not present (end sensor)

Which level of pin 3 means "drawer open" depends on the drawer's switch; most drawers pull it HIGH
when open, hence the default of `decode_status(..., drawer_open_when_high=True)`.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from dripos_terminal.i18n import QT_TRANSLATE_NOOP, Text

ESC, GS, DLE = b"\x1b", b"\x1d", b"\x10"
EOT, DC4, LF = b"\x04", b"\x14", b"\n"

INIT = ESC + b"@"
PARTIAL_CUT = GS + b"VB\x00"  # function B, m=66: feed to the cutting position + 0, partial cut

STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_ERROR_CAUSE, STATUS_ROLL_PAPER = 1, 2, 3, 4
STATUS_FIXED_MASK, STATUS_FIXED_BITS = 0x93, 0x12

# ESC ! n print mode bits
MODE_EMPHASIZED, MODE_DOUBLE_HEIGHT, MODE_DOUBLE_WIDTH = 0x08, 0x10, 0x20


@dataclass(frozen=True)
class CodePage:
    """A character code page: its ``ESC t n`` number (Epson's table) and the Python codec for it."""

    key: str  # the setting's value (config `printer.code_page`)
    number: int
    codec: str

    @property
    def select(self) -> bytes:
        return ESC + b"t" + bytes([self.number])

    def can_encode(self, ch: str) -> bool:
        try:
            ch.encode(self.codec)
        except UnicodeEncodeError:
            return False
        return True


PC437 = CodePage("pc437", 0, "cp437")
CODE_PAGES: dict[str, CodePage] = {
    page.key: page
    for page in (
        PC437,
        CodePage("pc850", 2, "cp850"),
        CodePage("wpc1252", 16, "cp1252"),
        CodePage("pc858", 19, "cp858"),  # PC850 with the euro sign in place of the dotless i
    )
}
CODE_PAGE_BY_NUMBER = {page.number: page for page in CODE_PAGES.values()}

# Stand-ins for what a code page lacks: currency symbols by ISO code, typography by ASCII.
SYMBOL_FALLBACKS: dict[str, str] = {
    "\u00a0": " ",  # no-break spaces, as CLDR writes "4,50 €" and "5:48 PM"
    "\u202f": " ",
    "\u2009": " ",
    "€": "EUR ",
    "£": "GBP ",
    "¥": "JPY ",
    "₹": "INR ",
    "•": "*",
    "—": "-",
    "–": "-",
    "−": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "…": "...",
}


# -- commands ------------------------------------------------------------------------------------


def status_request(n: int) -> bytes:
    """``DLE EOT n``: real-time status request (1 printer, 2 offline cause, 3 error, 4 roll paper)."""
    if n not in (1, 2, 3, 4):
        raise ValueError(f"DLE EOT n must be 1-4, not {n}")
    return DLE + EOT + bytes([n])


def drawer_kick(pin: int = 2, on_ms: int = 50, off_ms: int = 500) -> bytes:
    """``ESC p m t1 t2``: a pulse on drawer connector pin 2 or 5 (t1, t2 in 2 ms units, max 510 ms)."""
    if pin not in (2, 5):
        raise ValueError("the drawer connector has pins 2 and 5")
    t1, t2 = on_ms // 2, off_ms // 2
    if not (1 <= t1 <= 255 and 0 <= t2 <= 255):
        raise ValueError("pulse times must be 2-510 ms")
    return ESC + b"p" + bytes([0 if pin == 2 else 1, t1, max(t1, t2)])


def realtime_drawer_kick(pin: int = 2, pulse_100ms: int = 1) -> bytes:
    """``DLE DC4 1 m t``: the pulse in real time, honoured even while the printer is offline."""
    if pin not in (2, 5) or not 1 <= pulse_100ms <= 8:
        raise ValueError("pin 2 or 5, pulse 1-8 x 100 ms")
    return DLE + DC4 + bytes([1, 0 if pin == 2 else 1, pulse_100ms])


def print_mode(*, emphasized: bool = False, double_height: bool = False, double_width: bool = False) -> bytes:
    """``ESC ! n``: character size and emphasis in one byte."""
    n = (
        (MODE_EMPHASIZED if emphasized else 0)
        | (MODE_DOUBLE_HEIGHT if double_height else 0)
        | (MODE_DOUBLE_WIDTH if double_width else 0)
    )
    return ESC + b"!" + bytes([n])


def align_center(on: bool) -> bytes:
    """``ESC a n``: 0 left, 1 centre."""
    return ESC + b"a" + bytes([1 if on else 0])


def feed_lines(n: int) -> bytes:
    """``ESC d n``: print the buffer and feed n lines."""
    return ESC + b"d" + bytes([max(0, min(255, n))])


def _stand_in(ch: str, page: CodePage) -> str:
    """What to print for `ch`, which `page` lacks."""
    fallback = SYMBOL_FALLBACKS.get(ch)
    if fallback is not None and all(page.can_encode(c) for c in fallback):
        return fallback
    # "ő", "ș": the letter without its accent is more readable than "?"
    bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if bare and bare != ch and all(page.can_encode(c) for c in bare):
        return bare
    return "?"


def _keep_width(text: str, width: int) -> str:
    """Give back the characters a stand-in added from the widest run of spaces, so a right-aligned
    amount stays in its column (a run keeps at least one space)."""
    extra = len(text) - width
    while extra > 0:
        runs = [(m.end() - m.start(), m.start()) for m in re.finditer(r" {2,}", text)]
        if not runs:
            break
        length, start = max(runs)
        cut = min(extra, length - 1)
        text = text[:start] + text[start + cut :]
        extra -= cut
    return text


def encode_text(text: str, page: CodePage = PC437) -> bytes:
    """One line in `page`: no control characters; what the page lacks replaced (see the module notes)."""
    cleaned = "".join(ch for ch in text if ch >= " " and ch != "\x7f")
    swapped = "".join(ch if page.can_encode(ch) else _stand_in(ch, page) for ch in cleaned)
    return _keep_width(swapped, max(len(cleaned), 0)).encode(page.codec, errors="replace")


def encode_receipt(
    lines: Sequence[str], *, page: CodePage = PC437, cut: bool = True, total_word: str = "TOTAL"
) -> bytes:
    """The whole receipt: header large and centred, the total line (it starts with `total_word`, the
    receipt's language's word) emphasised, then feed and partial cut."""
    out = bytearray(INIT + page.select)
    header_done = False
    for line in lines:
        if not header_done and line.strip():
            header_done = True
            out += align_center(True) + print_mode(emphasized=True, double_height=True, double_width=True)
            out += encode_text(line.strip(), page) + LF
            out += print_mode() + align_center(False)
        elif line.startswith(total_word):
            out += print_mode(emphasized=True, double_height=True)
            out += encode_text(line, page) + LF + print_mode()
        else:
            out += encode_text(line, page) + LF
    out += feed_lines(1)
    if cut:
        out += PARTIAL_CUT
    return bytes(out)


# -- status --------------------------------------------------------------------------------------


class PrinterProblem(enum.Enum):
    """Why a print (or drawer kick) was refused; `PROBLEM_TEXT` has the words for staff."""

    NOT_CONNECTED = "not_connected"
    NOT_RESPONDING = "not_responding"
    BAD_REPLY = "bad_reply"
    OFFLINE = "offline"
    COVER_OPEN = "cover_open"
    PAPER_OUT = "paper_out"


PROBLEM_TEXT: dict[PrinterProblem, Text] = {
    PrinterProblem.NOT_CONNECTED: QT_TRANSLATE_NOOP(
        "Printer", "Printer not connected — check its cable and power"
    ),
    PrinterProblem.NOT_RESPONDING: QT_TRANSLATE_NOOP(
        "Printer", "Printer not responding — check it is switched on"
    ),
    PrinterProblem.BAD_REPLY: QT_TRANSLATE_NOOP(
        "Printer", "Printer sent an unexpected reply — check its settings (baud rate)"
    ),
    PrinterProblem.OFFLINE: QT_TRANSLATE_NOOP(
        "Printer", "Printer is offline — check its lights and clear any error"
    ),
    PrinterProblem.COVER_OPEN: QT_TRANSLATE_NOOP("Printer", "Printer cover is open — close it"),
    PrinterProblem.PAPER_OUT: QT_TRANSLATE_NOOP("Printer", "Printer is out of paper — load a new roll"),
}
READY_TEXT = QT_TRANSLATE_NOOP("Printer", "Printer ready")
PAPER_LOW_TEXT = QT_TRANSLATE_NOOP("Printer", "Printer ready — paper low")


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    cover_open: bool = False
    paper_out: bool = False
    paper_near_end: bool = False
    drawer_open: bool = False
    feeding: bool = False  # the FEED button is held
    error: bool = False  # cutter jam, head too hot, … (offline cause bit 6)

    def problem(self) -> PrinterProblem | None:
        """What stops printing now, most actionable first; None when it can print."""
        if self.paper_out:
            return PrinterProblem.PAPER_OUT
        if self.cover_open:
            return PrinterProblem.COVER_OPEN
        if not self.online or self.error:
            return PrinterProblem.OFFLINE
        return None

    def summary(self) -> Text:
        problem = self.problem()
        if problem is not None:
            return PROBLEM_TEXT[problem]
        return PAPER_LOW_TEXT if self.paper_near_end else READY_TEXT


def is_status_byte(value: int) -> bool:
    """Bits 0 and 7 off, bits 1 and 4 on: the fixed bits of every ``DLE EOT`` reply."""
    return 0 <= value <= 0xFF and value & STATUS_FIXED_MASK == STATUS_FIXED_BITS


def _check(value: int, n: int) -> None:
    if not is_status_byte(value):
        raise ValueError(f"0x{value:02x} is not a DLE EOT {n} status byte")


def decode_status(
    printer: int, offline_cause: int, roll_paper: int, *, drawer_open_when_high: bool = True
) -> PrinterStatus:
    """The replies to ``DLE EOT 1``, ``2`` and ``4`` as one `PrinterStatus` (ValueError: not status bytes)."""
    for value, n in ((printer, 1), (offline_cause, 2), (roll_paper, 4)):
        _check(value, n)
    pin3_high = bool(printer & 0x04)
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline_cause & 0x04),
        feeding=bool(offline_cause & 0x08),
        paper_out=bool(offline_cause & 0x20) or roll_paper & 0x60 == 0x60,
        error=bool(offline_cause & 0x40),
        paper_near_end=roll_paper & 0x0C == 0x0C,
        drawer_open=pin3_high == drawer_open_when_high,
    )


def encode_status(status: PrinterStatus, *, drawer_open_when_high: bool = True) -> dict[int, int]:
    """The status bytes a printer in `status` answers to ``DLE EOT 1/2/3/4`` (for the virtual printer)."""
    pin3_high = status.drawer_open == drawer_open_when_high
    offline = not status.online or status.cover_open or status.paper_out or status.error
    return {
        1: STATUS_FIXED_BITS | (0x04 if pin3_high else 0) | (0x08 if offline else 0),
        2: STATUS_FIXED_BITS
        | (0x04 if status.cover_open else 0)
        | (0x08 if status.feeding else 0)
        | (0x20 if status.paper_out else 0)
        | (0x40 if status.error else 0),
        3: STATUS_FIXED_BITS,
        4: STATUS_FIXED_BITS | (0x0C if status.paper_near_end else 0) | (0x60 if status.paper_out else 0),
    }
