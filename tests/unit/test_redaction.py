from __future__ import annotations

import logging

import pytest

from dripos_terminal.redaction import RedactingFilter, redact


@pytest.mark.parametrize(
    "text",
    ["card 4242424242424242 ok", "card 4242 4242 4242 4242 ok", "4242-4242-4242-4242", "378282246310005"],
)
def test_pans_are_masked(text: str) -> None:
    out = redact(text)
    assert "4242424242" not in out.replace(" ", "").replace("-", "")
    assert "282246310005" not in out
    assert "[PAN ****" in out


def test_non_luhn_numbers_and_order_ids_survive() -> None:
    assert redact("order 1234567890123 total 450") == "order 1234567890123 total 450"
    assert redact("order #42") == "order #42"


def test_secrets_and_cvc_are_masked() -> None:
    out = redact("key sk_test_abc123DEF cvc=123 card[cvc]: 4567")
    assert "abc123DEF" not in out and "123" not in out.replace("[CVC]", "") and "4567" not in out


@pytest.mark.parametrize(
    "key",
    # Every shape the till accepts as a key (services/secrets.py: letters, digits and underscores),
    # the simulator's own among them: all of it goes, not only up to the first underscore.
    ["sk_test_sim_0123456789abcdef01234567", "rk_live_51Hab_CDef_9876543210", "sk_live_abc_"],
)
def test_a_whole_secret_key_is_masked(key: str) -> None:
    out = redact(f"Stripe said no to {key}.")
    assert out == "Stripe said no to [SECRET]."


def test_filter_redacts_args_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("dripos_terminal.test_redaction")
    log.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO, logger="dripos_terminal.test_redaction"):
        log.info("paid with %s", "4000000000009995")
        try:
            raise ValueError("bad card 4000000000009995")
        except ValueError:
            log.exception("failed")
    assert "4000000000009995" not in caplog.text
    assert "****9995" in caplog.text
