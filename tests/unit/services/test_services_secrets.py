"""Where the Stripe key goes, checked against the real simulator through the real SDK: into the
keyring when one is usable, else sealed in the encrypted store — and never into any file of the
data folder (database, WAL, shared memory, recovery copy, config, log); a key Stripe refuses (401),
a restricted key without Terminal (403) or no answer at all each say why and store nothing."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked

from dripos_terminal.clock import FakeClock
from dripos_terminal.logs import LOG_FILENAME, configure_logging
from dripos_terminal.services.secrets import KeyProblem, SecretStore
from dripos_terminal.services.setup import ConfigFile, ShopSettings
from dripos_terminal.services.stripe_setup import StripeSetup
from dripos_terminal.sim.stripe import StripeSimulator
from dripos_terminal.store.database import Connection
from dripos_terminal.store.keys import DATABASE_FILENAME, RECOVERY_FILENAME
from dripos_terminal.store.settings_repo import SettingsRepo
from tests.support.keyring import MemoryKeyring
from tests.unit.services.services_shop import Shop, make_shop

TERMINAL = ("terminal_location_write", "terminal_reader_write", "payment_intent_write")


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but refuses to store (a locked login keyring)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring is locked")


@pytest.fixture
def sim() -> Iterator[StripeSimulator]:
    simulator = StripeSimulator(rate_limit=0)
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def product_log(data_dir: Path) -> Iterator[Path]:
    """The till's own log configuration at DEBUG, its file in the data folder so one scan covers both."""
    root, stripe_log = logging.getLogger(), logging.getLogger("stripe")
    handlers, level, stripe_level = list(root.handlers), root.level, stripe_log.level
    path = data_dir / LOG_FILENAME
    configure_logging(logging.DEBUG, log_file=str(path))
    yield path
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    stripe_log.setLevel(stripe_level)
    for name in ("dripos_terminal", "stripe"):
        logging.getLogger(name).filters.clear()


def _setup(shop: Shop, keyring: object, api_base: str) -> tuple[StripeSetup, SecretStore]:
    secrets = SecretStore(shop.db, shop.audit, shop.clock, keyring)
    settings = ShopSettings(SettingsRepo(shop.db, shop.clock, shop.audit), ConfigFile())
    return StripeSetup(shop.db, shop.clock, secrets, settings, api_base=api_base, timeout_s=5), secrets


def _sealed_rows(shop: Shop) -> list[tuple[str, bytes]]:
    return shop.db.call(
        lambda c: [(r[0], bytes(r[1])) for r in c.execute("SELECT name, sealed FROM sealed_secrets")]
    )


