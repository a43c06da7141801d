"""Manager setting: offline manual card entry on or off (off by default), with what it means.

The dialog shows `OFFLINE_MANUAL_ENTRY_NOTICE` (PCI DSS scope for stored card data; Stripe must have
enabled raw card data APIs; the merchant carries all decline risk; 24-hour deadline) and the current
setting. Changing it always takes a manager's PIN (`OverrideDialog` for `Permission.SETTINGS`, even
when a manager is signed in: it is a PCI-scope decision), then `OfflineCapture.set_manual_entry`
runs on a worker and audits the notice the manager accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dripos_terminal.domain.offline_policy import OFFLINE_MANUAL_ENTRY_NOTICE
from dripos_terminal.domain.staff import Permission
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.override_dialog import OverrideDialog
from dripos_terminal.ui.tasks import TaskRunner
from dripos_terminal.ui.widgets import (
    FlowRow,
    WrapLabel,
    describe,
    make_button,
    make_label,
    set_role,
    shown_error,
)

ON_TEXT = QT_TRANSLATE_NOOP("OfflineSettingsDialog", "Offline card entry is ON for this till.")
OFF_TEXT = QT_TRANSLATE_NOOP(
    "OfflineSettingsDialog", "Offline card entry is OFF (the default): while offline, only cash can be taken."
)


class OfflineSettingsDialog(QDialog):
    """`changed(bool)` after the new setting was committed."""

    changed = Signal(bool)

    def __init__(
        self,
        capture: Any,
        staff: Any,
        tasks: TaskRunner,
        actor: Callable[[], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("offlineSettingsDialog")
        self.setWindowTitle(self.tr("Offline card entry"))
        self.setMinimumWidth(520)
        describe(self, self.tr("Switch offline card entry on or off for this till (a manager's PIN)."))
        self._capture, self._staff, self._tasks, self._actor = capture, staff, tasks, actor
        self.enabled: bool | None = None
        self.override_dialog: OverrideDialog | None = None
        self._busy = False
        layout = QVBoxLayout(self)
        layout.addWidget(make_label(self.tr("Offline card entry"), "title"))
        layout.addWidget(WrapLabel(tr_text(OFFLINE_MANUAL_ENTRY_NOTICE), None, name="offlineNotice"))
        self.state_label = WrapLabel(self.tr("Reading the setting…"), "muted", name="offlineSettingState")
        layout.addWidget(self.state_label)
        self.message = WrapLabel("", "error", name="offlineSettingMessage")
        layout.addWidget(self.message)
        self.enable_button = make_button(
            self.tr("Enable (manager PIN)"),
            "warning",
            name="offlineEnable",
            description=self.tr("Allow keyed card payments to be stored while offline."),
        )
        self.disable_button = make_button(
            self.tr("Disable (manager PIN)"),
            None,
            name="offlineDisable",
            description=self.tr("Take only cash while offline."),
        )
        self.close_button = make_button(
            self.tr("Close"), "primary", name="offlineSettingsClose", description=self.tr("Close (Escape).")
        )
        layout.addWidget(
            FlowRow([self.enable_button, self.disable_button, self.close_button], align_right=True)
        )
        self.enable_button.clicked.connect(lambda _c=False: self.request(True))
        self.disable_button.clicked.connect(lambda _c=False: self.request(False))
        self.close_button.clicked.connect(lambda _c=False: self.accept())
        self._render()
        self._tasks.run(self._capture.manual_entry_enabled, self._loaded)

    def _loaded(self, enabled: Any, error: BaseException | None) -> None:
        if error is not None:
            self.message.setText(
                self.tr("The setting could not be read: {error}").format(error=shown_error(error))
            )
        else:
            self.enabled = bool(enabled)
        self._render()

    def request(self, enabled: bool) -> None:
        """Ask a manager's PIN, then change the setting on a worker."""
        actor = self._actor()
        if self._busy or self.enabled is None or enabled == self.enabled:
            return
        if actor is None:
            self.message.setText(self.tr("Sign in first."))
            return
        reason = (
            self.tr("Enable offline card entry on this till. A manager's PIN is required.")
            if enabled
            else self.tr("Disable offline card entry on this till. A manager's PIN is required.")
        )
        dialog = OverrideDialog(
            self._staff, self._tasks, actor, Permission.SETTINGS, reason=reason, parent=self
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.override_dialog = dialog

        def finished(result: int) -> None:
            self.override_dialog = None
            if result == QDialog.DialogCode.Accepted and dialog.authorization is not None:
                self._apply(enabled, dialog.authorization.approver)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    def _apply(self, enabled: bool, manager: Any) -> None:
        self._busy = True
        self.message.setText(self.tr("Saving…"))
        self._render()
        capture = self._capture

        def saved(_result: Any, error: BaseException | None) -> None:
            self._busy = False
            if error is not None:
                self.message.setText(self.tr("Not changed: {error}").format(error=shown_error(error)))
            else:
                self.enabled = enabled
                self.message.setText("")
                self.changed.emit(enabled)
            self._render()

        self._tasks.run(lambda: capture.set_manual_entry(enabled, manager), saved)

    def _render(self) -> None:
        if self.enabled is not None:
            self.state_label.setText(tr_text(ON_TEXT if self.enabled else OFF_TEXT))
            set_role(self.state_label, "ok" if self.enabled else "muted")
        known = self.enabled is not None and not self._busy
        self.enable_button.setVisible(self.enabled is not True)
        self.disable_button.setVisible(self.enabled is True)
        self.enable_button.setEnabled(known)
        self.disable_button.setEnabled(known)

    def done(self, result: int) -> None:
        if self.override_dialog is not None:
            self.override_dialog.reject()
        super().done(result)
