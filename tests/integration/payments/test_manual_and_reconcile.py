"""Manual entry online, card-data hygiene, and start-up reconciliation after a crash."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dripos_terminal.domain.card import KeyedCard
from dripos_terminal.domain.payment import PaymentKind, PaymentStatus
from dripos_terminal.payments.failures import FailureKind
from dripos_terminal.payments.ports import PromptKind, ResultStatus
from tests.integration.payments.payments_harness import Env, build_env

NOW = datetime.now(UTC)
TEST_PAN = "4000056655665556"
CVC = "737"


def _card(number: str = TEST_PAN, cvc: str = CVC) -> KeyedCard:
    grouped = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    return KeyedCard.parse(grouped, "12/34", cvc, "94107", now=NOW)


def _pay_manual(env: Env, card: KeyedCard, order: str = "o1") -> object:
    return env.checkout.pay(order, 1250, "usd", env.prompt, kind=PaymentKind.MANUAL_CARD, keyed_card=card)


def _key_values(node: object, key: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _key_values(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _key_values(v, key)
    else:
        yield key, node


def _assert_no_card_data(env: Env, tmp_path: Path, caplog: pytest.LogCaptureFixture, pans: list[str]) -> None:
    for path in tmp_path.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            for pan in pans:
                assert pan.encode() not in blob, path
    for pan in pans:
        assert pan not in caplog.text
    rows = env.db.call(lambda c: [dict(r) for r in c.execute("SELECT * FROM stripe_requests").fetchall()])
    assert rows
    for row in rows:
        text = " ".join(str(v) for v in row.values())
        # Structural, not substring: random ids in the params may contain "737" by chance.
        pairs = list(_key_values(json.loads(row["params"])))
        assert not [k for k, _ in pairs if k in {"number", "cvc"}]
        assert CVC not in {str(v) for _, v in pairs}
        for pan in pans:
            assert pan not in text
    payments = env.db.call(lambda c: [dict(r) for r in c.execute("SELECT * FROM payments").fetchall()])
    for p in payments:
        assert p["pan"] is None
        for pan in pans:
            assert pan not in " ".join(str(v) for v in p.values())


def test_manual_entry_approved(env: Env, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    card = _card()
    result = _pay_manual(env, card)
    assert result.status is ResultStatus.APPROVED  # type: ignore[attr-defined]
    assert (result.brand, result.last4, result.amount_minor) == ("visa", "5556", 1250)  # type: ignore[attr-defined]
    assert card.dropped
    rec = env.store.get(result.payment_id)  # type: ignore[attr-defined]
    assert rec.status is PaymentStatus.SUCCEEDED and rec.kind is PaymentKind.MANUAL_CARD
    assert (rec.last4, rec.exp_month, rec.exp_year) == ("5556", 12, 2034)
    charges = env.sim.ledger.charges()
    assert len(charges) == 1 and charges[0]["payment_method_type"] == "card"
    assert env.prompt.kinds == [PromptKind.PROCESSING]  # an instruction; the outcome is the result's
    _assert_no_card_data(env, tmp_path, caplog, [TEST_PAN])


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("4000000000009995", "Declined: insufficient funds — ask for another card"),
        ("4000000000000002", "Declined — ask for another card"),
        ("4000000000009979", "Declined — ask for another payment method"),
        ("4000000000000127", "Declined: security code incorrect — check it and try again"),
    ],
)
def test_manual_entry_declined(
    env: Env, tmp_path: Path, caplog: pytest.LogCaptureFixture, number: str, text: str
) -> None:
    caplog.set_level(logging.DEBUG)
    card = _card(number)
    result = _pay_manual(env, card)
    assert result.status is ResultStatus.DECLINED  # type: ignore[attr-defined]
    assert result.decline_text == text and result.failure is FailureKind.CARD_DECLINED  # type: ignore[attr-defined]
    assert card.dropped
    assert env.store.get(result.payment_id).status is PaymentStatus.DECLINED  # type: ignore[attr-defined]
    assert env.sim.ledger.charges() == []
    _assert_no_card_data(env, tmp_path, caplog, [number])


def test_manual_entry_payment_method_ambiguous_makes_a_new_one(env: Env) -> None:
    env.sim.faults.drop_connection(count=5, path_prefix="/v1/payment_methods")  # all tries of the first PM
    result = _pay_manual(env, _card())
    assert result.status is ResultStatus.APPROVED  # type: ignore[attr-defined]
    pm_requests = env.store.requests_for(result.payment_id, "payment_method_keyed")  # type: ignore[attr-defined]
    assert len(pm_requests) == 2
    assert all(r.params == {"type": "card", "metadata": {"payment_id": r.payment_id}} for r in pm_requests)


def test_manual_entry_commit_then_drop_charges_once(env: Env) -> None:
    env.sim.faults.commit_then_drop(path_prefix="/v1/payment_intents", method="POST")
    result = _pay_manual(env, _card())
    assert result.status is ResultStatus.APPROVED  # type: ignore[attr-defined]
    assert len(env.sim.ledger.charges()) == 1


def test_manual_entry_unknown_then_reconciled_with_same_key(env: Env) -> None:
    env.sim.faults.drop_connection(count=None, path_prefix="/v1/payment_intents")
    result = _pay_manual(env, _card())
    env.sim.faults.clear()
    assert result.status is ResultStatus.UNKNOWN  # type: ignore[attr-defined]
    assert PromptKind.CHECKING in env.prompt.kinds
    pid = result.payment_id  # type: ignore[attr-defined]
    assert env.store.get(pid).status is PaymentStatus.UNKNOWN
    with pytest.raises(Exception, match="still being checked"):
        env.checkout.start("o1", 1250, "usd", kind=PaymentKind.MANUAL_CARD, keyed_card=_card())
    (settled,) = env.checkout.reconcile_unknown()
    assert settled.status is ResultStatus.APPROVED
    assert env.store.get(pid).status is PaymentStatus.SUCCEEDED
    (pi_request,) = env.store.requests_for(pid, "payment_intent")
    keys = {r.idempotency_key for r in env.sim.ledger.request_log() if r.path == "/v1/payment_intents"}
    assert keys == {pi_request.idempotency_key}
    assert len(env.sim.ledger.charges()) == 1


def _restart(env: Env) -> Env:
    """A new process on the same database: fresh services, nothing in memory."""
    return build_env(env.sim, env.db, env.db_path, env.reader_id)


def test_reconcile_after_crash_with_card_approved(make_env: Callable[..., Env]) -> None:
    env = make_env()
    request = env.checkout.start("o1", 450, "usd")
    env.store.transition(request.payment_id, PaymentStatus.SENDING)
    (pi_req,) = env.store.requests_for(request.payment_id, "payment_intent")
    pi = env.gateway.send(pi_req.idempotency_key)
    env.gateway.post(
        request.payment_id,
        "process_payment_intent",
        f"/v1/terminal/readers/{env.reader_id}/process_payment_intent",
        {"payment_intent": pi["id"], "process_config": {"skip_tipping": True}},
    )
    env.present()
    # ...the till crashed here: SENDING row, PaymentIntent id never recorded.
    assert env.store.get(request.payment_id).payment_intent_id is None
    fresh = _restart(env)
    (settled,) = fresh.checkout.reconcile_unknown()
    assert settled.status is ResultStatus.APPROVED and settled.payment_intent_id == pi["id"]
    rec = fresh.store.get(request.payment_id)
    assert rec.status is PaymentStatus.SUCCEEDED and rec.payment_intent_id == pi["id"]
    assert fresh.checkout.reconcile_unknown() == []
    assert len(env.sim.ledger.charges()) == 1
    fresh.pool.shutdown()


def test_reconcile_after_crash_before_anything_was_charged(make_env: Callable[..., Env]) -> None:
    env = make_env()
    sent = env.checkout.start("o1", 450, "usd")
    env.store.transition(sent.payment_id, PaymentStatus.SENDING)  # crashed right after committing SENDING
    pending = env.checkout.start("o2", 300, "usd")  # crashed before SENDING
    fresh = _restart(env)
    results = {r.payment_id: r for r in fresh.checkout.reconcile_unknown()}
    assert results[sent.payment_id].status is ResultStatus.CANCELED
    assert results[pending.payment_id].status is ResultStatus.CANCELED
    assert fresh.store.unresolved() == []
    assert env.sim.ledger.charges() == []
    assert all(pi["status"] == "canceled" for pi in env.sim.ledger.payment_intents())
    fresh.pool.shutdown()


def test_reconcile_while_stripe_down_keeps_unknown(make_env: Callable[..., Env]) -> None:
    env = make_env()
    request = env.checkout.start("o1", 450, "usd")
    env.store.transition(request.payment_id, PaymentStatus.SENDING)
    env.sim.faults.api_error(503, count=None)
    fresh = _restart(env)
    (settled,) = fresh.checkout.reconcile_unknown()
    env.sim.faults.clear()
    assert settled.status is ResultStatus.UNKNOWN
    assert env.store.get(request.payment_id).status is PaymentStatus.UNKNOWN
    again = fresh.checkout.resolve(request.payment_id)
    assert again.status is ResultStatus.CANCELED
    assert fresh.checkout.resolve(request.payment_id).status is ResultStatus.CANCELED
    fresh.pool.shutdown()
