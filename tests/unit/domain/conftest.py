"""Shared fixtures for the domain tests: the shipped catalog and the demo tax rates."""

from __future__ import annotations

import pytest

from dripos_terminal.domain.catalog import Catalog, default_catalog_path, load_catalog
from dripos_terminal.domain.tax import TaxTable
from tests.unit.domain.domain_helpers import RATES


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(default_catalog_path())


@pytest.fixture
def tax_table() -> TaxTable:
    return TaxTable(RATES)
