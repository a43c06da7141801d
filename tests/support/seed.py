"""One random seed for the whole suite, printed at the end of every run and taken from the
environment to reproduce one: `DRIPOS_TEST_SEED=1234 make test`.

Hypothesis tests get it through `--hypothesis-seed` (see tests/conftest.py); the crash test derives
its lanes' seeds from it.
"""

from __future__ import annotations

import functools
import os
import secrets

ENV_SEED = "DRIPOS_TEST_SEED"


@functools.cache
def suite_seed() -> int:
    value = os.environ.get(ENV_SEED, "").strip()
    if value:
        try:
            return int(value)
        except ValueError:
            raise SystemExit(f"{ENV_SEED} must be an integer, not {value!r}") from None
    return secrets.randbelow(2**31)
