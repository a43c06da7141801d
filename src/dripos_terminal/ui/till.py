"""Navigation of the till: login → sell → receipt → sell, history, sign out.

Owns no business logic: it listens to the screens' signals and switches the main window's stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from dripos_terminal.services.views import OrderView
from dripos_terminal.ui.history_screen import HistoryScreen
from dripos_terminal.ui.login_screen import LoginScreen
from dripos_terminal.ui.main_window import MainWindow
from dripos_terminal.ui.receipt_view import ReceiptView
from dripos_terminal.ui.sell_screen import SellScreen

LOGIN, SELL, RECEIPT, HISTORY = "login", "sell", "receipt", "history"


class Till(QObject):
    def __init__(
        self,
        window: MainWindow,
        *,
        login: LoginScreen,
        sell: SellScreen,
        receipt: ReceiptView,
        history: HistoryScreen,
    ) -> None:
        super().__init__(window)
        self.window, self.login, self.sell, self.receipt, self.history = window, login, sell, receipt, history
        self.actor: Any = None
        self._signed_in_buttons: list[Any] = []
        self.on_sign_out: list[Any] = []  # called after a sign-out (e.g. Settings drops its manager)
        for name, screen in ((LOGIN, login), (SELL, sell), (RECEIPT, receipt), (HISTORY, history)):
            window.add_screen(name, screen)
        self.sell_nav = window.add_nav_button(
            self.tr("Till"), self.show_sell, name="navSell", description=self.tr("Back to selling.")
        )
        self.history_nav = window.add_nav_button(
            self.tr("Orders"),
            self.show_history,
            name="navHistory",
            description=self.tr("Today's orders: receipts, voids and refunds."),
        )
        self.sign_out_nav = window.add_nav_button(
            self.tr("Sign out"),
            self.sign_out,
            name="navSignOut",
            description=self.tr("Sign out of the till."),
        )
        login.logged_in.connect(self.signed_in)
        sell.order_completed.connect(self.order_completed)
        receipt.new_order_requested.connect(self.show_sell)
        history.back_requested.connect(self.show_sell)
        history.receipt_requested.connect(lambda view: self.show_receipt(view, headline=self.tr("Receipt")))
        history.collect_requested.connect(self.collect)
        self._set_nav(False)
        window.show_screen(LOGIN)

    def add_signed_in_button(self, button: Any) -> None:
        """HOOK (settings and similar): a nav button shown only while someone is signed in."""
        self._signed_in_buttons.append(button)
        button.setVisible(self.actor is not None)

    def _set_nav(self, signed_in: bool) -> None:
        for button in (self.sell_nav, self.history_nav, self.sign_out_nav, *self._signed_in_buttons):
            button.setVisible(signed_in)

    def signed_in(self, member: Any) -> None:
        self.actor = member
        self.window.set_staff(member)
        self.sell.begin(member)
        self.history.set_actor(member)
        self._set_nav(True)
        self.window.show_screen(SELL)

    def sign_out(self) -> None:
        self.actor = None
        self.window.set_staff(None)
        self.login.reset()
        self._set_nav(False)
        self.window.show_screen(LOGIN)
        for listener in list(self.on_sign_out):
            listener()

    def show_sell(self) -> None:
        if self.actor is not None:
            self.window.show_screen(SELL)

    def show_history(self) -> None:
        if self.actor is not None:
            self.window.show_screen(HISTORY)
            self.history.reload()

    def collect(self, sale: Any) -> None:
        """Orders → "Take payment": the till takes an order's balance due."""
        self.window.show_screen(SELL)
        self.sell.take_payment_for(sale)

    def show_receipt(self, view: OrderView, *, headline: str = "") -> None:
        self.receipt.show_order(view, headline=headline)
        self.window.show_screen(RECEIPT)

    def order_completed(self, view: OrderView) -> None:
        self.window.set_order_number(view.display_number)
        self.show_receipt(view)
