from __future__ import annotations

from dripos_terminal.ids import new_id
from dripos_terminal.redaction import redact
from dripos_terminal.store.payments import freeze_params


def test_ids_never_look_like_card_data() -> None:
    ids = [new_id("pay") for _ in range(5000)]
    assert len(set(ids)) == len(ids)
    assert all(redact(i) == i and not any(c.isdigit() for c in i[4:]) for i in ids)
    # Frozen params carrying ids in metadata are never refused as card data.
    freeze_params({"metadata": {"payment_id": ids[0], "order_id": new_id()}, "amount": 450})
