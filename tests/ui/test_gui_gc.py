"""Cyclic garbage is collected on the GUI thread only: a worker thread that allocates past every
threshold frees no cycle (a Qt object in one would be deleted off the GUI thread, a crash), and the
collector's timer slot frees it on the GUI thread."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from dripos_terminal.ui.gui_gc import GuiGarbageCollector


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


@pytest.fixture
def low_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(10, 2, 2)
    yield
    gc.set_threshold(*before)


def test_start_turns_automatic_collection_off_and_stop_restores_it() -> None:
    gc.enable()
    collector = GuiGarbageCollector()
    collector.start()
    try:
        assert not gc.isenabled() and collector.running
    finally:
        collector.stop()
    assert gc.isenabled() and not collector.running
    gc.disable()  # as the suite runs (tests/conftest.py)


def test_a_worker_allocating_frees_no_cycle_and_the_gui_thread_does(low_thresholds: None) -> None:
    collector = GuiGarbageCollector()
    collector.start()
    try:
        gc.collect()
        cycle = Node()
        alive = weakref.ref(cycle)
        del cycle

        kept: list[list[object]] = []

        def allocate() -> None:
            kept.extend([] for _ in range(50_000))  # far past every (lowered) threshold, kept alive

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert alive() is not None  # nothing collected on the worker

        freed = collector.collect_due()  # the timer's slot, on this (the GUI) thread
        assert freed >= 1 and alive() is None
        kept.clear()
    finally:
        collector.stop()
        gc.disable()
