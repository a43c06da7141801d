"""Every setting of the till, declared once, typed, with its default.

Settings come from `config.toml` in the data directory (all keys optional); the command line may
override a few. Manager-changeable runtime settings (e.g. offline manual entry) live in the encrypted
store, not here, because Qt settings and plain files must never hold anything sensitive.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ShopConfig:
    name: str = "Dripos Coffee"
    address: str = "1 Main Street"
    currency: str = "usd"
    # Sales tax per tax class, in basis points (1/100 of a percent).
    tax_rates_bp: dict[str, int] = field(
        default_factory=lambda: {"prepared_food": 875, "grocery": 0, "merchandise": 875}
    )
    tip_presets_percent: tuple[int, ...] = (15, 18, 20, 25)
    till_id: str = "till-1"


@dataclass(frozen=True)
class StripeConfig:
    api_key: str = ""  # from DRIPOS_STRIPE_API_KEY in production; never logged
    api_base: str = "https://api.stripe.com"
    reader_id: str = ""
    location_id: str = ""
    tip_on_reader: bool = False
    request_timeout_s: float = 15.0
    poll_interval_s: float = 0.5
    payment_timeout_s: float = 120.0


@dataclass(frozen=True)
class OfflineConfig:
    per_payment_cap_minor: int = 10_000
    total_cap_minor: int = 50_000
    count_cap: int = 100
    max_age_hours: int = 24
    warn_after_hours: int = 12
    manager_pin_to_go_offline: bool = True
    manager_override_caps: bool = True
    forward_concurrency: int = 4


@dataclass(frozen=True)
class StatusFeedConfig:
    url: str = ""
    components: tuple[str, ...] = ("Terminal", "Card readers", "API", "Point of Sale")
    name: str = "Stripe"
    # Our words for staff per severity ("outage", "degraded", "maintenance", "info"); defaults in status/.
    guidance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class StatusConfig:
    feeds: tuple[StatusFeedConfig, ...] = ()
    poll_ok_s: float = 300.0
    poll_problem_s: float = 60.0
    timeout_s: float = 10.0


@dataclass(frozen=True)
class PrinterConfig:
    url: str = ""  # e.g. /dev/ttyUSB0, socket://10.0.0.5:9100; empty means no printer
    baudrate: int = 19200


@dataclass(frozen=True)
class Config:
    shop: ShopConfig = field(default_factory=ShopConfig)
    stripe: StripeConfig = field(default_factory=StripeConfig)
    offline: OfflineConfig = field(default_factory=OfflineConfig)
    status: StatusConfig = field(default_factory=StatusConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the key."""


def _build(cls: Any, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"unknown setting {where}{key}")
        default = getattr(cls(), key)
        if is_dataclass(default):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}{key} must be a table")
            kwargs[key] = _build(type(default), value, f"{where}{key}.")
        elif key == "feeds":
            kwargs[key] = tuple(_build(StatusFeedConfig, v, f"{where}{key}[].") for v in value)
        elif isinstance(default, tuple):
            kwargs[key] = tuple(value)
        elif isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{where}{key} must be true or false")
        elif isinstance(default, int | float) and not isinstance(value, int | float):
            raise ConfigError(f"{where}{key} must be a number")
        else:
            kwargs[key] = value
    return cls(**kwargs)


def load_config(path: Path | None) -> Config:
    if path is None or not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path.name}: {exc}") from None
    config: Config = _build(Config, data, "")
    return config


__all__ = ["Config", "ConfigError", "load_config", "replace"]
