"""The declared configuration (config.py) on its own: defaults, every bound, types, unknown keys,
secrets, and problems that name the file, the key and the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

from dripos_terminal.config import (
    Config,
    ConfigError,
    OfflineConfig,
    config_from,
    load_config,
    merge_documents,
    read_document,
    replace,
)

# Every bounded number: (lowest accepted, highest accepted, the step just outside, other settings a
# rule between two fields needs). Written out so that a bound widened or dropped by mistake fails.
BOUNDS: dict[str, tuple[float, float, float, dict[str, Any]]] = {
    "shop.tip_presets_percent[0]": (0, 100, 1, {}),
    "stripe.request_timeout_s": (0.001, 120, 0.001, {}),
    "stripe.poll_interval_s": (0.001, 10, 0.001, {}),
    "stripe.payment_timeout_s": (10, 600, 0.001, {}),
    "offline.per_payment_cap_minor": (50, 10_000_000, 1, {"total_cap_minor": 100_000_000}),
    "offline.total_cap_minor": (50, 100_000_000, 1, {"per_payment_cap_minor": 50}),
    "offline.count_cap": (1, 10_000, 1, {}),
    # warn_after_hours must stay below max_age_hours, so 1 h of age and a 24 h warning cannot be.
    "offline.max_age_hours": (2, 24, 1, {"warn_after_hours": 1}),
    "offline.warn_after_hours": (1, 23, 1, {"max_age_hours": 24}),
    "offline.forward_concurrency": (1, 16, 1, {}),
    "status.poll_ok_s": (5, 3_600, 0.001, {}),
    "status.poll_problem_s": (5, 3_600, 0.001, {}),
    "status.timeout_s": (0.001, 60, 0.001, {}),
    "printer.baudrate": (1_200, 921_600, 1, {}),
    "printer.status_poll_s": (5, 3_600, 0.001, {}),
    "shop.tax_rates_bp[...]": (0, 5_000, 1, {}),
}
LENGTHS = {
    "shop.name": 60, "shop.address": 200, "stripe.reader_id": 64, "stripe.location_id": 64,
    "printer.url": 200, "shop.tip_presets_percent": 6, "status.feeds": 5,
}  # fmt: skip


def _doc(path: str, value: Any, companions: dict[str, Any] | None = None) -> dict[str, Any]:
    section, field = path.split(".", 1)
    table: dict[str, Any] = dict(companions or {})
    if field.endswith("[0]"):
        table[field[:-3]] = [value]
    elif field.endswith("[...]"):
        table[field[:-5]] = {"prepared_food": value}
    else:
        table[field] = value
    return {section: table}


def _problem(doc: dict[str, Any]) -> Any:
    with pytest.raises(ConfigError) as refused:
        config_from(doc)
    return refused.value.problem


def _bounded(t: Any) -> bool:
    if isinstance(t, mi.StrType):
        return t.max_length is not None
    return (t.ge, t.gt, t.le, t.lt) != (None, None, None, None)


def _declared(t: Any, path: str = "") -> dict[str, Any]:
    """Every number, text and array in the declaration that carries a bound, by dotted path."""
    found: dict[str, Any] = {}
    if isinstance(t, mi.StructType):
        for f in t.fields:
            found |= _declared(f.type, f"{path}.{f.name}" if path else f.name)
    elif isinstance(t, mi.IntType | mi.FloatType | mi.StrType) and _bounded(t):
        found[path] = t
    elif isinstance(t, mi.VarTupleType):
        if t.max_length is not None:
            found[path] = t
        found |= _declared(t.item_type, f"{path}[0]")
    elif isinstance(t, mi.DictType):
        found |= _declared(t.value_type, f"{path}[...]")
    return found


def test_every_bound_in_the_declaration_is_tested_here() -> None:
    declared = _declared(mi.type_info(Config))
    feeds = {k for k in declared if k.startswith("status.feeds[0]")}  # checked below, in a feed
    assert set(declared) - feeds == set(BOUNDS) | set(LENGTHS)


@pytest.mark.parametrize("path", sorted(BOUNDS))
def test_each_bound_accepts_its_ends_and_refuses_beyond(path: str) -> None:
    low, high, step, companions = BOUNDS[path]
    integer = step == 1
    for value in (low, high):
        config_from(_doc(path, int(value) if integer else float(value), companions))
    for value, words in ((low - step, ">"), (high + step, "<=")):
        problem = _problem(_doc(path, int(value) if integer else value, companions))
        if problem.key == "offline":  # the rule between the two deadlines, not the field's own bound
            assert problem.reason == "warn_after_hours must be less than max_age_hours"
            continue
        assert (problem.file, problem.key) == ("config.toml", path.replace("[...]", ""))
        assert problem.reason.startswith(f"expected {'int' if integer else 'float'} {words}"), problem


@pytest.mark.parametrize("path", sorted(LENGTHS))
def test_each_length_is_bounded(path: str) -> None:
    limit = LENGTHS[path]
    samples = {"shop.tip_presets_percent": 10, "status.feeds": {"url": ""}}
    item = samples.get(path, "x")
    value = [item] * limit if path in samples else "x" * limit
    config_from(_doc(path, value))
    longer = [item] * (limit + 1) if path in samples else "x" * (limit + 1)
    problem = _problem(_doc(path, longer))
    assert problem.key == path and f"length <= {limit}" in problem.reason


def test_a_status_feed_is_checked_inside_its_array() -> None:
    feed = {"url": "https://status.example/api/v2/summary.json", "name": "Stripe", "components": ["API"]}
    config_from({"status": {"feeds": [feed]}})
    for change, key, words in (
        ({"url": "ftp://status.example"}, "status.feeds[0]", "http:// or https://"),
        ({"url": "x" * 501}, "status.feeds[0].url", "length <= 500"),
        ({"name": ""}, "status.feeds[0].name", "length >= 1"),
        ({"components": [""]}, "status.feeds[0].components[0]", "length >= 1"),
        ({"guidance": {"outage": "x" * 301}}, "status.feeds[0].guidance", "length <= 300"),
        ({"urll": "https://x"}, "status.feeds[0].urll", "unknown setting"),
    ):
        problem = _problem({"status": {"feeds": [{**feed, **change}]}})
        assert (problem.key, words in problem.reason) == (key, True), problem


@pytest.mark.parametrize(
    ("doc", "key", "words"),
    [
        ({"offline": {"count_cap": "100"}}, "offline.count_cap", "expected int, got str"),
        ({"offline": {"count_cap": 100.0}}, "offline.count_cap", "expected int, got float"),
        ({"offline": {"count_cap": True}}, "offline.count_cap", "expected int, got bool"),
        ({"stripe": {"request_timeout_s": "15"}}, "stripe.request_timeout_s", "expected float, got str"),
        ({"stripe": {"tip_on_reader": "yes"}}, "stripe.tip_on_reader", "expected bool, got str"),
        ({"stripe": {"tip_on_reader": 1}}, "stripe.tip_on_reader", "expected bool, got int"),
        ({"shop": {"name": 42}}, "shop.name", "expected str, got int"),
        ({"shop": {"tip_presets_percent": "15,18"}}, "shop.tip_presets_percent", "expected array"),
        ({"shop": {"tax_rates_bp": [875]}}, "shop.tax_rates_bp", "expected object, got array"),
        ({"shop": {"tax_rates_bp": {"Food!": 875}}}, "shop.tax_rates_bp", "a name in this table"),
        ({"shop": {"currency": "dollars"}}, "shop.currency", "matching regex"),
        ({"shop": {"till_id": "till 1"}}, "shop.till_id", "matching regex"),
        ({"stripe": {"api_base": "api.stripe.com"}}, "stripe.api_base", "matching regex"),
        ({"printer": 9600}, "printer", "expected object, got int"),
        ({"offline": {"per_payment_cap_minor": 60_000}}, "offline", "must not exceed total_cap_minor"),
    ],
)
def test_a_wrong_type_names_the_key_and_what_was_expected(doc: dict[str, Any], key: str, words: str) -> None:
    problem = _problem(doc)
    assert problem.key == key and words in problem.reason, problem
    assert problem.message == f"config.toml, {key}: {problem.reason}"
    assert problem.fix == f"Correct or remove '{key}' in config.toml, then restart the till."
    assert "`" not in problem.message and " - at " not in problem.message and "$." not in problem.message


def test_a_whole_number_is_fine_where_seconds_are_expected() -> None:
    assert config_from({"stripe": {"request_timeout_s": 5}}).stripe.request_timeout_s == 5.0


@pytest.mark.parametrize(
    ("doc", "key"),
    [
        ({"nonsense": 1}, "nonsense"),
        ({"printer": {"baud": 9600}}, "printer.baud"),
        ({"offline": {"count-cap": 5}}, "offline.count-cap"),
        ({"shop": {"name": "Bean There", "adress": "12 Harbour Rd"}}, "shop.adress"),
    ],
)
def test_an_unknown_key_is_named_as_a_typo(doc: dict[str, Any], key: str) -> None:
    problem = _problem(doc)
    assert (problem.key, problem.reason) == (
        key,
        "unknown setting (a typo, or a setting this version does not have)",
    )


LIVE = "sk_live_51HsecretSecretSecret0000"


@pytest.mark.parametrize(
    ("doc", "key", "secret"),
    [
        ({"stripe": {"api_key": LIVE}}, "stripe.api_key", LIVE),
        ({"stripe": {"secret_key": "not-even-a-stripe-key"}}, "stripe.secret_key", "not-even-a-stripe-key"),
        ({"stripe": {"webhook_secret": "whsec_abcdef123456"}}, "stripe.webhook_secret", "abcdef123456"),
        ({"password": "hunter22"}, "password", "hunter22"),
        ({"shop": {"passphrase": "correct horse"}}, "shop.passphrase", "correct horse"),
        ({"status": {"feeds": [{"url": "https://x", "token": "t0k3n"}]}}, "status.feeds[0].token", "t0k3n"),
        ({"shop": {"name": LIVE}}, "shop.name", LIVE),  # a key pasted into an innocent field
        ({"printer": {"url": f"socket://{LIVE}"}}, "printer.url", LIVE),
        ({"stripe": {LIVE: True}}, "stripe", LIVE),  # a key pasted where a name belongs
        ({"stripe": {"x": {LIVE: 1}}}, "stripe.x", LIVE),
        (
            {"shop": {"address": "rk_test_abcdefgh12345"}, "offline": {"count_cap": "x"}},
            "shop.address",
            "abcdefgh12345",
        ),
    ],
)
def test_a_secret_is_refused_and_never_echoed(doc: dict[str, Any], key: str, secret: str) -> None:
    with pytest.raises(ConfigError) as refused:
        config_from(doc)
    error = refused.value
    assert error.problem.key == key and "keyring" in error.problem.reason
    for shown in (str(error), repr(error), error.user_message, error.problem.message, error.problem.fix):
        assert secret not in shown
    assert secret not in repr(error.problem) and error.__cause__ is None and error.__context__ is None


def test_an_empty_secret_slot_is_only_an_unknown_key() -> None:
    problem = _problem({"stripe": {"api_key": ""}})
    assert problem.key == "stripe.api_key" and "unknown setting" in problem.reason


def test_defaults_are_declared_once_and_used_everywhere(tmp_path: Path) -> None:
    default = Config()
    assert config_from({}) == default == load_config(None) == load_config(tmp_path / "absent.toml")
    assert read_document(tmp_path / "absent.toml") == {}
    shop, offline = default.shop, default.offline
    assert (shop.name, shop.address, shop.currency, shop.till_id) == ("", "", "usd", "till-1")
    assert shop.tax_rates_bp == {"prepared_food": 875, "grocery": 0, "merchandise": 875}
    assert shop.tip_presets_percent == (15, 18, 20, 25)
    assert (default.stripe.api_base, default.stripe.reader_id, default.stripe.location_id) == (
        "https://api.stripe.com", "", "",
    )  # fmt: skip
    assert (offline.per_payment_cap_minor, offline.total_cap_minor, offline.count_cap) == (
        10_000,
        50_000,
        100,
    )
    assert (offline.max_age_hours, offline.warn_after_hours, offline.manager_pin_to_go_offline) == (
        24,
        12,
        True,
    )
    assert (default.status.feeds, default.status.poll_ok_s, default.status.poll_problem_s) == (
        (),
        300.0,
        60.0,
    )
    assert (default.printer.url, default.printer.baudrate) == ("", 19200)
    partial = config_from({"offline": {"count_cap": 7}})  # one key set: the rest stay default
    assert partial.offline == replace(OfflineConfig(), count_cap=7) and partial.shop == shop


def test_changes_are_validated_again_and_tables_merge_key_by_key() -> None:
    with pytest.raises(msgspec.ValidationError):
        replace(OfflineConfig(), count_cap=0)
    base = {"shop": {"name": "A", "tip_presets_percent": [10, 15]}, "printer": {"url": "/dev/x"}}
    merged = merge_documents(base, {"shop": {"tip_presets_percent": [20]}})
    assert merged == {"shop": {"name": "A", "tip_presets_percent": [20]}, "printer": {"url": "/dev/x"}}
    assert base["shop"]["tip_presets_percent"] == [10, 15]  # the input is left alone


def test_file_level_problems_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[shop]\nname = "ok"\n\naddress = "Caf\xe9"\n')
    with pytest.raises(ConfigError, match=r"config.toml: is not UTF-8 text \(bad byte at line 4\)"):
        load_config(path)
    path.write_text("[shop\n")
    with pytest.raises(ConfigError, match=r"config.toml: is not valid TOML \(.*line 1"):
        load_config(path)
    path.unlink()
    path.mkdir()
    with pytest.raises(ConfigError, match=r"config\.toml: is a folder, not a file"):
        load_config(path)
