"""Key a card on the till: number (live brand + grouping), expiry MM/YY, security code, postal code.

Card data rules: ASCII digits only (anything else is refused with an inline error, never echoed),
every field is validated locally with `domain.card` and its `CardValidationError` shown under the
field. The number and security code exist only in these widgets and in the one `KeyedCard` handed to
`card_entered`; the fields are cleared whenever the dialog closes, whatever the outcome. Nothing here
logs or formats them.

Focus starts in the card number field (typed digits are never lost); Enter charges, Escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from dripos_terminal.domain.card import (
    ASCII_DIGITS,
    CardField,
    CardNumber,
    CardValidationError,
    KeyedCard,
    detect_brand,
    group_for_display,
    parse_cvc,
    parse_expiry,
    parse_postal_code,
)
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import money, tr_text
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label, set_role

DIGITS_ONLY = QT_TRANSLATE_NOOP("ManualEntryDialog", "Use the digits 0-9 only")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch in ASCII_DIGITS)


def _only_grouping(text: str, extra: str = " ") -> bool:
    return all(ch in ASCII_DIGITS or ch in extra for ch in text)


class ManualEntryDialog(QDialog):
    """Emits `card_entered(KeyedCard)` once, when every field is valid; then closes and clears."""

    card_entered = Signal(object)

    def __init__(
        self,
        amount_minor: int,
        currency: str,
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("manualEntryDialog")
        self.setWindowTitle(self.tr("Manual card entry"))
        describe(self, self.tr("Key the customer's card in: number, expiry, security code, postal code."))
        self._now = now
        layout = QVBoxLayout(self)
        layout.addWidget(
            make_label(
                self.tr("Key the card for {amount}").format(amount=money(amount_minor, currency)), "title"
            )
        )
        grid = QGridLayout()
        self.number = self._field("cardNumber", "1234 5678 9012 3456", 23)
        self.brand_label = make_label("", "muted", name="cardBrand")
        self.expiry = self._field("cardExpiry", self.tr("MM/YY"), 5)
        self.cvc = self._field("cardCvc", self.tr("CVC"), 4)
        self.cvc.setEchoMode(QLineEdit.EchoMode.Password)
        self.postal = self._field("cardPostal", self.tr("Postal code"), 10)
        self.errors: dict[CardField, QLabel] = {}
        rows = (
            (self.tr("Card number"), self.number, CardField.NUMBER, self.tr("The long number on the card.")),
            (self.tr("Expiry"), self.expiry, CardField.EXPIRY, self.tr("Month and year, as MM/YY.")),
            (
                self.tr("Security code"),
                self.cvc,
                CardField.CVC,
                self.tr("The 3 or 4 digits on the card; never stored."),
            ),
            (
                self.tr("Postal code"),
                self.postal,
                CardField.POSTAL_CODE,
                self.tr("The card's postal code, if asked."),
            ),
        )
        for row, (caption, edit, field, help_text) in enumerate(rows):
            grid.addWidget(make_label(caption, "muted"), row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            describe(edit, help_text, caption)
            error = WrapLabel("", "error", name=f"error_{field.value}")
            error.hide()
            self.errors[field] = error
            grid.addWidget(error, row * 2 + 1, 1)
        grid.addWidget(self.brand_label, 0, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.cancel_button = make_button(
            self.tr("Cancel"), name="manualCancel", description=self.tr("Close without charging (Escape).")
        )
        self.charge_button = make_button(
            self.tr("Charge card"),
            "primary",
            name="manualCharge",
            description=self.tr("Check the card and charge it (Enter)."),
        )
        self.buttons = FlowRow([self.cancel_button, self.charge_button], align_right=True)
        layout.addWidget(self.buttons)
        self.number.textEdited.connect(self._number_edited)
        self.expiry.textEdited.connect(self._expiry_edited)
        self.cvc.textEdited.connect(self._cvc_edited)
        self.cancel_button.clicked.connect(self.reject)
        self.charge_button.clicked.connect(self.submit)
        self.charge_button.setDefault(True)
        self.number.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.number.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # typed digits are never lost

    @staticmethod
    def _field(name: str, placeholder: str, max_length: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(max_length)
        return edit

    # -- live input -----------------------------------------------------------------------------
    def _number_edited(self, text: str) -> None:
        if not _only_grouping(text, " -"):
            self.show_error(CardField.NUMBER, DIGITS_ONLY)
        else:
            self.show_error(CardField.NUMBER, "")
        digits = _digits(text)
        self.number.setText(group_for_display(digits))
        brand = detect_brand(digits)
        self.brand_label.setText(brand.label if digits else "")

    def _expiry_edited(self, text: str) -> None:
        self.show_error(CardField.EXPIRY, "" if _only_grouping(text, "/ ") else DIGITS_ONLY)
        digits = _digits(text)[:4]
        self.expiry.setText(digits if len(digits) <= 2 else f"{digits[:2]}/{digits[2:]}")

    def _cvc_edited(self, text: str) -> None:
        self.show_error(CardField.CVC, "" if _only_grouping(text, "") else DIGITS_ONLY)
        self.cvc.setText(_digits(text))

    def show_error(self, field: CardField, message: str) -> None:
        label = self.errors[field]
        message = tr_text(message)
        label.setText(message)
        label.setVisible(bool(message))
        edit = {
            CardField.NUMBER: self.number,
            CardField.EXPIRY: self.expiry,
            CardField.CVC: self.cvc,
            CardField.POSTAL_CODE: self.postal,
        }[field]
        set_role(edit, "error" if message else "")

    # -- submit ---------------------------------------------------------------------------------
    def _validate(self) -> KeyedCard | None:
        """Check every field (all errors at once), then build the card. None if any field is bad."""
        failures: dict[CardField, str] = {}
        number: CardNumber | None = None
        try:
            number = CardNumber(self.number.text())
        except CardValidationError as exc:
            failures[exc.field] = exc.message
        checks: list[tuple[CardField, Callable[[], object]]] = [
            (CardField.EXPIRY, lambda: parse_expiry(self.expiry.text(), self._now())),
            (CardField.CVC, lambda: parse_cvc(self.cvc.text(), detect_brand(_digits(self.number.text())))),
        ]
        if self.postal.text().strip():
            checks.append((CardField.POSTAL_CODE, lambda: parse_postal_code(self.postal.text())))
        for field, check in checks:
            try:
                check()
            except CardValidationError as exc:
                failures[field] = exc.message
        for field in CardField:
            self.show_error(field, failures.get(field, ""))
        if failures or number is None:
            if number is not None:
                number.drop()
            return None
        number.drop()
        try:
            return KeyedCard.parse(
                self.number.text(),
                self.expiry.text(),
                self.cvc.text(),
                self.postal.text().strip() or None,
                now=self._now(),
            )
        except CardValidationError as exc:
            self.show_error(exc.field, exc.message)
            return None

    def submit(self) -> None:
        card = self._validate()
        if card is None:
            return
        self.clear()
        self.card_entered.emit(card)
        self.accept()

    def clear(self) -> None:
        """Forget everything typed (fields, brand, errors)."""
        for edit in (self.number, self.expiry, self.cvc, self.postal):
            edit.setText("")  # unlike clear(), setText also empties the undo history
        self.brand_label.clear()

    def done(self, result: int) -> None:
        self.clear()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.clear()
        super().closeEvent(event)
