"""Stopgap for a PySide6 6.12 bug on Python 3.11.

Its abi3 wheels drop one reference to `None` on every void-returning call and one to `True` on every
signal emit. On 3.12+ these objects are immortal (PEP 683) and nothing happens; on 3.11 the count
eventually reaches zero and the interpreter aborts ("none_dealloc") — hours into a shift. The Makefile
builds on 3.12+ when the machine has it; this guard keeps a 3.11 install alive by giving the three
singletons a reserve of references no till can spend.
"""

from __future__ import annotations

import sys

_RESERVE = 1 << 40


def guard_singleton_refcounts() -> bool:
    """Returns True when the guard was needed (and applied)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes  # only here: the till's start on 3.12+ does not load it

    for obj in (None, True, False):
        # ob_refcnt is the first field of every CPython object header.
        ctypes.c_ssize_t.from_address(id(obj)).value += _RESERVE
    return True
