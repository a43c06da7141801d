"""`redact`: generated card numbers never survive; the shapes seen in the field are masked; ordinary
numbers (order numbers, amounts, times, dates) are left alone; the logging filter applies it."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dripos_terminal.redaction import MAX_SEPARATOR_RUN, RedactingFilter, redact

# -- generated card numbers ----------------------------------------------------------------------

# Ways a digit reaches us: ASCII, full-width, Arabic-Indic, Devanagari, mathematical bold,
# superscript, circled (the last two are digits only by their compatibility form).
DIGIT_FORMS = (
    *("".join(chr(base + d) for d in range(10)) for base in (0x30, 0xFF10, 0x0660, 0x0966, 0x1D7CE)),
    "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "⓪①②③④⑤⑥⑦⑧⑨",
)
SEPARATORS = (
    " ", "\t", "\n", "\u00a0", "\u2009", "\u3000",  # spaces: plain, tab, newline, no-break, thin, ideographic
    "-", "\u2010", "\u2013", "\u2014", "\u2212", "\uff0d",  # hyphen, dashes, minus, full-width hyphen
    ".", "\uff0e", "/", "_", "\u00b7",  # dots, slash, underscore, middle dot
    "\u00ad", "\u200b", "\ufeff",  # soft hyphen, zero-width space, BOM: invisible
)  # fmt: skip


def fold(text: str) -> str:
    """The ASCII digits a reader would take from `text`, in order (the way redaction reads them)."""
    out = []
    for ch in text:
        try:
            out.append(str(unicodedata.decimal(ch)))
        except ValueError:
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) == 1 and folded.isdigit() and folded.isascii():
                out.append(folded)
    return "".join(out)


def luhn_check_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


@st.composite
def pans(draw: st.DrawFn) -> str:
    length = draw(st.integers(min_value=12, max_value=19))
    body = draw(st.text(alphabet="0123456789", min_size=length - 1, max_size=length - 1))
    return body + luhn_check_digit(body)


gaps = st.text(alphabet=st.sampled_from(SEPARATORS), min_size=0, max_size=MAX_SEPARATOR_RUN)
digit_free = st.text(alphabet=st.characters(codec="utf-8").filter(lambda ch: fold(ch) == ""), max_size=40)


@st.composite
def rendered(draw: st.DrawFn, digits: str, *, min_gap: int = 0) -> str:
    """`digits` as typed, pasted or printed: each digit in some script, separators anywhere."""
    out = []
    for i, ch in enumerate(digits):
        if i:
            out.append(draw(gaps.filter(lambda g: len(g) >= min_gap)))
        out.append(draw(st.sampled_from(DIGIT_FORMS))[int(ch)])
    return "".join(out)


@settings(max_examples=400)
@given(data=st.data(), pan=pans(), before=digit_free, after=digit_free)
def test_generated_pans_never_survive(data: st.DataObject, pan: str, before: str, after: str) -> None:
    typed = data.draw(rendered(pan))
    out = redact(before + typed + after)
    assert pan not in fold(out)
    assert fold(out) in ("", pan[-4:])  # at most the last four digits are shown
    assert "[PAN" in out


@settings(max_examples=200)
@given(
    data=st.data(),
    pan=pans(),
    neighbours=st.lists(st.text(alphabet="0123456789", min_size=1, max_size=4), min_size=1, max_size=3),
    before=digit_free,
    after=digit_free,
    leading=st.booleans(),
)
def test_cvc_and_expiry_written_beside_a_pan_go_with_it(
    data: st.DataObject, pan: str, neighbours: list[str], before: str, after: str, leading: bool
) -> None:
    parts = [data.draw(rendered(pan)), *(data.draw(rendered(n)) for n in neighbours)]
    if leading:
        parts.reverse()
    joined = parts[0]
    for part in parts[1:]:
        joined += data.draw(gaps.filter(bool)) + part
    out = redact(before + joined + after)
    assert fold(out) == ""  # not the number, not the CVC, not the expiry


# -- the shapes from the field --------------------------------------------------------------------

LEAKS = [
    ("4242 4242 4242 4242 123", ["4242424242424242", "123"]),
    ("4000000000000002 12/30", ["4000000000000002", "12/30"]),
    ("card 4242  4242  4242  4242 ok", ["4242424242424242"]),
    ("4242 4242\u00a0\u00a04242 4242", ["4242424242424242"]),
    ("".join(chr(0xFF10 + int(d)) for d in "4000000000009995"), ["4000000000009995"]),  # full-width
    ('{"number":"5555555555554444","cvc":"739"}', ["5555555555554444", "739"]),
    ('{"cvc": 739, "exp_year": 2030}', ["739"]),
    ("{'cvc': '739'}", ["739"]),
    ('{\\"cvc\\":\\"739\\"}', ["739"]),
    ("card[number]=4242424242424242&card[cvc]=739&card[exp_month]=12", ["4242424242424242", "739"]),
    ("card%5Bnumber%5D=4242424242424242&card%5Bcvc%5D=739", ["4242424242424242", "739"]),
    ("card%255Bcvc%255D%253D739", ["739"]),
    ("body=%7B%22cvc%22%3A%22739%22%7D", ["739"]),
    ("CVV2: 7391", ["7391"]),
    ("security code 739", ["739"]),
    ("4242-4242-4242-4242", ["4242424242424242"]),
    ("378282246310005", ["378282246310005"]),
    ("api_key=sk_test_4eC39HqLyjWDarjtT1zdp7dc", ["4eC39HqLyjWDarjtT1zdp7dc"]),
    ("Authorization: Bearer%20sk_live_51HqLyjWDarjtT1", ["51HqLyjWDarjtT1"]),
    ("key rk_test_abcDEF123 and pk_live_XYZ789", ["abcDEF123", "XYZ789"]),
    ("secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]),
    ("usesk_test_glued123", ["glued123"]),
    ("simulator key sk_test_sim_0123456789abcdef01234567", ["0123456789abcdef01234567"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "secrets"), LEAKS)
def test_field_shapes_are_masked(text: str, secrets: list[str]) -> None:
    out = redact(text)
    for secret in secrets:
        assert secret not in out, out
        if secret.isdigit() and len(secret) >= 12:
            assert secret not in fold(out), out
    assert out != text


def test_a_plain_number_keeps_its_last_four() -> None:
    assert redact("paid with 4000000000009995 ok") == "paid with [PAN ****9995] ok"
    assert redact("x4242424242424242y") == "x[PAN ****4242]y"
    # grouped or followed by more digits: the last four might not be the number's own
    assert redact("4242 4242 4242 4242 123") == "[PAN]"


def test_cvc_key_stays_readable() -> None:
    assert redact('{"cvc":"739"}') == '{"cvc":"[CVC]"}'
    assert redact("card%5Bcvc%5D=739") == "card%5Bcvc%5D=[CVC]"
    assert redact("key sk_test_abc123DEF!") == "key [SECRET]!"


SURVIVORS = [
    "order 1234567890123 total 450",  # an order id that is no card number
    "order #0042 committed (ord_3f9a)",
    "sale 12.50 usd, tip 1,250.00, change 0.75",
    "amounts [1200, 450, 3300, 1250, 980]",
    "2023-03-31T13:47:05.123456+00:00",
    "2023-03-31 13:47:05,123 INFO dripos_terminal.app: starting",
    "posted 31/03/2023 13:47 until 14:21",
    "epoch 1680284820, retry in 12.5 s",
    "till-1 order 0042 at 2023-03-31",
    "cvc_check: pass, address_line1_check: unchecked",
    "risk_level normal; disk_usage_percent=91",
    "HTTP 503 after 3 attempts (idempotency key 9f1c2d3e4b5a6978)",
]


@pytest.mark.parametrize("text", SURVIVORS)
def test_ordinary_numbers_survive(text: str) -> None:
    assert redact(text) == text


def test_redaction_is_idempotent() -> None:
    for text, _ in LEAKS:
        once = redact(text)
        assert redact(once) == once


# -- the logging filter ---------------------------------------------------------------------------


def test_filter_redacts_args_tracebacks_and_stacks(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("dripos_terminal.test_redaction")
    log.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.INFO, logger="dripos_terminal.test_redaction"):
            log.info("paid with %s", "4000 0000 0000 9995")
            try:
                raise ValueError('bad card {"cvc":"739"} 4000000000009995')
            except ValueError:
                log.exception("failed")
            log.info("stack of %s", "sk_test_abcdef123", stack_info=True)
            log.info("bad format %d", "4000000000009995")  # must not raise, must still redact
    finally:
        log.filters.clear()
    assert "4000000000009995" not in caplog.text and "0000 9995" not in caplog.text
    assert '"739"' not in caplog.text and "sk_test_abcdef123" not in caplog.text
    assert "****9995" in caplog.text and "[CVC]" in caplog.text
