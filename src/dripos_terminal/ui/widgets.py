"""Small reusable widgets of the till: keypads, money labels, role helpers.

Everything here is touch-first (large keys, theme `role` properties) and keyboard-usable (digits,
Backspace, Escape and Enter reach the keypads through their owning screen's `keyPressEvent`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QWidget

from dripos_terminal.domain.pin_rules import PIN_MAX_LENGTH, PIN_MIN_LENGTH

_SYMBOLS = {"usd": "$", "cad": "$", "aud": "$", "eur": "€", "gbp": "£"}


def format_minor(amount: int, currency: str = "usd") -> str:
    """`1234, "usd"` → `$12.34`; negative amounts get a leading minus. Never goes through float."""
    sign = "-" if amount < 0 else ""
    whole, cents = divmod(abs(int(amount)), 100)
    symbol = _SYMBOLS.get(currency.lower(), currency.upper() + " ")
    return f"{sign}{symbol}{whole:,}.{cents:02d}"


def shown_error(error: BaseException | None, fallback: str = "") -> str:
    """What a screen says for an error: its `user_message`, else its text, else `fallback`; masked,
    because an error may carry a provider's words (and a provider may echo what it was sent)."""
    from dripos_terminal.redaction import redact  # here: the sign-in screen shows before it loads

    text = "" if error is None else (getattr(error, "user_message", None) or str(error))
    return redact(text or fallback)


def set_role(widget: QWidget, role: str) -> None:
    """Set the theme's dynamic `role` property and re-polish so the style updates at once."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def make_button(text: str, role: str | None = None, *, name: str | None = None) -> QPushButton:
    button = QPushButton(text)
    if role:
        button.setProperty("role", role)
    if name:
        button.setObjectName(name)
    return button


def make_label(text: str = "", role: str | None = None, *, name: str | None = None) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    return label


class MoneyLabel(QLabel):
    """A label that shows an amount of minor units in the shop's currency."""

    def __init__(self, amount: int = 0, currency: str = "usd", role: str | None = None) -> None:
        super().__init__()
        self._currency = currency
        self._amount = 0
        if role:
            self.setProperty("role", role)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.set_amount(amount)

    def set_amount(self, amount: int) -> None:
        self._amount = int(amount)
        self.setText(format_minor(self._amount, self._currency))

    def amount(self) -> int:
        return self._amount


class Keypad(QWidget):
    """A 4x3 keypad: 1-9, then `extra` (e.g. "00" or "C"), 0 and ⌫.

    Emits `digit("7")`, `backspace()`, `clear()`; `press_key(event)` maps a keyboard event onto the
    same signals and returns whether it was handled, so screens can forward their key presses.
    """

    digit = Signal(str)
    backspace = Signal()
    clear = Signal()

    def __init__(self, extra: str = "C", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keypad")
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        self._buttons: dict[str, QPushButton] = {}
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", extra, "0", "⌫"]
        for index, key in enumerate(layout):
            button = make_button(key, "key", name=f"key_{self._key_name(key)}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _checked=False, k=key: self._pressed(k))
            grid.addWidget(button, index // 3, index % 3)
            self._buttons[key] = button

    @staticmethod
    def _key_name(key: str) -> str:
        return {"⌫": "back", "C": "clear"}.get(key, key)

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def _pressed(self, key: str) -> None:
        if key == "⌫":
            self.backspace.emit()
        elif key == "C":
            self.clear.emit()
        else:
            for ch in key:
                self.digit.emit(ch)

    def press_key(self, event: QKeyEvent) -> bool:
        text = event.text()
        if text and len(text) == 1 and "0" <= text <= "9":
            self.digit.emit(text)
            return True
        if event.key() == Qt.Key.Key_Backspace:
            self.backspace.emit()
            return True
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Escape) and "C" in self._buttons:
            self.clear.emit()
            return True
        return False


class PinInput(QObject):
    """The PIN being typed, shared by the login screen and the manager override: it lives only here,
    is shown as dots, and is fed by a keypad (and, through `press_key`, the keyboard)."""

    changed = Signal()  # any edit (owners re-enable their submit button)
    typed = Signal()  # a digit was added (owners clear their last error message)

    def __init__(self, dots: QLabel, keypad: Keypad, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dots, self.keypad = dots, keypad
        self._pin = ""
        self.busy = False  # while a check runs, typing is ignored
        keypad.digit.connect(self.add)
        keypad.backspace.connect(self.back)
        keypad.clear.connect(self.clear)
        self._render()

    @property
    def complete(self) -> bool:
        return not self.busy and len(self._pin) >= PIN_MIN_LENGTH

    def add(self, ch: str) -> None:
        if self.busy or len(self._pin) >= PIN_MAX_LENGTH:
            return
        self._pin += ch
        self.typed.emit()
        self._render()

    def back(self) -> None:
        self._pin = self._pin[:-1]
        self._render()

    def clear(self) -> None:
        self._pin = ""
        self._render()

    def type_pin(self, pin: str) -> None:
        """Enter digits as if tapped (tests, badge scanners)."""
        for ch in pin:
            self.add(ch)

    def take(self) -> str:
        """The PIN for checking, once: the buffer is emptied as it is handed over."""
        pin, self._pin = self._pin, ""
        self._render()
        return pin

    def press_key(self, event: QKeyEvent) -> bool:
        return self.keypad.press_key(event)

    def _render(self) -> None:
        self._dots.setText("●" * len(self._pin) or " ")
        self.changed.emit()


class AmountEntry(QWidget):
    """A cash-register style amount: digits shift in from the right as cents ("1","2","5" → $1.25)."""

    changed = Signal(int)

    MAX_DIGITS = 7

    def __init__(self, currency: str = "usd", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits = ""
        self._currency = currency
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.display = MoneyLabel(0, currency, role="big")
        self.display.setObjectName("amountDisplay")
        self.keypad = Keypad(extra="00")
        grid.addWidget(self.display, 0, 0)
        grid.addWidget(self.keypad, 1, 0)
        self.keypad.digit.connect(self._digit)
        self.keypad.backspace.connect(self._back)

    def _digit(self, ch: str) -> None:
        if len(self._digits) >= self.MAX_DIGITS or (not self._digits and ch == "0"):
            return
        self._digits += ch
        self._update()

    def _back(self) -> None:
        self._digits = self._digits[:-1]
        self._update()

    def _update(self) -> None:
        self.display.set_amount(self.amount())
        self.changed.emit(self.amount())

    def amount(self) -> int:
        return int(self._digits) if self._digits else 0

    def set_amount(self, amount: int) -> None:
        self._digits = str(amount) if amount > 0 else ""
        self._update()

    def press_key(self, event: QKeyEvent) -> bool:
        return self.keypad.press_key(event)
