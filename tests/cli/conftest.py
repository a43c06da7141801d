"""The shop fixture (simulators, a printer on TCP, an isolated data folder) for every CLI test module."""

from tests.cli.test_cli_support import shop

__all__ = ["shop"]
