"""Small reusable widgets of the till: buttons, wrapping labels and rows, keypads, money labels.

Everything here is touch-first (large keys, theme `role` properties) and keyboard-usable (digits,
Backspace, Escape and Enter reach the keypads through their owning screen's `keyPressEvent`).

Layout rule of the till: text wraps downwards, never sideways. `WrapLabel` and `FlowRow` size their
own height from their width, so a long message or a row of buttons on a 1024 px screen grows the
screen's content down (or wraps) instead of making the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QTableView,
    QWidget,
)

from dripos_terminal.domain.pin_rules import PIN_MAX_LENGTH, PIN_MIN_LENGTH
from dripos_terminal.ui.flow_layout import FlowLayout
from dripos_terminal.ui.i18n import money, tr_text


def shown_error(error: BaseException | None, fallback: str = "") -> str:
    """What a screen says for an error: its `user_message`, else its text, else `fallback`, in the
    shop's language (`ui.i18n.tr_text`); masked, because an error may carry a provider's words (and a
    provider may echo what it was sent)."""
    from dripos_terminal.redaction import redact  # here: the sign-in screen shows before it loads

    text = "" if error is None else tr_text(error)
    return redact(text or fallback)


def set_role(widget: QWidget, role: str) -> None:
    """Set the theme's dynamic `role` property and re-polish so the style updates at once."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def plain_text(text: str) -> str:
    """A button's text as a screen reader should say it: no mnemonic `&`, one line."""
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


class TouchButton(QPushButton):
    """A push button whose accessible name follows its text ("Pay $4.50" is read as it shows).

    Never `autoDefault`: in a dialog, Enter goes to the dialog's own default action (Approve, Take
    cash), not to whichever button last had the focus ("No tip", "Cancel")."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAutoDefault(False)
        self.setAccessibleName(plain_text(text))

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        self.setAccessibleName(plain_text(text))


def describe(widget: QWidget, description: str, name: str | None = None) -> None:
    """Accessibility: what the control does (and its name when it shows no text of its own)."""
    widget.setAccessibleDescription(description)
    if name is not None:
        widget.setAccessibleName(name)


def make_button(
    text: str, role: str | None = None, *, name: str | None = None, description: str = ""
) -> QPushButton:
    button = TouchButton(text)
    if role:
        button.setProperty("role", role)
    if name:
        button.setObjectName(name)
    if description:
        button.setAccessibleDescription(description)
    return button


TOUCH_ROW_HEIGHT = 48  # list and table rows: at least the 44 px a fingertip needs


def touch_list(view: QAbstractItemView) -> None:
    """Rows a finger can hit (tables: 48 px; lists get theirs from the theme), scrolled by pixel,
    columns that share the width instead of widening the screen."""
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    if isinstance(view, QListView):  # long lines wrap inside the list, it does not scroll sideways
        view.setWordWrap(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if isinstance(view, QTableView):
        rows = view.verticalHeader()
        rows.setMinimumSectionSize(44)
        rows.setDefaultSectionSize(TOUCH_ROW_HEIGHT)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns = view.horizontalHeader()
        columns.setMinimumHeight(44)
        # A long column title wraps onto a second line instead of being cut at both ends.
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(True)


def make_label(text: str = "", role: str | None = None, *, name: str | None = None) -> QLabel:
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    return label


class WrapLabel(QLabel):
    """Word-wrapped text whose minimum height follows its width: it grows down, never sideways.

    Qt gives a wrapped label the height of its preferred width, and a window's layout does not ask
    again at the real width: at 1024 px the lines were squeezed on top of each other. Here every
    resize and every new text sets the minimum height the text needs at the width it has."""

    MIN_WIDTH = 96

    def __init__(
        self, text: str = "", role: str | None = None, *, name: str | None = None, hide_empty: bool = False
    ) -> None:
        super().__init__()
        self._hide_empty = hide_empty  # a message line that takes no room while there is no message
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if role:
            self.setProperty("role", role)
        if name:
            self.setObjectName(name)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802
        super().setText(text)
        if self._hide_empty:
            self.setHidden(not text)
        self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.MIN_WIDTH, max(self.minimumHeight(), super().minimumSizeHint().height()))

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(min(hint.width(), 480), max(hint.height(), self.minimumHeight()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.width() if self.width() > self.MIN_WIDTH else self.sizeHint().width()
        height = self.heightForWidth(width) if self.text() else 0
        if height >= 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)


def muted_label(name: str, accessible: str) -> WrapLabel:
    """An empty, muted wrapped line a screen fills in later (a total, a state), named for assistive
    technology."""
    label = WrapLabel("", "muted", name=name)
    label.setAccessibleName(accessible)
    return label


class FlowRow(QWidget):
    """A row of widgets (usually buttons) that wraps onto more rows when the width runs out.

    Like `WrapLabel`, it sets its own minimum height from its width (see `flow_layout`)."""

    def __init__(
        self,
        widgets: tuple[QWidget, ...] | list[QWidget] = (),
        *,
        spacing: int = 8,
        stretch_items: bool = False,
        align_right: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=spacing, stretch_items=stretch_items, align_right=align_right)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        for widget in widgets:
            self.add(widget)

    def add(self, widget: QWidget) -> None:
        self.flow.addWidget(widget)
        self._fit()

    def insert(self, index: int, widget: QWidget) -> None:
        self.flow.insertWidget(index, widget)
        self._fit()

    def remove(self, widget: QWidget) -> None:
        self.flow.removeWidget(widget)
        self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.flow.minimumSize().width(), self.minimumHeight())

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = self.flow.sizeHint()
        return QSize(hint.width(), max(hint.height(), self.minimumHeight()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # a button was shown, hidden or renamed
            self._fit()
        return handled

    def _fit(self) -> None:
        width = self.width() if self.width() > 1 else self.flow.sizeHint().width()
        height = self.flow.heightForWidth(width)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)


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
        self.setText(money(self._amount, self._currency))

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
        describe(self, self.tr("Keypad: type digits here or on the keyboard."), self.tr("Keypad"))
        for index, key in enumerate(layout):
            button = make_button(key, "key", name=f"key_{self._key_name(key)}", description=self._help(key))
            if key == "⌫":
                button.setAccessibleName(self.tr("Delete the last digit"))
            elif key == "C":
                button.setAccessibleName(self.tr("Clear"))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _checked=False, k=key: self._pressed(k))
            grid.addWidget(button, index // 3, index % 3)
            self._buttons[key] = button

    @staticmethod
    def _key_name(key: str) -> str:
        return {"⌫": "back", "C": "clear"}.get(key, key)

    def _help(self, key: str) -> str:
        if key == "⌫":
            return self.tr("Delete the last digit typed (Backspace).")
        if key == "C":
            return self.tr("Clear everything typed (Delete).")
        return self.tr("Type {digits}.").format(digits=key)

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
        self.display.setAccessibleName(self.tr("Amount typed"))
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
