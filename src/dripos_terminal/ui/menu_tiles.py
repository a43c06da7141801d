"""The sell screen's menu: category chips and item tiles that fit any counter screen.

- `CategoryPicker`: one checkable chip per category (44 px and up), wrapping onto a second row on a
  narrow screen — every category stays visible, none hides behind tab-scrolling arrows — over a
  stack of pages; Ctrl+PgDown / Ctrl+PgUp and Alt+1…9 switch pages from the keyboard.
- `Tile`: an item as a button whose name wraps onto as many lines as it needs ("House Blend Beans
  1 lb" reads in full) above its price; the tiles of a page flow into as many columns as the width
  allows (`FlowRow`), from two on a 1024 px screen to six on a 1920 px one. Arrow keys move between
  tiles, Space adds the one with the focus.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dripos_terminal.ui.widgets import FlowRow, describe, make_button

TILE_WIDTH = 168
TILE_HEIGHT = 104


class Tile(QPushButton):
    """A menu item: its full name (wrapped, never cut) and its price or why it cannot be sold."""

    def __init__(self, name: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        self.name_label = self._label(name, "tileName")
        self.detail_label = self._label(detail, "tilePrice")
        layout.addStretch(1)
        layout.addWidget(self.name_label)
        layout.addWidget(self.detail_label)
        layout.addStretch(1)
        self._sync()

    @staticmethod
    def _label(text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return label

    def set_detail(self, detail: str) -> None:
        self.detail_label.setText(detail)
        self._sync()

    def _sync(self) -> None:
        self.setAccessibleName(f"{self.name_label.text()}, {self.detail_label.text()}")

    def text(self) -> str:
        """What the tile reads: its name and, below it, the price (or "86 — sold out")."""
        return f"{self.name_label.text()}\n{self.detail_label.text()}"

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(TILE_WIDTH, TILE_HEIGHT)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(TILE_WIDTH, TILE_HEIGHT)


class TilePage(QScrollArea):
    """One category's tiles, flowing into rows; scrolls down (never sideways) when they do not fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("screen")
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 8, 4, 8)
        self.row = FlowRow(spacing=10, stretch_items=True)
        column.addWidget(self.row)
        column.addStretch(1)
        self.setWidget(body)
        self.tiles: list[Tile] = []

    def add(self, tile: Tile) -> None:
        self.tiles.append(tile)
        self.row.add(tile)

    def neighbour(self, tile: Tile, key: int) -> Tile | None:
        """The tile left, right, above or below `tile` on screen (arrow keys)."""
        if tile not in self.tiles:
            return None
        here = tile.geometry().center()
        best: tuple[int, Tile] | None = None
        for other in self.tiles:
            if other is tile or not other.isEnabled():
                continue
            there = other.geometry().center()
            dx, dy = there.x() - here.x(), there.y() - here.y()
            if key == Qt.Key.Key_Right and dx > 0 and abs(dy) < TILE_HEIGHT // 2:
                score = dx
            elif key == Qt.Key.Key_Left and dx < 0 and abs(dy) < TILE_HEIGHT // 2:
                score = -dx
            elif key == Qt.Key.Key_Down and dy > 0:
                score = dy * 4 + abs(dx)
            elif key == Qt.Key.Key_Up and dy < 0:
                score = -dy * 4 + abs(dx)
            else:
                continue
            if best is None or score < best[0]:
                best = (score, other)
        return best[1] if best is not None else None


class CategoryPicker(QWidget):
    """Category chips over the pages of tiles. `changed(index)` when another category is shown."""

    changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("categoryPicker")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.bar = FlowRow(spacing=6)
        self.bar.setObjectName("categoryBar")
        self.stack = QStackedWidget()
        column.addWidget(self.bar)
        column.addWidget(self.stack, 1)
        self.chips: list[QPushButton] = []
        self.pages: list[TilePage] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)

    def add_category(self, name: str, description: str) -> TilePage:
        index = len(self.pages)
        chip = make_button(name.replace("&", "&&"), "chip", name=f"category_{index}", description=description)
        chip.setCheckable(True)
        chip.clicked.connect(lambda _checked=False, i=index: self.set_current(i))
        self._group.addButton(chip)
        self.bar.add(chip)
        self.chips.append(chip)
        page = TilePage()
        describe(page, description, name)
        self.stack.addWidget(page)
        self.pages.append(page)
        if index == 0:
            chip.setChecked(True)
        return page

    def count(self) -> int:
        return len(self.pages)

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def set_current(self, index: int) -> None:
        if not self.pages:
            return
        index = index % len(self.pages)
        self.chips[index].setChecked(True)
        if index != self.stack.currentIndex():
            self.stack.setCurrentIndex(index)
            self.changed.emit(index)

    def step(self, delta: int) -> None:
        self.set_current(self.current_index() + delta)

    def focus_first_tile(self) -> None:
        page = self.pages[self.current_index()] if self.pages else None
        tile = next((t for t in page.tiles if t.isEnabled()), None) if page else None
        if tile is not None:
            tile.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def handle_key(self, event: QKeyEvent, focused: QWidget | None) -> bool:
        """Keyboard: Ctrl+PgDown/PgUp, Alt+1…9 (categories), arrows (tiles). True when used."""
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        alt = bool(mods & Qt.KeyboardModifier.AltModifier)
        if ctrl and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.step(1 if key == Qt.Key.Key_PageDown else -1)
            self.focus_first_tile()
            return True
        if alt and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < self.count():
                self.set_current(index)
                self.focus_first_tile()
            return True
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        if key in arrows and isinstance(focused, Tile) and self.pages:
            target = self.pages[self.current_index()].neighbour(focused, key)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False


def tile_for(name: str, detail: str, *, enabled: bool, description: str, on_tap: Callable[[], None]) -> Tile:
    tile = Tile(name, detail)
    tile.setEnabled(enabled)
    tile.setAccessibleDescription(description)
    tile.clicked.connect(lambda _checked=False: on_tap())
    return tile
