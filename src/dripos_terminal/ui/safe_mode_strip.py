"""The strip a broken `config.toml` puts at the top of the till: safe mode, what is wrong, the fix."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from dripos_terminal.config import ConfigProblem
from dripos_terminal.i18n import QT_TRANSLATE_NOOP
from dripos_terminal.ui.i18n import tr_text
from dripos_terminal.ui.settings_common import wrapped
from dripos_terminal.ui.widgets import describe

HEADLINE_TEXT = QT_TRANSLATE_NOOP(
    "SafeModeStrip", "Safe mode: cash only. The till's settings file has a problem, so card payments are off."
)
HEADLINE = str(HEADLINE_TEXT)


class SafeModeStrip(QFrame):
    def __init__(self, problem: ConfigProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safeModeStrip")
        col = QVBoxLayout(self)
        col.setContentsMargins(12, 6, 12, 6)
        self.headline = wrapped(tr_text(HEADLINE_TEXT), "error", name="safeModeHeadline")
        self.problem = wrapped(tr_text(problem.message), name="safeModeProblem")
        self.fix = wrapped(
            self.tr("To fix: {fix}").format(fix=tr_text(problem.fix)), "muted", name="safeModeFix"
        )
        describe(self, self.headline.text())
        for label in (self.headline, self.problem, self.fix):
            col.addWidget(label)
