"""The strip a broken `config.toml` puts at the top of the till: safe mode, what is wrong, the fix."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from dripos_terminal.config import ConfigProblem
from dripos_terminal.ui.settings_common import wrapped

HEADLINE = "Safe mode: cash only. The till's settings file has a problem, so card payments are off."


class SafeModeStrip(QFrame):
    def __init__(self, problem: ConfigProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safeModeStrip")
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 6, 12, 6)
        self.headline = wrapped(HEADLINE, "error", name="safeModeHeadline")
        self.problem = wrapped(problem.message, name="safeModeProblem")
        self.fix = wrapped(f"To fix: {problem.fix}", "muted", name="safeModeFix")
        for label in (self.headline, self.problem, self.fix):
            col.addWidget(label)
