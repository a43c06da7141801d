"""The UI side of the adapters' `Prompt` port: worker-thread prompts become queued Qt signals.

Adapters call `show(kind, text)` on the worker thread that runs the payment (Electrum's
`QtHandlerBase`). This object only emits a signal; the receiver lives on the GUI thread, so Qt
delivers it queued and no widget is ever touched from the worker.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from dripos_terminal.payments.ports import PromptKind


class CardPromptBridge(QObject):
    """Implements `payments.ports.Prompt`. `prompted(PromptKind, str)` arrives on the GUI thread."""

    prompted = Signal(object, str)

    def show(self, kind: PromptKind, text: str) -> None:
        self.prompted.emit(kind, text)
