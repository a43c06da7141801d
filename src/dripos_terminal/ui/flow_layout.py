"""A layout that places its items left to right and wraps to a new row when the width runs out.

Rows of buttons (the footer's navigation, the banner's actions, category chips, menu tiles, a
screen's action buttons) ask for no more width than their widest item: on a 1024 px screen they wrap
to a second row instead of widening the window past the screen. The height follows the width
(`heightForWidth`), which the `QScrollArea`s and box layouts holding these rows honour.

After Qt's own "Flow Layout" example, with an optional `stretch_items`: each row's items share the
row's spare width (touch tiles of equal width that fill their panel).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        spacing: int = 8,
        stretch_items: bool = False,
        align_right: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._stretch = stretch_items
        self._right = align_right
        self.setContentsMargins(0, 0, 0, 0)

    # -- QLayout's item list ------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        if 0 <= index < len(self._items):
            return self._items.pop(index)
        return None

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802
        """Put `widget` at `index` (its place in the reading and tab order)."""
        self.addChildWidget(widget)
        self.addWidget(widget)  # appended as the last item by addItem
        item = self._items.pop()
        self._items.insert(max(0, min(index, len(self._items))), item)
        self.invalidate()

    # -- sizes ----------------------------------------------------------------------------------
    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """One row of everything (what the layout would like), never more than a screen's width."""
        width, height = 0, 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: narrower than that the row cannot go, wider it wraps."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        margins: QMargins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- placing --------------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            hint = item.sizeHint().width()
            if rows[-1] and used + self._spacing + hint > width:
                rows.append([])
                used = 0
            used += hint + (self._spacing if rows[-1] else 0)
            rows[-1].append(item)
        return [row for row in rows if row]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for row in self._rows(area.width()):
            hints = [item.sizeHint() for item in row]
            widths = [min(h.width(), area.width()) for h in hints]
            spare = area.width() - sum(widths) - self._spacing * (len(row) - 1)
            if self._stretch and spare > 0:
                extra, rest = divmod(spare, len(row))
                widths = [w + extra + (1 if i < rest else 0) for i, w in enumerate(widths)]
                spare = 0
            height = max(h.height() for h in hints)
            x = area.x() + (spare if self._right and spare > 0 else 0)
            for item, w in zip(row, widths, strict=True):
                if apply:
                    widget = item.widget()
                    policy = widget.sizePolicy() if widget is not None else None
                    grows = policy is not None and policy.verticalPolicy() in (
                        QSizePolicy.Policy.Expanding,
                        QSizePolicy.Policy.MinimumExpanding,
                        QSizePolicy.Policy.Preferred,
                    )
                    item.setGeometry(
                        QRect(QPoint(x, y), QSize(w, height if grows else item.sizeHint().height()))
                    )
                x += w + self._spacing
            y += height + self._spacing
        return (
            y - self._spacing - rect.y() + margins.bottom()
            if y > area.y()
            else margins.top() + margins.bottom()
        )
