"""Cart lines with modifiers, quantities and discounts, and the pricing of a cart into `Totals`.

A `Cart` is an immutable value: every edit returns a new cart. The order holds one and refuses to
replace it once tendering has begun, which is what makes paid lines immutable.

Pricing, step by step (all integer minor units):
1. line gross = (item price + modifier prices) × quantity
2. line discount taken off the line gross (percent rounds half-up; fixed ≤ gross)
3. order discount computed on the sum of discounted lines, then allocated across the lines in
   proportion to their discounted amounts by largest remainder (`money.allocate`), so the shares add
   up exactly to the order discount and each line knows its taxable amount
4. tax per tax class on the sum of that class's line nets (see `tax.py` for the rounding rule)
5. total = subtotal − discounts + tax
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from dripos_terminal.domain.catalog import Catalog, LineModifier
from dripos_terminal.domain.discount import Discount
from dripos_terminal.domain.errors import DomainError
from dripos_terminal.domain.money import Money, allocate, normalize_currency
from dripos_terminal.domain.tax import TaxLine, TaxTable, compute_taxes

MAX_QUANTITY = 999


class CartError(DomainError):
    """An edit the cart cannot make (unknown line, bad quantity, mixed currency)."""


@dataclass(frozen=True, slots=True)
class CartLine:
    line_id: int
    item_id: str
    name: str
    unit_price: Money  # the item's price when rung up, before modifiers
    quantity: int
    tax_class: str
    modifiers: tuple[LineModifier, ...] = ()
    discount: Discount | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if type(self.quantity) is not int or not 1 <= self.quantity <= MAX_QUANTITY:
            raise CartError(f"{self.name}: quantity must be 1..{MAX_QUANTITY}, got {self.quantity!r}")
        prices = [self.unit_price, *(m.price for m in self.modifiers)]
        if any(p.currency != self.unit_price.currency for p in prices):
            raise CartError(f"{self.name}: modifiers priced in another currency")
        if any(p.is_negative for p in prices):
            raise CartError(f"{self.name}: prices cannot be negative")
        if self.discount is not None:
            self.discount.amount_off(self.gross.amount)  # raises DiscountError if it does not fit

    @property
    def unit_total(self) -> Money:
        """Price of one, modifiers included."""
        return Money.total((m.price for m in self.modifiers), self.unit_price.currency) + self.unit_price

    @property
    def gross(self) -> Money:
        return self.unit_total * self.quantity

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "item_id": self.item_id,
            "name": self.name,
            "unit_price": self.unit_price.to_dict(),
            "quantity": self.quantity,
            "tax_class": self.tax_class,
            "modifiers": [m.to_dict() for m in self.modifiers],
            "discount": self.discount.to_dict() if self.discount else None,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CartLine:
        return cls(
            line_id=data["line_id"],
            item_id=data["item_id"],
            name=data["name"],
            unit_price=Money.from_dict(data["unit_price"]),
            quantity=data["quantity"],
            tax_class=data["tax_class"],
            modifiers=tuple(LineModifier.from_dict(m) for m in data["modifiers"]),
            discount=Discount.from_dict(data["discount"]) if data["discount"] else None,
            note=data.get("note", ""),
        )


@dataclass(frozen=True, slots=True)
class PricedLine:
    """One line after discounts: `net` is what is taxed and what the customer pays before tax."""

    line_id: int
    tax_class: str
    gross: Money
    line_discount: Money
    order_discount: Money  # this line's share of the order discount
    net: Money


@dataclass(frozen=True)
class Totals:
    currency: str
    lines: tuple[PricedLine, ...]
    subtotal: Money  # Σ line gross
    line_discounts: Money
    order_discount: Money
    taxes: tuple[TaxLine, ...]
    tax: Money

    @property
    def discount_total(self) -> Money:
        return self.line_discounts + self.order_discount

    @property
    def net(self) -> Money:
        """Pre-tax amount after all discounts: the taxable total and the tip base."""
        return self.subtotal - self.discount_total

    @property
    def total(self) -> Money:
        return self.net + self.tax


@dataclass(frozen=True)
class Cart:
    currency: str
    lines: tuple[CartLine, ...] = ()
    discount: Discount | None = None  # order-level discount
    next_line_id: int = 1  # line ids are never reused within an order, even after a removal

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", normalize_currency(self.currency))
        ids = [line.line_id for line in self.lines]
        if len(set(ids)) != len(ids):
            raise CartError("duplicate line id in cart")
        if any(i >= self.next_line_id for i in ids):
            raise CartError("line id not below next_line_id")
        if any(line.unit_price.currency != self.currency for line in self.lines):
            raise CartError(f"cart is in {self.currency}; a line is priced in another currency")
        if self.discount is not None:
            # Also catches an edit (removing a line) that leaves a fixed order discount too large:
            # the edit is refused rather than the discount silently shrunk.
            self.discount.amount_off(sum(_line_net(line) for line in self.lines))

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def line(self, line_id: int) -> CartLine:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise CartError(f"no line {line_id} in this order")

    # -- edits (each returns a new cart) ------------------------------------------------------------
    def add_item(
        self,
        catalog: Catalog,
        item_id: str,
        selections: Mapping[str, Sequence[str]] | None = None,
        quantity: int = 1,
        note: str = "",
    ) -> tuple[Cart, CartLine]:
        """Ring up a catalog item with its modifier choices; returns the new cart and the new line."""
        if normalize_currency(catalog.currency) != self.currency:
            raise CartError(f"catalog is in {catalog.currency}, order in {self.currency}")
        item = catalog.item(item_id)
        modifiers = catalog.resolve_modifiers(item, selections or {})
        line = CartLine(
            self.next_line_id, item.id, item.name, item.price, quantity, item.tax_class, modifiers, None, note
        )
        return self.add_line(line), line

    def add_line(self, line: CartLine) -> Cart:
        """Append a prebuilt line; its id must be `next_line_id` (use `add_item` normally)."""
        if line.line_id != self.next_line_id:
            raise CartError(f"new line must have id {self.next_line_id}, got {line.line_id}")
        return replace(self, lines=(*self.lines, line), next_line_id=self.next_line_id + 1)

    def remove_line(self, line_id: int) -> Cart:
        self.line(line_id)
        return replace(self, lines=tuple(x for x in self.lines if x.line_id != line_id))

    def set_quantity(self, line_id: int, quantity: int) -> Cart:
        return self._replace_line(replace(self.line(line_id), quantity=quantity))

    def set_line_discount(self, line_id: int, discount: Discount | None) -> Cart:
        return self._replace_line(replace(self.line(line_id), discount=discount))

    def set_discount(self, discount: Discount | None) -> Cart:
        """Set or clear the order-level discount."""
        return replace(self, discount=discount)

    def _replace_line(self, new: CartLine) -> Cart:
        lines = tuple(new if x.line_id == new.line_id else x for x in self.lines)
        return replace(self, lines=lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "lines": [line.to_dict() for line in self.lines],
            "discount": self.discount.to_dict() if self.discount else None,
            "next_line_id": self.next_line_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cart:
        return cls(
            currency=data["currency"],
            lines=tuple(CartLine.from_dict(x) for x in data["lines"]),
            discount=Discount.from_dict(data["discount"]) if data["discount"] else None,
            next_line_id=data["next_line_id"],
        )

    # -- pricing ---------------------------------------------------------------------------------
    def totals(self, table: TaxTable) -> Totals:
        return price_cart(self, table)


def _line_discount(line: CartLine, gross: int) -> int:
    return line.discount.amount_off(gross) if line.discount else 0


def _line_net(line: CartLine) -> int:
    gross = line.gross.amount
    return gross - _line_discount(line, gross)


def price_cart(cart: Cart, table: TaxTable) -> Totals:
    """Price `cart` with `table`'s rates; see the module docstring for the exact steps."""
    cur = cart.currency
    gross = [line.gross.amount for line in cart.lines]
    line_disc = [_line_discount(line, g) for line, g in zip(cart.lines, gross, strict=True)]
    after_line = [g - d for g, d in zip(gross, line_disc, strict=True)]
    order_disc = cart.discount.amount_off(sum(after_line)) if cart.discount else 0
    shares = allocate(order_disc, after_line)
    nets = [a - s for a, s in zip(after_line, shares, strict=True)]
    priced = tuple(
        PricedLine(line.line_id, line.tax_class, Money(g, cur), Money(d, cur), Money(s, cur), Money(n, cur))
        for line, g, d, s, n in zip(cart.lines, gross, line_disc, shares, nets, strict=True)
    )
    taxes = compute_taxes(((line.tax_class, n) for line, n in zip(cart.lines, nets, strict=True)), table)
    return Totals(
        currency=cur,
        lines=priced,
        subtotal=Money(sum(gross), cur),
        line_discounts=Money(sum(line_disc), cur),
        order_discount=Money(order_disc, cur),
        taxes=taxes,
        tax=Money(sum(t.tax for t in taxes), cur),
    )
