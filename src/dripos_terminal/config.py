"""Every setting of the till, declared once: type, default and bounds, validated by msgspec.

Two sources fill the same declaration, later winning key by key:

1. `config.toml` in the data directory (all keys optional): what support staff set for the
   installation (the Stripe API base, timeouts, …);
2. the shop's own choices made in the set-up wizard and Settings, kept in the encrypted store
   (`services.setup.ShopSettings`) as a partial document of the same shape, and audited.

A file that cannot be used never raises out of `load_config_file`: it returns a `ConfigProblem`
naming the file, the key and the reason, and the till starts in safe mode (cash only) showing it.

No secret is ever read from here. The Stripe secret key lives in the OS keyring (or, with none,
sealed in the encrypted store): `config.toml` holding one is refused with a message saying where it
belongs, and the value is never echoed.

Why msgspec: it validates the whole tree (types, bounds, unknown keys) against these declarations in
C; importing it costs ~22 ms against pydantic's ~33 ms for the package plus its model machinery
(`-X importtime`), and a validating script starts in a median 36 ms against 120 ms.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta
from msgspec.structs import replace as _struct_replace

from dripos_terminal.i18n import QT_TRANSLATE_NOOP

CONFIG_FILENAME = "config.toml"

MAX_TAX_RATE_BP = 5_000  # 50 %: the domain's own ceiling (domain/tax.py)

_STRUCT = {"frozen": True, "forbid_unknown_fields": True, "kw_only": True}


class ShopConfig(msgspec.Struct, **_STRUCT):
    # Empty until the set-up wizard asks: a receipt never names a shop that is not this one.
    name: Annotated[str, Meta(max_length=60)] = ""
    address: Annotated[str, Meta(max_length=200)] = ""
    currency: Annotated[str, Meta(pattern="^[A-Za-z]{3}$")] = "usd"
    # Sales tax per tax class, in basis points (1/100 of a percent).
    tax_rates_bp: dict[
        Annotated[str, Meta(pattern="^[a-z0-9_]{1,40}$")], Annotated[int, Meta(ge=0, le=MAX_TAX_RATE_BP)]
    ] = msgspec.field(default_factory=lambda: {"prepared_food": 875, "grocery": 0, "merchandise": 875})
    tip_presets_percent: Annotated[tuple[Annotated[int, Meta(ge=0, le=100)], ...], Meta(max_length=6)] = (
        15,
        18,
        20,
        25,
    )
    till_id: Annotated[str, Meta(pattern="^[A-Za-z0-9_-]{1,32}$")] = "till-1"


class StripeConfig(msgspec.Struct, **_STRUCT):
    api_base: Annotated[str, Meta(pattern="^https?://")] = "https://api.stripe.com"
    reader_id: Annotated[str, Meta(max_length=64)] = ""
    location_id: Annotated[str, Meta(max_length=64)] = ""
    tip_on_reader: bool = False
    request_timeout_s: Annotated[float, Meta(gt=0, le=120)] = 15.0
    poll_interval_s: Annotated[float, Meta(gt=0, le=10)] = 0.5
    payment_timeout_s: Annotated[float, Meta(ge=10, le=600)] = 120.0


class OfflineConfig(msgspec.Struct, **_STRUCT):
    per_payment_cap_minor: Annotated[int, Meta(ge=50, le=10_000_000)] = 10_000
    total_cap_minor: Annotated[int, Meta(ge=50, le=100_000_000)] = 50_000
    count_cap: Annotated[int, Meta(ge=1, le=10_000)] = 100
    # The till's own deadline for stored payments; never longer than the 24 h it promises.
    max_age_hours: Annotated[int, Meta(ge=1, le=24)] = 24
    warn_after_hours: Annotated[int, Meta(ge=1, le=24)] = 12
    manager_pin_to_go_offline: bool = True
    manager_override_caps: bool = True
    forward_concurrency: Annotated[int, Meta(ge=1, le=16)] = 4

    def __post_init__(self) -> None:
        if self.warn_after_hours >= self.max_age_hours:
            raise ValueError("warn_after_hours must be less than max_age_hours")
        if self.per_payment_cap_minor > self.total_cap_minor:
            raise ValueError("per_payment_cap_minor must not exceed total_cap_minor")


class StatusFeedConfig(msgspec.Struct, **_STRUCT):
    url: Annotated[str, Meta(max_length=500)] = ""
    components: tuple[Annotated[str, Meta(min_length=1, max_length=100)], ...] = (
        "Terminal",
        "Card readers",
        "API",
        "Point of Sale",
    )
    name: Annotated[str, Meta(min_length=1, max_length=40)] = "Stripe"
    # Our words for staff per severity ("outage", "degraded", "maintenance", "info"); defaults in status/.
    guidance: dict[str, Annotated[str, Meta(max_length=300)]] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.url and not re.match(r"^(https?://|file:)", self.url):
            raise ValueError("url must start with http:// or https://")


class StatusConfig(msgspec.Struct, **_STRUCT):
    feeds: Annotated[tuple[StatusFeedConfig, ...], Meta(max_length=5)] = ()
    poll_ok_s: Annotated[float, Meta(ge=5, le=3_600)] = 300.0
    poll_problem_s: Annotated[float, Meta(ge=5, le=3_600)] = 60.0
    timeout_s: Annotated[float, Meta(gt=0, le=60)] = 10.0


class PrinterConfig(msgspec.Struct, **_STRUCT):
    url: Annotated[str, Meta(max_length=200)] = ""  # /dev/ttyUSB0, socket://10.0.0.5:9100; empty: none
    baudrate: Annotated[int, Meta(ge=1_200, le=921_600)] = 19200
    # The printer's character code page (peripherals.escpos.CODE_PAGES): pc437 is on every ESC/POS
    # printer; pc858 or wpc1252 print the euro sign, which pc437 prints as "EUR".
    code_page: Literal["pc437", "pc850", "pc858", "wpc1252"] = "pc437"
    # Print the receipt as soon as a sale, refund or void is committed (off: only the Print button).
    auto_print: bool = True
    # While idle, ask the printer for its status (DLE EOT) this often, so paper out shows before a sale.
    status_poll_s: Annotated[float, Meta(ge=5, le=3_600)] = 60.0


class DisplayConfig(msgspec.Struct, **_STRUCT):
    # The language of the screens and receipts: "en" (the source) or a shipped translation
    # (resources/i18n/dripos_<code>.qm).
    language: Literal["en", "es"] = "en"
    # How money, numbers and dates are written (a CLDR locale as Babel knows it: en_US, es_ES, en_GB…).
    locale: Annotated[str, Meta(pattern="^[a-z]{2,3}(_[A-Z]{2})?$")] = "en_US"
    # "standard" or "high_contrast" (black on white, thicker focus frames; resources/theme-*.qss).
    theme: Literal["standard", "high_contrast"] = "standard"
    # "fullscreen": the counter's kiosk (a manager's PIN leaves it); "windowed": back-office use.
    window: Literal["fullscreen", "windowed"] = "fullscreen"

    def __post_init__(self) -> None:
        from babel import Locale, UnknownLocaleError

        try:
            Locale.parse(self.locale)
        except (UnknownLocaleError, ValueError):
            raise ValueError(
                f"locale {self.locale!r} is not a locale Babel knows (e.g. en_US, es_ES)"
            ) from None


class Config(msgspec.Struct, **_STRUCT):
    shop: ShopConfig = msgspec.field(default_factory=ShopConfig)
    stripe: StripeConfig = msgspec.field(default_factory=StripeConfig)
    offline: OfflineConfig = msgspec.field(default_factory=OfflineConfig)
    status: StatusConfig = msgspec.field(default_factory=StatusConfig)
    printer: PrinterConfig = msgspec.field(default_factory=PrinterConfig)
    display: DisplayConfig = msgspec.field(default_factory=DisplayConfig)


# -- problems ----------------------------------------------------------------------------------------


class ConfigError(ValueError):
    """A settings document that cannot be used; `problem` says where and why."""

    def __init__(self, problem: ConfigProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.user_message = problem.message


@dataclass(frozen=True)
class ConfigProblem:
    """What is wrong with a settings file, for staff: which file, which key, why, and what to do."""

    file: str
    key: str  # dotted ("offline.count_cap"), "" for the file as a whole
    reason: str

    @property
    def message(self) -> str:
        where = f"{self.file}, {self.key}" if self.key else self.file
        return QT_TRANSLATE_NOOP("Config", "{where}: {reason}").format(where=where, reason=self.reason)

    @property
    def fix(self) -> str:
        if self.key:
            return QT_TRANSLATE_NOOP(
                "Config", "Correct or remove '{key}' in {file}, then restart the till."
            ).format(key=self.key, file=self.file)
        return QT_TRANSLATE_NOOP("Config", "Fix or remove {file}, then restart the till.").format(
            file=self.file
        )


# Keys and values that mean a secret: never read from a file, never echoed back.
_SECRET_KEY_NAMES = re.compile(r"(^|_)(api_key|secret|secret_key|password|passphrase|token)$", re.I)
_SECRET_VALUE = re.compile(r"\b(sk|rk)_(live|test)_[A-Za-z0-9_]{6,}|\bwhsec_[A-Za-z0-9]{6,}")
SECRET_HOME = (
    "secrets are never read from config.toml; enter the Stripe key in Settings → Stripe (or the "
    "set-up wizard), which keeps it in the system keyring or sealed in the encrypted store"
)


def find_secret(data: Any, where: str = "") -> str | None:
    """The dotted key of the first secret-looking key or value in a parsed document, else None."""
    if isinstance(data, Mapping):
        for key, value in data.items():
            if _SECRET_VALUE.search(str(key)):
                return where  # a key pasted where a name belongs: name its table, never the key
            path = f"{where}.{key}" if where else str(key)
            if _SECRET_KEY_NAMES.search(str(key)) and value not in ("", None):
                return path
            found = find_secret(value, path)
            if found is not None:
                return found
    elif isinstance(data, list | tuple):
        for index, value in enumerate(data):
            found = find_secret(value, f"{where}[{index}]")
            if found is not None:
                return found
    elif isinstance(data, str) and _SECRET_VALUE.search(data):
        return where
    return None


# "… - at `$.offline.count_cap`", or for a table's own key names "… - at `key` in `$.shop.tax_rates_bp`".
_PATH = re.compile(r"\s*-\s*at (?P<name>`key` in )?`\$(?P<path>[^`]*)`\s*$")


def _describe(error: msgspec.ValidationError) -> tuple[str, str]:
    """msgspec's "Expected `int`, got `str` - at `$.offline.count_cap`" → ("offline.count_cap", …)."""
    text = str(error)
    match = _PATH.search(text)
    # "[...]" is msgspec's "some value of this table": the table is what staff can find in the file.
    key = match.group("path").lstrip(".").replace("[...]", "") if match else ""
    reason = text[: match.start()] if match else text
    reason = reason.replace("`", "")
    if match and match.group("name"):
        reason = f"a name in this table: {reason[0].lower()}{reason[1:]}"
    unknown = re.match(r"Object contains unknown field (\S+)", reason)
    if unknown:
        field = unknown.group(1).strip("`")
        key = f"{key}.{field}" if key else field
        reason = QT_TRANSLATE_NOOP(
            "Config", "unknown setting (a typo, or a setting this version does not have)"
        )
    elif reason.startswith("Expected"):
        reason = reason[0].lower() + reason[1:]
    return key, reason


