"""A network receipt printer on loopback: a real TCP server that speaks like an ESC/POS printer's raw
port (9100), for `socket://` tests and the packaging check.

It answers each ``DLE EOT n`` with the status byte a real printer in its state would send
(`escpos.encode_status`: paper out, cover open) and records every byte it receives. Threads, no
sleeps: `wait_for(n)` blocks on a Condition until n bytes have arrived.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from types import TracebackType

from dripos_terminal.peripherals.escpos import PrinterStatus, encode_status

DLE_EOT = b"\x10\x04"


class EscPosPeer:
    def __init__(self, status: PrinterStatus | None = None) -> None:
        self.status = status or PrinterStatus(online=True)
        self.received = bytearray()
        self.connections = 0
        self._changed = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        host, port = self._server.getsockname()[:2]
        self.url = f"socket://{host}:{port}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> EscPosPeer:
        accept = threading.Thread(target=self._accept, name="escpos-peer", daemon=True)
        accept.start()
        self._threads.append(accept)
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)
        self._server.close()

    def wait_for(self, count: int, timeout: float = 10.0) -> bytes:
        """What has arrived once `count` bytes have (or at the timeout)."""
        return self.wait_until(lambda data: len(data) >= count, timeout)

    def wait_until(self, done: Callable[[bytes], bool], timeout: float = 10.0) -> bytes:
        with self._changed:
            self._changed.wait_for(lambda: done(bytes(self.received)), timeout=timeout)
            return bytes(self.received)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            worker = threading.Thread(target=self._serve, args=(conn,), name="escpos-peer-conn", daemon=True)
            worker.start()
            self._threads.append(worker)

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        pending = b""
        with conn:
            while not self._stop.is_set():
                try:
                    data = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not data:
                    return
                with self._changed:
                    self.received += data
                    self._changed.notify_all()
                pending += data
                replies = bytearray()
                while (at := pending.find(DLE_EOT)) >= 0 and len(pending) > at + 2:
                    replies.append(encode_status(self.status).get(pending[at + 2], 0x12))
                    pending = pending[at + 3 :]
                pending = pending[-2:]  # a DLE EOT split across two reads
                if replies:
                    conn.sendall(bytes(replies))
