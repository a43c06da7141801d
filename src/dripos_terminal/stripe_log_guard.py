"""Keep the Stripe SDK from printing requests to the console, whatever the environment says.

With `STRIPE_LOG=debug` the `stripe` package `print`s every request body to stderr (for a keyed card
`card[number]=…&card[cvc]=…`), and with `info` every request line; those prints pass no logging
handler, so no filter of ours ever sees them. The SDK reads the variable once, when `stripe._util`
is imported, and also obeys `stripe.log`.

We neutralise it rather than refuse to start: a variable left in a shell profile or a service unit
must not keep a shop from selling, and ignoring it costs nothing (the till never wants SDK console
output; our own logs are redacted and go to the log file). The till says so on stderr, once.

`disarm_stripe_console_log()` is the first thing the entry points do (`cli.main`, `app.main`),
before anything imports `stripe`: it removes the variable from the environment (child processes
do not inherit it either), clears the SDK's copy and `stripe.log` should the SDK already be loaded,
and pins the `stripe` logger at INFO at least, because its DEBUG records carry the same bodies.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping

ENV_VAR = "STRIPE_LOG"
_SDK_LOGGER = "stripe"

log = logging.getLogger("dripos_terminal.startup")


def disarm_stripe_console_log(environ: MutableMapping[str, str] | None = None) -> bool:
    """Make the SDK's console logging impossible in this process; True if something was switched off."""
    env = os.environ if environ is None else environ
    found = env.pop(ENV_VAR, None) is not None
    util = sys.modules.get("stripe._util")
    if util is not None and getattr(util, "STRIPE_LOG", None) is not None:
        util.STRIPE_LOG = None  # type: ignore[attr-defined]
        found = True
    sdk = sys.modules.get("stripe")
    if sdk is not None and getattr(sdk, "log", None) is not None:
        sdk.log = None  # type: ignore[attr-defined]
        found = True
    sdk_logger = logging.getLogger(_SDK_LOGGER)
    if sdk_logger.level < logging.INFO:  # NOTSET too: it would inherit a DEBUG root
        sdk_logger.setLevel(logging.INFO)
    if found:
        log.warning("%s is ignored: the Stripe SDK would print card numbers and keys to the console", ENV_VAR)
    return found
