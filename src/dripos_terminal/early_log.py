"""The log's line format, and start-up's log before the log file is set up.

The till's window is painted before its log file, crash reporter and redaction filter are loaded
(`composition.diagnostics`). `EarlyLog` covers that gap: each record goes to stderr at once and is
kept, to be written to the log file once it is open (`replay`). Nothing secret is in the process
yet then — the store is unlocked, and the passphrase or a Stripe key read, only after the real log
is in place — so these few lines need no redaction. Standard library only.
"""

from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"


class EarlyLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter(FORMAT))
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        stream = sys.stderr
        if stream is not None:
            stream.write(self.format(record) + "\n")
            stream.flush()

    def replay(self, handler: logging.Handler) -> None:
        """Hand the kept records to `handler` (the log file), through its filters."""
        records, self.records = self.records, []
        for record in records:
            handler.handle(record)


def start_early_log() -> EarlyLog:
    """Until `composition.diagnostics.Diagnostics.install` replaces it with the real log."""
    handler = EarlyLog()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler
