"""Settings page: the menu — items, prices, categories, tax class, modifiers, "86" for the day,
and import/export as TOML (the whole menu) or CSV (the items).

Every change goes through `MenuService` on a worker, which refuses a menu the till could not sell
from; the sell screen redraws when the service reports the change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.services.menu import format_of
from dripos_terminal.ui.settings_common import SettingsDeps, SettingsPage
from dripos_terminal.ui.widgets import describe, make_button, touch_list

NEW = "__new__"


class MenuPage(SettingsPage):
    title = QT_TRANSLATE_NOOP("MenuPage", "Menu")
    intro = QT_TRANSLATE_NOOP(
        "MenuPage",
        "Choose an item to change it, or add one. \u201c86\u201d takes an item off the till for today only.",
    )
    save_text = QT_TRANSLATE_NOOP("MenuPage", "Save item")

    def __init__(self, deps: SettingsDeps, parent: QWidget | None = None) -> None:
        super().__init__(deps, parent)
        self.items = QListWidget()
        self.items.setObjectName("menuItems")
        self.items.setMinimumHeight(180)
        touch_list(self.items)
        describe(
            self.items, self.tr("Choose an item of the menu to change, or add one."), self.tr("Menu items")
        )
        self.items.currentRowChanged.connect(self._selected)
        self.body.insertWidget(0, self.items)
        self.item_id = self.row(
            self.tr("Id (letters, digits, _)"),
            QLineEdit(),
            self.tr("A short name for the item that never changes."),
        )
        self.item_id.setObjectName("menuItemId")
        self.name = self.row(self.tr("Name"), QLineEdit(), self.tr("The name on the tile and the receipt."))
        self.name.setObjectName("menuItemName")
        self.price = self.row(self.tr("Price"), QLineEdit(), self.tr("Like 4.50."))
        self.price.setObjectName("menuItemPrice")
        self.category = self.row(
            self.tr("Category"), QComboBox(), self.tr("Choose one, or type a new name to create it.")
        )
        self.category.setObjectName("menuItemCategory")
        self.category.setEditable(True)  # a new name creates the category
        self.tax_class = self.row(self.tr("Tax class"), QComboBox(), self.tr("Which sales tax rate applies."))
        self.tax_class.setObjectName("menuItemTax")
        groups = QWidget()
        self.group_grid = QGridLayout(groups)
        self.group_grid.setContentsMargins(0, 0, 0, 0)
        self.row(self.tr("Modifiers"), groups, self.tr("The choices offered with the item."))
        self.group_boxes: dict[str, QCheckBox] = {}
        self.unavailable = QCheckBox(self.tr("86 — sold out for today"))
        self.unavailable.setObjectName("menuItem86")
        describe(
            self.unavailable,
            self.tr("Take the item off the till until the end of today."),
            self.tr("86 — sold out for today"),
        )
        self.unavailable.toggled.connect(self.toggle_86)
        self.body.addWidget(self.unavailable)
        files = QHBoxLayout()
        self.import_button = make_button(
            self.tr("Import…"),
            name="menuImport",
            description=self.tr("Read a whole menu (TOML) or items (CSV)."),
        )
        self.export_button = make_button(
            self.tr("Export…"),
            name="menuExport",
            description=self.tr("Write the menu to a TOML or CSV file."),
        )
        self.remove_button = make_button(
            self.tr("Remove item"),
            "danger",
            name="menuRemove",
            description=self.tr("Take the item off the menu."),
        )
        for button in (self.import_button, self.export_button, self.remove_button):
            files.addWidget(button)
        files.addStretch(1)
        self.body.addLayout(files)
        self.body.addStretch(1)
        self.import_button.clicked.connect(self.ask_import)
        self.export_button.clicked.connect(self.ask_export)
        self.remove_button.clicked.connect(self.remove)
        self.doc: dict[str, Any] = {}
        self.gone: frozenset[str] = frozenset()

    # -- reading ---------------------------------------------------------------------------------
    def load(self) -> None:
        menu = self.deps.shop.menu
        self.run(lambda: (menu.document(), menu.unavailable_today()), self._loaded, saving=False)

    def _loaded(self, result: Any) -> str:
        self.doc, self.gone = result
        current = self.selected_id()
        self.items.blockSignals(True)
        self.items.clear()
        add = QListWidgetItem(self.tr("＋ Add an item"))
        add.setData(256, NEW)
        self.items.addItem(add)
        for item in self.doc["items"]:
            mark = "  (86)" if item["id"] in self.gone else ""
            entry = QListWidgetItem(f"{item['name']} — {item['price']}{mark}")
            entry.setData(256, item["id"])
            self.items.addItem(entry)
        self.items.blockSignals(False)
        self.category.clear()
        for category in self.doc["categories"]:
            self.category.addItem(category["name"], category["id"])
        self.tax_class.clear()
        for tax_id, name in self.doc["tax_classes"].items():
            self.tax_class.addItem(name, tax_id)
        for box in self.group_boxes.values():
            box.deleteLater()
        self.group_boxes = {}
        for index, group in enumerate(self.doc["modifier_groups"]):
            box = QCheckBox(group["name"])
            box.setObjectName(f"menuGroup_{group['id']}")
            describe(box, self.tr("Offer {group} with this item.").format(group=group["name"]), group["name"])
            self.group_grid.addWidget(box, index // 3, index % 3)
            self.group_boxes[group["id"]] = box
        ids = [NEW, *[it["id"] for it in self.doc["items"]]]
        self.items.setCurrentRow(ids.index(current) if current in ids else 0)
        self._selected(self.items.currentRow())
        return ""

    def selected_id(self) -> str:
        entry = self.items.currentItem()
        return str(entry.data(256)) if entry is not None else NEW

    def item(self) -> dict[str, Any] | None:
        return next((it for it in self.doc.get("items", []) if it["id"] == self.selected_id()), None)

    def select(self, item_id: str) -> None:
        for row in range(self.items.count()):
            if self.items.item(row).data(256) == item_id:
                self.items.setCurrentRow(row)
                return

    def _selected(self, _row: int) -> None:
        item = self.item()
        self.item_id.setEnabled(item is None)
        self.item_id.setText(item["id"] if item else "")
        self.name.setText(item["name"] if item else "")
        self.price.setText(item["price"] if item else "")
        index = self.category.findData(item["category"]) if item else 0
        self.category.setCurrentIndex(max(index, 0))
        self.tax_class.setCurrentIndex(max(self.tax_class.findData(item["tax_class"]) if item else 0, 0))
        chosen = set(item.get("modifier_groups", [])) if item else set()
        for group_id, box in self.group_boxes.items():
            box.setChecked(group_id in chosen)
        self.unavailable.blockSignals(True)
        self.unavailable.setChecked(item is not None and item["id"] in self.gone)
        self.unavailable.setEnabled(item is not None)
        self.unavailable.blockSignals(False)
        self.remove_button.setEnabled(item is not None)

    # -- changes -------------------------------------------------------------------------------
    def _category(self) -> tuple[str, str, bool]:
        """(id, name, new?) of the category typed or chosen (read on the GUI thread)."""
        text = self.category.currentText().strip()
        index = self.category.findText(text)
        if index >= 0 and self.category.itemData(index):
            return str(self.category.itemData(index)), text, False
        category_id = "".join(ch if ch.isalnum() else "_" for ch in text.lower()).strip("_") or "other"
        return category_id, text, True

    def save(self) -> None:
        menu, actor = self.deps.shop.menu, self.deps.actor()
        category_id, category_name, new_category = self._category()
        fields = {
            "id": self.item_id.text().strip(),
            "name": self.name.text().strip(),
            "price": self.price.text().strip(),
            "category": category_id,
            "tax_class": self.tax_class.currentData(),
            "modifier_groups": [g for g, box in self.group_boxes.items() if box.isChecked()],
        }

        def work() -> Any:
            if new_category:
                menu.save_category(actor, category_id, category_name)
            return menu.update_item(actor, fields)

        def ok(_catalog: Any) -> str:
            return self.reload_showing(
                self.tr("{name} saved; the till sells it at once.").format(name=fields["name"])
            )

        self.run(work, ok)

    def remove(self) -> None:
        item = self.item()
        if item is None:
            return
        menu, actor = self.deps.shop.menu, self.deps.actor()
        self.run(
            lambda: menu.remove_item(actor, item["id"]),
            lambda _c: self.reload_showing(self.tr("{name} removed.").format(name=item["name"])),
        )

    def toggle_86(self, checked: bool) -> None:
        item = self.item()
        if item is None:
            return
        menu, actor = self.deps.shop.menu, self.deps.actor()
        text = (
            self.tr("{name} is 86 for today.") if checked else self.tr("{name} is back on the till.")
        ).format(name=item["name"])
        self.run(
            lambda: menu.set_unavailable(actor, item["id"], checked),
            lambda _g: self.reload_showing(text),
            saving=False,
        )

    # -- files ---------------------------------------------------------------------------------
    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import the menu"), "", self.tr("Menu (*.toml *.csv)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        menu, actor = self.deps.shop.menu, self.deps.actor()

        def work() -> Any:
            return menu.import_text(actor, path.read_text(encoding="utf-8"), format_of(path))

        self.run(
            work,
            lambda c: self.reload_showing(
                self.tr("Imported {count} items from {file}.").format(count=len(c.items), file=path.name)
            ),
        )

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the menu"), "menu.toml", self.tr("Menu (*.toml *.csv)")
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        menu = self.deps.shop.menu

        def work() -> None:
            path.write_text(menu.export_text(format_of(path)), encoding="utf-8")

        self.run(work, lambda _r: self.tr("Menu written to {path}.").format(path=path), saving=False)
