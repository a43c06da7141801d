from __future__ import annotations

import pytest

from dripos_terminal.domain.money import Money
from dripos_terminal.domain.tender import (
    CardInfo,
    Refund,
    Tender,
    TenderError,
    TenderKind,
    card_tender,
    cash_tender,
)
from tests.unit.domain.domain_helpers import T0, usd

VISA = CardInfo("visa", "4242")


class TestCash:
    def test_change_due(self) -> None:
        t = cash_tender("t1", received=usd(2000), balance_due=usd(1347))
        assert (t.amount, t.tip, t.change, t.cash_received) == (usd(1347), usd(0), usd(653), usd(2000))
        assert t.kind is TenderKind.CASH and t.charged == usd(1347)

    def test_exact_cash_has_no_change(self) -> None:
        assert cash_tender("t1", usd(500), usd(500)).change == usd(0)

    def test_cash_with_a_tip_keeps_the_tip_separate(self) -> None:
        t = cash_tender("t1", usd(2000), usd(1347), tip=usd(153))
        assert (t.amount, t.tip, t.change) == (usd(1347), usd(153), usd(500))

    def test_short_cash_is_refused_unless_split(self) -> None:
        with pytest.raises(TenderError, match=r"\$5.00 is less than the \$13.47 due"):
            cash_tender("t1", usd(500), usd(1347))
        t = cash_tender("t1", usd(500), usd(1347), allow_partial=True)
        assert (t.amount, t.change) == (usd(500), usd(0))

    def test_partial_cash_must_cover_the_tip(self) -> None:
        with pytest.raises(TenderError, match="tip"):
            cash_tender("t1", usd(100), usd(1347), tip=usd(100), allow_partial=True)

    def test_nothing_due(self) -> None:
        with pytest.raises(TenderError, match="Nothing is due"):
            cash_tender("t1", usd(100), usd(0))

    def test_inconsistent_cash_record_is_refused(self) -> None:
        with pytest.raises(TenderError, match="cash received must equal"):
            Tender("t1", TenderKind.CASH, usd(100), usd(0), None, None, usd(500), usd(300))
        with pytest.raises(TenderError, match="records cash received"):
            Tender("t1", TenderKind.CASH, usd(100), usd(0))


class TestCard:
    @pytest.mark.parametrize(
        "kind", [TenderKind.CARD_PRESENT, TenderKind.MANUAL_CARD, TenderKind.OFFLINE_CARD]
    )
    def test_card_kinds(self, kind: TenderKind) -> None:
        t = card_tender("t1", kind, usd(1347), card=VISA, reference="pi_123", tip=usd(200))
        assert t.charged == usd(1547) and t.change is None and kind.is_card

    def test_card_needs_card_and_reference(self) -> None:
        with pytest.raises(TenderError, match="reference"):
            card_tender("t1", TenderKind.CARD_PRESENT, usd(100), card=VISA, reference="")
        with pytest.raises(TenderError, match="masked card info"):
            Tender("t1", TenderKind.MANUAL_CARD, usd(100), usd(0), "pi_1", None)
        with pytest.raises(TenderError, match="cash_tender"):
            card_tender("t1", TenderKind.CASH, usd(100), card=VISA, reference="x")

    def test_amounts_must_be_sane(self) -> None:
        for amount, tip in ((usd(0), usd(0)), (usd(-1), usd(5)), (usd(5), usd(-1))):
            with pytest.raises(TenderError):
                card_tender("t1", TenderKind.CARD_PRESENT, amount, card=VISA, reference="pi", tip=tip)
        with pytest.raises(TenderError, match="currencies"):
            card_tender("t1", TenderKind.CARD_PRESENT, usd(5), card=VISA, reference="pi", tip=Money(1, "EUR"))

    @pytest.mark.parametrize(
        ("brand", "last4"),
        [("visa", "424"), ("visa", "42424"), ("visa", "４２４２"), ("Visa", "4242"), ("", "4242")],
    )
    def test_card_info_validation(self, brand: str, last4: str) -> None:
        with pytest.raises(TenderError):
            CardInfo(brand, last4)

    def test_masking(self) -> None:
        assert VISA.masked == "Visa •••• 4242"
        assert CardInfo("american_express", "0005").masked == "American Express •••• 0005"

    @pytest.mark.parametrize(
        "tender",
        [
            card_tender("t1", TenderKind.OFFLINE_CARD, usd(100), card=VISA, reference="off_1", tip=usd(10)),
            cash_tender("t2", usd(2000), usd(1347), tip=usd(3)),
        ],
    )
    def test_round_trip(self, tender: Tender) -> None:
        assert Tender.from_dict(tender.to_dict()) == tender


class TestRefundRecord:
    def test_validation(self) -> None:
        with pytest.raises(TenderError):
            Refund("r1", "t1", usd(0), "m1", T0)
        with pytest.raises(TenderError):
            Refund("r1", "t1", usd(10), "", T0)
        with pytest.raises(TenderError, match="timezone"):
            Refund("r1", "t1", usd(10), "m1", T0.replace(tzinfo=None))
        r = Refund("r1", "t1", usd(10), "m1", T0, "spilled", "re_1")
        assert Refund.from_dict(r.to_dict()) == r