def config_from(data: Mapping[str, Any], *, file: str = CONFIG_FILENAME) -> Config:
    """Validate a parsed document against the declarations; `ConfigError` names the key."""
    secret = find_secret(data)
    if secret is not None:
        raise ConfigError(ConfigProblem(file, secret, SECRET_HOME))
    try:
        return msgspec.convert(dict(data), Config, strict=True)
    except msgspec.ValidationError as exc:
        key, reason = _describe(exc)
        raise ConfigError(ConfigProblem(file, key, reason)) from None


def read_document(path: Path) -> dict[str, Any]:
    """Parse a TOML settings file (missing: empty); `ConfigError` for any file that cannot be used."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise ConfigError(
            ConfigProblem(name, "", QT_TRANSLATE_NOOP("Config", "is a folder, not a file; remove it"))
        ) from None
    except PermissionError:
        raise ConfigError(
            ConfigProblem(name, "", QT_TRANSLATE_NOOP("Config", "cannot be read (file permissions)"))
        ) from None
    except OSError as exc:
        reason = QT_TRANSLATE_NOOP("Config", "cannot be read ({error})").format(error=exc.strerror or exc)
        raise ConfigError(ConfigProblem(name, "", reason)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        reason = QT_TRANSLATE_NOOP(
            "Config", "is not UTF-8 text (bad byte at line {line}); save it as UTF-8"
        ).format(line=line)
        raise ConfigError(ConfigProblem(name, "", reason)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        reason = QT_TRANSLATE_NOOP("Config", "is not valid TOML ({error})").format(error=exc)
        raise ConfigError(ConfigProblem(name, "", reason)) from None


def load_config(path: Path | None) -> Config:
    """`config.toml` validated (missing file: the defaults). Raises `ConfigError`."""
    if path is None:
        return Config()
    return config_from(read_document(path), file=path.name)


def merge_documents(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) is replaced whole."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge_documents(out[key], value)
        else:
            out[key] = value
    return out


def to_document(config: Any) -> dict[str, Any]:
    """A config (or part of one) as plain builtins, the shape `config.toml` has."""
    result: dict[str, Any] = msgspec.to_builtins(config)
    return result


def replace(struct: Any, **changes: Any) -> Any:
    """A copy of a settings struct with `changes` applied (validated again)."""
    changed = _struct_replace(struct, **changes)
    return msgspec.convert(msgspec.to_builtins(changed), type(struct), strict=True)


__all__ = [
    "CONFIG_FILENAME",
    "Config",
    "ConfigError",
    "ConfigProblem",
    "DisplayConfig",
    "OfflineConfig",
    "PrinterConfig",
    "ShopConfig",
    "StatusConfig",
    "StatusFeedConfig",
    "StripeConfig",
    "config_from",
    "find_secret",
    "load_config",
    "merge_documents",
    "read_document",
    "replace",
    "to_document",
]
