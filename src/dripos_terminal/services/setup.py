"""The shop's settings and the first-run set-up, on the encrypted store (plain Python, no Qt).

`config.toml` (support staff, per installation) and the shop's own choices (the wizard, Settings)
fill the one declaration in `config.py`; the shop's choices are a partial document of the same shape,
kept in the store's settings table under `shop_config`, and win key by key. Every change is
validated against the declaration before it is stored, and audited with its old and new values
(`SettingsRepo.set`). No secret ever goes into this document (`config.find_secret` refuses one).

The wizard's progress (`setup_state`) records which steps were done or skipped, so a manager can
finish a skipped step later in Settings and the till knows the first run is over.

Every method that touches the store BLOCKS: call it from a worker or the CLI.
"""

from __future__ import annotations

import enum
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dripos_terminal.config import (
    CONFIG_FILENAME,
    Config,
    ConfigError,
    ConfigProblem,
    config_from,
    merge_documents,
    read_document,
)
from dripos_terminal.domain.staff import Permission, StaffMember
from dripos_terminal.store.settings_repo import SettingsRepo

log = logging.getLogger("dripos_terminal.services")

SETTING_SHOP_CONFIG = "shop_config"
SETTING_SETUP_STATE = "setup_state"
STORE_SOURCE = "the shop's settings (Settings screen)"


class Step(enum.Enum):
    """The set-up wizard's steps, in order (each can be skipped and done later in Settings)."""

    SHOP = "shop"
    STRIPE_KEY = "stripe_key"
    READER = "reader"
    STATUS = "status"
    PRINTER = "printer"
    OFFLINE = "offline"
    STAFF = "staff"


@dataclass(frozen=True)
class ConfigFile:
    """`config.toml` as read at start-up: its document, or the problem that put the till in safe mode."""

    document: dict[str, Any] = field(default_factory=dict)
    problem: ConfigProblem | None = None

    @property
    def safe_mode(self) -> bool:
        return self.problem is not None


def read_config_file(data_dir: Path) -> ConfigFile:
    """Never raises: a bad file becomes a `ConfigProblem` (file, key, reason) and an empty document."""
    try:
        doc = read_document(data_dir / CONFIG_FILENAME)
        config_from(doc, file=CONFIG_FILENAME)
    except ConfigError as exc:
        log.error("config problem: %s", exc.problem.message)
        return ConfigFile({}, exc.problem)
    return ConfigFile(doc, None)


@dataclass(frozen=True)
class SetupState:
    finished: bool = False
    done: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps({"finished": self.finished, "done": list(self.done), "skipped": list(self.skipped)})

    @classmethod
    def from_json(cls, text: str | None) -> SetupState:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(bool(data.get("finished")), tuple(data.get("done", ())), tuple(data.get("skipped", ())))


Listener = Callable[[str, Config], None]  # (section changed, the new effective config)


class ShopSettings:
    def __init__(self, repo: SettingsRepo, config_file: ConfigFile) -> None:
        self._repo, self.config_file = repo, config_file
        self.listeners: list[Listener] = []

    @property
    def repo(self) -> SettingsRepo:
        return self._repo

    def get_raw(self, key: str) -> str | None:
        """BLOCKING: another area's runtime setting (e.g. offline manual entry), as stored."""
        return self._repo.get(key).result()

    # -- reading ------------------------------------------------------------------------------
    def document(self) -> dict[str, Any]:
        """BLOCKING: the shop's own settings document (may be empty)."""
        text = self._repo.get(SETTING_SHOP_CONFIG).result()
        return dict(json.loads(text)) if text else {}

    def effective(self) -> Config:
        """BLOCKING: defaults ← config.toml (unless it is broken) ← the shop's settings."""
        store_doc = self.document()
        try:
            return config_from(merge_documents(self.config_file.document, store_doc), file=STORE_SOURCE)
        except ConfigError as exc:  # cannot happen for documents this class wrote; never fatal
            log.error("the stored shop settings no longer validate (%s); using config.toml only", exc)
            return config_from(self.config_file.document)

    # -- changing -----------------------------------------------------------------------------
    def update(self, actor: StaffMember | None, section: str, values: Mapping[str, Any]) -> Config:
        """BLOCKING: change `section` (e.g. "shop", "printer") of the shop's settings; returns the new
        effective config. `ConfigError` (nothing stored) when the values break the declaration."""
        if actor is not None:
            actor.require(Permission.SETTINGS)
        current = self.document()
        changed = merge_documents(current, {section: dict(values)})
        config_from(changed, file=STORE_SOURCE)  # the shop's own values must stand on their own
        merged = merge_documents(self.config_file.document, changed)
        config = config_from(merged, file=STORE_SOURCE)
        actor_id = None if actor is None else actor.staff_id
        self._repo.set(SETTING_SHOP_CONFIG, json.dumps(changed, sort_keys=True), actor_id=actor_id).result()
        log.info("settings changed: %s", section)
        for listener in list(self.listeners):
            try:
                listener(section, config)
            except Exception:
                log.exception("a settings listener failed")
        return config

    # -- the wizard's progress ----------------------------------------------------------------
    def setup_state(self) -> SetupState:
        return SetupState.from_json(self._repo.get(SETTING_SETUP_STATE).result())

    def record_step(self, actor: StaffMember | None, step: Step, *, skipped: bool) -> SetupState:
        state = self.setup_state()
        done = tuple(s for s in state.done if s != step.value)
        skipped_steps = tuple(s for s in state.skipped if s != step.value)
        if skipped:
            skipped_steps += (step.value,)
        else:
            done += (step.value,)
        new = SetupState(state.finished, done, skipped_steps)
        self._repo.set(SETTING_SETUP_STATE, new.to_json(), actor_id=_id(actor)).result()
        return new

    def finish_setup(self, actor: StaffMember | None) -> SetupState:
        state = self.setup_state()
        new = SetupState(True, state.done, state.skipped)
        self._repo.set(SETTING_SETUP_STATE, new.to_json(), actor_id=_id(actor)).result()
        return new


def _id(actor: StaffMember | None) -> str | None:
    return None if actor is None else actor.staff_id
