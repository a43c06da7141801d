"""The till's areas, built and wired in one place, in one fixed order.

`wire_till(shell, features)` builds each area the features ask for — the incident banner, card
checkout, offline payments (which need cards: stored payments are forwarded on their endpoint), the
receipt printer, the manager's close-out (on the offline forwarder and the printer), the demo screen —
and then connects them explicitly:

- every card result goes to the banner's local health monitor, to the connectivity state and to
  the one status vocabulary (`composition.till_status`): the footer, the offline strip and the
  banner say the same thing about card payments;
- the banner's buttons run the offline switch, "go back online" and manual card entry (or, without
  offline payments, only "go back online");
- the Card button is enabled once the start-up recovery of card payments is done, routed to the
  offline card dialog while offline payments are taken;
- the demo screen collects the areas' demo panels.

Nothing else reaches into another area, and no area depends on being built after another one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from dripos_terminal.composition.cards import CardOptions, CardPayments, build_cards
from dripos_terminal.composition.closeout import CloseoutWiring, build_closeout_screens
from dripos_terminal.composition.demo import build_demo_screen
from dripos_terminal.composition.offline import OfflineOptions, OfflineWiring, build_offline
from dripos_terminal.composition.printer import PrinterOptions, PrinterWiring, build_printer
from dripos_terminal.composition.shell import Shell
from dripos_terminal.composition.status import StatusWiring, build_status
from dripos_terminal.composition.till_status import TillStatusPresenter
from dripos_terminal.domain.payment import PaymentKind
from dripos_terminal.status.health import Check
from dripos_terminal.status.model import Action
from dripos_terminal.ui.tender_dialog import CardHandler

log = logging.getLogger("dripos_terminal.app")


@dataclass(frozen=True)
class Features:
    """Which areas this till runs (the product runs all of them; tests pick)."""

    status: bool = False
    cards: CardOptions | None = None
    offline: OfflineOptions | None = None  # only with cards
    printer: PrinterOptions | None = None
    demo_screen: bool = False
    settings: bool = False  # the Settings screen, the safe-mode strip, live changes (composition.setup)
    closeout: bool = False  # the Manager home: offline batch, cash drawer, X/Z reports, past days

    @classmethod
    def product(cls) -> Features:
        return cls(
            status=True,
            cards=CardOptions(),
            offline=OfflineOptions(),
            printer=PrinterOptions(),
            demo_screen=True,
            settings=True,
            closeout=True,
        )


@dataclass(frozen=True)
class TillWiring:
    status: StatusWiring | None = None
    cards: CardPayments | None = None
    offline: OfflineWiring | None = None
    printer: PrinterWiring | None = None
    closeout: CloseoutWiring | None = None
    actions: dict[Action, Callable[[], None]] = field(default_factory=dict)  # the banner's buttons
    till_status: TillStatusPresenter | None = None  # the footer, strip and banner's one vocabulary

    def run_action(self, action: Action) -> None:
        handler = self.actions.get(action)
        if handler is None:
            log.warning("no handler for incident action %s", action.value)
            return
        handler()


def wire_till(shell: Shell, features: Features) -> TillWiring:
    status = build_status(shell) if features.status else None
    words = TillStatusPresenter(shell.window) if features.cards is not None else None
    cards = build_cards(shell, features.cards, words) if features.cards is not None and words else None
    offline = None
    if features.offline is not None and cards is not None:
        offline = build_offline(shell, cards, features.offline, status)
    printer = build_printer(shell, features.printer) if features.printer is not None else None
    closeout = build_closeout_screens(shell, offline, printer) if features.closeout else None
    actions = _banner_actions(status, offline)
    wiring = TillWiring(status, cards, offline, printer, closeout, actions, words)
    if status is not None:
        status.banner.action_requested.connect(wiring.run_action)
    if words is not None and offline is not None:
        words.attach_offline(offline.strip, lambda: offline.connectivity.state)
        offline.words = words
    if words is not None and status is not None:
        words.attach_banner(status.banner, filter_actions=offline is not None)
    if cards is not None:
        _connect_cards(shell, cards, status, offline)
    if offline is not None:
        offline.start()
    if features.demo_screen:
        build_demo_screen(shell, _demo_panels(shell, wiring))
    return wiring


def _banner_actions(
    status: StatusWiring | None, offline: OfflineWiring | None
) -> dict[Action, Callable[[], None]]:
    actions: dict[Action, Callable[[], None]] = {}
    if status is not None:
        actions[Action.GO_BACK_ONLINE] = status.bridge.went_back_online
    if offline is not None:  # going back online is accepted first, then the bridge is told
        actions[Action.SWITCH_TO_OFFLINE] = offline.switch_offline
        actions[Action.GO_BACK_ONLINE] = offline.go_back_online
        actions[Action.MANUAL_CARD_ENTRY] = offline.manual_card_entry
    return actions


def _connect_cards(
    shell: Shell, cards: CardPayments, status: StatusWiring | None, offline: OfflineWiring | None
) -> None:
    if status is not None:
        bridge = status.bridge
        cards.on_payment_failure.append(bridge.report_failure)
        cards.on_payment_success.append(lambda _kind: bridge.report_success(Check.PAYMENT))
    cards.on_payment_failure.append(cards.status.payment_failed)
    cards.on_payment_success.append(cards.status.payment_worked)
    if offline is not None:
        service = offline.service
        cards.on_payment_failure.append(service.payment_failed)
        cards.on_payment_success.append(_ignore_kind(service.payment_succeeded))
        cards.go_offline = offline.switch_offline  # offered in the card dialog after a reader failure
    handler: CardHandler = offline.card_handler if offline is not None else cards.handler
    sell = shell.till.sell

    def enable_card_button() -> None:
        sell.card_handler = handler

    cards.start(enable_card_button)


def _ignore_kind(fn: Callable[[], None]) -> Callable[[PaymentKind], None]:
    return lambda _kind: fn()


def _demo_panels(shell: Shell, wiring: TillWiring) -> list[Callable[[], QWidget]]:
    panels: list[Callable[[], QWidget]] = []
    cards, status, offline, printer = wiring.cards, wiring.status, wiring.offline, wiring.printer
    if cards is not None and cards.sim is not None:
        panels.append(cards.demo_panel)
    if status is not None and status.simulator is not None:
        panels.append(lambda: status.demo_panel(shell))
    if offline is not None and offline.options.demo_manual_entry:
        panels.append(offline.demo_panel)
    if printer is not None and printer.device is not None:
        panels.append(printer.build_demo_panel)
    return panels
