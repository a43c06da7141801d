"""What a screen shows for an error never carries a card number or a key, whatever raised it."""

from __future__ import annotations

from dripos_terminal.ui.widgets import shown_error

KEY_SHAPED = "sk_" + "live_" + "x" * 24  # built here so no key-shaped literal sits in the source


class _Known(Exception):
    user_message = "The till's data is locked"


def test_a_providers_echo_is_masked_on_screen() -> None:
    error = RuntimeError(f"card_declined: card[number]=4242 4242 4242 4242 cvc=739 key {KEY_SHAPED}")
    text = shown_error(error)
    assert "4242 4242 4242 4242" not in text and "739" not in text and KEY_SHAPED not in text
    assert text.startswith("card_declined")


def test_the_user_message_comes_first_then_the_text_then_the_fallback() -> None:
    assert shown_error(_Known("internal detail")) == "The till's data is locked"
    started = "The payment could not be started"
    assert shown_error(ValueError(""), started) == started
    assert shown_error(None, "nothing") == "nothing"
