"""Stripe's v1 wire format: form-encoded bracket params (`a[b][0]=x`) into nested dicts and lists."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from dripos_terminal.sim.stripe.errors import invalid, missing_param, unknown_param

_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART_RE = re.compile(r"\[([^\[\]]*)\]")

Params = dict[str, Any]


def parse_form(encoded: str) -> Params:
    """Decode `application/x-www-form-urlencoded` with bracket nesting, as the stripe SDK encodes it."""
    root: Params = {}
    for key, value in parse_qsl(encoded, keep_blank_values=True, strict_parsing=False):
        m = _KEY_RE.match(key)
        if not m:
            raise invalid(f"Invalid parameter name: {key[:40]}", param=key[:40])
        parts = [m.group(1), *_PART_RE.findall(m.group(2))]
        node: Any = root
        for i, raw_part in enumerate(parts):
            last = i == len(parts) - 1
            if not isinstance(node, dict):
                raise invalid(f"Invalid parameter structure: {parts[0]}", param=parts[0])
            # `expand[]=a`: append to a list kept under a synthetic index.
            part = raw_part or str(len(node))
            if last:
                node[part] = value
            else:
                child = node.get(part)
                if child is None or isinstance(child, str):
                    child = {}
                    node[part] = child
                node = child
    parsed: Params = _listify(root)
    return parsed


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        converted = {k: _listify(v) for k, v in node.items()}
        if converted and all(k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    return node


def check_known(params: Params, allowed: set[str]) -> None:
    for name in params:
        if name not in allowed and name != "expand":
            raise unknown_param(name)


def get_str(params: Params, name: str, *, required: bool = False) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing_param(name)
        return None
    if not isinstance(value, str):
        raise invalid(f"Invalid string: {name}", param=name)
    return value


def get_int(params: Params, name: str, *, required: bool = False, minimum: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise missing_param(name)
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"-?\d{1,18}", raw):
        raise invalid(f"Invalid integer: {str(raw)[:20]}", param=name, code="parameter_invalid_integer")
    value = int(raw)
    if minimum is not None and value < minimum:
        raise invalid(
            f"This value must be greater than or equal to {minimum}.",
            param=name,
            code="parameter_invalid_integer",
        )
    return value


def get_bool(params: Params, name: str, default: bool = False) -> bool:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if raw in ("true", "false"):
        return bool(raw == "true")
    raise invalid(f"Invalid boolean: {str(raw)[:20]}", param=name)


def get_dict(params: Params, name: str) -> Params:
    raw = params.get(name)
    if raw is None or raw == "":
        return {}
    if not isinstance(raw, dict):
        raise invalid(f"Invalid object: {name}", param=name)
    return raw


def get_list(params: Params, name: str) -> list[Any] | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw == "":
        return []
    if not isinstance(raw, list):
        raise invalid(f"Invalid array: {name}", param=name)
    return raw


def get_enum(params: Params, name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
    value = get_str(params, name)
    if value is None:
        return default
    if value not in choices:
        raise invalid(
            f"Invalid {name}: must be one of {', '.join(choices)}",
            param=name,
            code="parameter_invalid_string",
        )
    return value


def get_metadata(params: Params, name: str = "metadata") -> dict[str, str] | None:
    """Metadata as sent; an empty-string value means "unset this key" (returned as "")."""
    raw = params.get(name)
    if raw is None:
        return None
    if raw == "":
        return {}
    if not isinstance(raw, dict):
        raise invalid("Invalid metadata: must be an object", param=name)
    if len(raw) > 50:
        raise invalid("Metadata can have at most 50 keys.", param=name)
    out: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise invalid(f"Invalid metadata value for {key}", param=f"{name}[{key}]")
        if len(key) > 40 or len(value) > 500:
            raise invalid("Metadata keys are limited to 40 and values to 500 characters.", param=name)
        out[key] = value
    return out


def merge_metadata(current: dict[str, str], update: dict[str, str] | None) -> dict[str, str]:
    if update is None:
        return current
    if not update:
        return {}
    merged = dict(current)
    for key, value in update.items():
        if value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