def _plain_dump(shop: Shop) -> str:
    """Every row of every table as the decrypted database holds it (what a copied page would show)."""

    def run(conn: Connection) -> str:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = [repr(tuple(row)) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"')]
        return "\n".join(tables + rows)

    return shop.db.call(run)


def _files_holding(root: Path, key: str) -> dict[str, list[str]]:
    """Every file under `root` (name → which forms of `key` its raw bytes hold)."""
    forms = {"key": key.encode(), "tail": key[-16:].encode(), "utf-16": key.encode("utf-16-le")}
    return {
        str(p.relative_to(root)): [form for form, needle in forms.items() if needle in p.read_bytes()]
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_with_a_keyring_the_key_goes_there_and_nowhere_else(
    data_dir: Path,
    memory_keyring: MemoryKeyring,
    fake_clock: FakeClock,
    sim: StripeSimulator,
    product_log: Path,
) -> None:
    key = sim.restricted_key(*TERMINAL)
    shop = make_shop(data_dir, memory_keyring, fake_clock)
    try:
        setup, secrets = _setup(shop, memory_keyring, sim.base_url)
        check, where = setup.save_key(shop.manager, key)
        assert (check.mode.value, check.restricted, check.tail, check.advice) == ("test", True, key[-4:], "")
        assert where == "the system keyring" and secrets.stripe_key() == key
        stored = [name for name, value in memory_keyring.secrets.items() if value == key]
        assert stored == [("dripos-terminal", secrets._username())] and _sealed_rows(shop) == []
        entry = shop.audit.list(action="stripe.key_saved").result()[-1]
        assert entry.actor_id == "alex" and entry.details == {
            "mode": "test", "restricted": True, "tail": key[-4:], "where": "keyring",
        }  # fmt: skip
        files = _files_holding(data_dir, key)
        assert {DATABASE_FILENAME, RECOVERY_FILENAME, LOG_FILENAME} <= set(files)
        assert {name: forms for name, forms in files.items() if forms} == {}
    finally:
        shop.db.close()
    assert all(not forms for forms in _files_holding(data_dir, key).values())
    shop = make_shop(data_dir, memory_keyring, fake_clock)  # a restart finds it again
    try:
        assert _setup(shop, memory_keyring, sim.base_url)[1].stripe_key() == key
    finally:
        shop.db.close()


@pytest.mark.parametrize("keyring", [fail.Keyring(), LockedKeyring()], ids=["no keyring", "locked keyring"])
def test_without_a_usable_keyring_the_key_is_sealed_in_the_store_and_in_no_file(
    data_dir: Path, fake_clock: FakeClock, sim: StripeSimulator, product_log: Path, keyring: object
) -> None:
    (data_dir / "config.toml").write_text(f'[stripe]\napi_base = "{sim.base_url}"\n', encoding="utf-8")
    key = sim.api_key
    shop = make_shop(data_dir, keyring, fake_clock)  # the database key: from the passphrase
    try:
        setup, secrets = _setup(shop, keyring, sim.base_url)
        check, where = setup.save_key(shop.manager, key)
        assert where == "the encrypted store" and not check.restricted and "restricted key" in check.advice
        assert secrets.stripe_key() == key
        [(name, sealed)] = _sealed_rows(shop)
        assert name == "stripe_api_key" and key.encode() not in sealed and key[-16:].encode() not in sealed
        dump = _plain_dump(shop)
        assert repr(sealed) in dump and key not in dump and key[-16:] not in dump  # even decrypted
        assert getattr(keyring, "secrets", {}) == {}
        assert shop.audit.list(action="stripe.key_saved").result()[-1].details["where"] == "sealed_store"
        files = _files_holding(data_dir, key)
        expected = {DATABASE_FILENAME, f"{DATABASE_FILENAME}-wal", f"{DATABASE_FILENAME}-shm"}
        assert expected | {RECOVERY_FILENAME, "config.toml", LOG_FILENAME} <= set(files)
        assert {name: forms for name, forms in files.items() if forms} == {}
    finally:
        shop.db.close()
    assert all(not forms for forms in _files_holding(data_dir, key).values())  # after the checkpoint
    shop = make_shop(data_dir, keyring, fake_clock)
    try:
        assert _setup(shop, keyring, sim.base_url)[1].stripe_key() == key  # it survives a restart
    finally:
        shop.db.close()


def _closed_port() -> str:
    with socket.create_server(("127.0.0.1", 0)) as server:
        return f"http://127.0.0.1:{server.getsockname()[1]}"  # nothing listens once this closes


@pytest.mark.parametrize(
    ("case", "words", "status"),
    [
        ("wrong key", "Stripe refused this key (wrong, expired or revoked)", 401),
        ("no Terminal", "may not use Stripe Terminal. Allow Terminal (write)", 403),
        ("unreachable", "Stripe could not be reached to check the key", None),
        ("connection dropped", "Stripe could not be reached to check the key", None),
    ],
)
def test_a_key_that_cannot_be_checked_gives_its_reason_and_stores_nothing(
    shop: Shop, memory_keyring: MemoryKeyring, sim: StripeSimulator, case: str, words: str, status: int | None
) -> None:
    key, base = sim.api_key, sim.base_url
    if case == "no Terminal":
        key = sim.restricted_key("payment_intent_write", "charge_read")
    elif case == "wrong key":
        key = "sk_test_" + "x" * 24
    elif case == "unreachable":
        base = _closed_port()
    elif case == "connection dropped":
        fault = sim.faults.add("drop_connection", path_prefix="/v1/terminal", count=None)
    setup, secrets = _setup(shop, memory_keyring, base)
    before = len(sim.ledger.request_log())
    with pytest.raises(KeyProblem) as refused:
        setup.save_key(shop.manager, key)
    assert words in str(refused.value) and key not in str(refused.value)
    answered = [r.status for r in sim.ledger.request_log()[before:]]
    if status is not None:
        assert answered == [status]  # one answer, not retried
    elif case == "connection dropped":
        assert fault.fired == 2 and answered == [None, None]  # tried twice, no answer either time
    else:
        assert answered == []
    assert secrets.stripe_key() is None and memory_keyring.secrets.keys() == {
        k for k in memory_keyring.secrets if k[1].startswith("database:")
    }
    assert _sealed_rows(shop) == [] and shop.audit.list(action="stripe").result() == []


def test_a_malformed_or_publishable_key_never_reaches_the_network(
    shop: Shop, memory_keyring: MemoryKeyring, sim: StripeSimulator
) -> None:
    setup, secrets = _setup(shop, memory_keyring, sim.base_url)
    for key, words in (("pk_test_abcdefgh12345678", "publishable key"), ("hello", "does not look like")):
        with pytest.raises(KeyProblem, match=words):
            setup.save_key(shop.manager, key)
    assert sim.ledger.request_log() == [] and secrets.stripe_key() is None
