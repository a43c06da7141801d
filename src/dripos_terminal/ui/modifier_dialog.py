"""Pick an item's modifiers with touch chips: size (required), milk, syrups, shots.

Rules come from the catalog (`min`/`max` per group); the "Add" button is enabled only when
`Catalog.resolve_modifiers` accepts the selection, and the price shown is the domain's price.
Single-choice groups behave like radio buttons (an optional one can be tapped off again);
multi-choice groups refuse a tap beyond their maximum.

Keyboard: the first chip has the focus; Tab / arrows move between chips, Space toggles one, Enter
adds the item, Escape cancels.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from dripos_terminal.ui.i18n import money
from dripos_terminal.ui.widgets import FlowRow, WrapLabel, describe, make_button, make_label


class ModifierDialog(QDialog):
    """`selections()` → {group id: [option ids]} once accepted."""

    def __init__(self, catalog: Any, item: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modifierDialog")
        self.setWindowTitle(item.name)
        self.setMaximumWidth(760)
        describe(self, self.tr("Choose the options of {item}, then Add.").format(item=item.name))
        self._catalog, self._item = catalog, item
        self._chips: dict[str, dict[str, QPushButton]] = {}
        self._groups = {g.id: g for g in catalog.groups_for(item)}

        layout = QVBoxLayout(self)
        layout.addWidget(make_label(item.name, "title"))
        for group in catalog.groups_for(item):
            layout.addWidget(self._group_frame(group))
        self.message = WrapLabel("", "muted", name="modifierMessage")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.price_label = WrapLabel("", "total", name="modifierPrice")
        row.addWidget(self.price_label, 1)
        self.cancel_button = make_button(
            self.tr("Cancel"), name="modifierCancel", description=self.tr("Close without adding (Escape).")
        )
        self.add_button = make_button(
            self.tr("Add"),
            "primary",
            name="modifierAdd",
            description=self.tr("Add the item as chosen (Enter)."),
        )
        self.add_button.setDefault(True)
        row.addWidget(self.cancel_button)
        row.addWidget(self.add_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.add_button.clicked.connect(self._accept_if_valid)
        self._refresh()
        first = next((c for chips in self._chips.values() for c in chips.values()), None)
        if first is not None:
            first.setFocus()

    def _group_frame(self, group: Any) -> QFrame:
        frame = QFrame()
        frame.setObjectName("card")
        column = QVBoxLayout(frame)
        if group.required:
            caption = self.tr("{group} (required)").format(group=group.name)
        elif group.max_select == 1:
            caption = group.name
        else:
            caption = self.tr("{group} (up to {count})").format(group=group.name, count=group.max_select)
        column.addWidget(WrapLabel(caption, "muted"))
        chips = FlowRow(spacing=6)
        self._chips[group.id] = {}
        for option in group.options:
            delta = self._catalog.option_price(self._item, group.id, option.id)
            price = money(delta.amount, delta.currency)
            text = option.name if delta.is_zero else f"{option.name} +{price}"
            chip = make_button(
                text,
                "chip",
                name=f"chip_{group.id}_{option.id}",
                description=self.tr("{group}: {option}").format(group=group.name, option=option.name),
            )
            chip.setCheckable(True)
            chip.clicked.connect(lambda checked, g=group.id, o=option.id: self._toggled(g, o, checked))
            chips.add(chip)
            self._chips[group.id][option.id] = chip
        column.addWidget(chips)
        return frame

    def _toggled(self, group_id: str, option_id: str, checked: bool) -> None:
        group = self._groups[group_id]
        chips = self._chips[group_id]
        if checked and group.max_select == 1:
            for oid, chip in chips.items():
                if oid != option_id:
                    chip.setChecked(False)
        elif checked and sum(c.isChecked() for c in chips.values()) > group.max_select:
            chips[option_id].setChecked(False)
            self.message.setText(
                self.tr("{group}: at most {count}").format(group=group.name, count=group.max_select)
            )
            return
        elif not checked and group.max_select == 1 and group.min_select == 1:
            chips[option_id].setChecked(True)  # a required single choice cannot be emptied
        self.message.setText("")
        self._refresh()

    def choose(self, group_id: str, option_id: str) -> None:
        """Tap a chip (tests and keyboard helpers)."""
        self._chips[group_id][option_id].click()

    def selections(self) -> dict[str, list[str]]:
        return {
            gid: [oid for oid, chip in chips.items() if chip.isChecked()]
            for gid, chips in self._chips.items()
            if any(chip.isChecked() for chip in chips.values())
        }

    def _resolved(self) -> tuple[Any, ...] | None:
        try:
            return tuple(self._catalog.resolve_modifiers(self._item, self.selections()))
        except ValueError:
            return None

    def _refresh(self) -> None:
        mods = self._resolved()
        self.add_button.setEnabled(mods is not None)
        if mods is None:
            missing = [
                g.name
                for g in self._groups.values()
                if g.required and not any(c.isChecked() for c in self._chips[g.id].values())
            ]
            self.price_label.setText(
                self.tr("Choose {groups}").format(groups=", ".join(missing).lower()) if missing else ""
            )
            return
        total = self._item.price.amount + sum(m.price.amount for m in mods)
        self.price_label.setText(money(total, self._item.price.currency))

    def _accept_if_valid(self) -> None:
        if self._resolved() is not None:
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._accept_if_valid()
        else:
            super().keyPressEvent(event)
