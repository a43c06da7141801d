"""Embedded Stripe API simulator (stdlib HTTP on loopback) for the demo and the tests."""

from dripos_terminal.sim.stripe.faults import FAULT_NAMES, Fault, FaultInjector
from dripos_terminal.sim.stripe.ledger import Ledger, LoggedRequest
from dripos_terminal.sim.stripe.server import StripeSimulator

__all__ = ["FAULT_NAMES", "Fault", "FaultInjector", "Ledger", "LoggedRequest", "StripeSimulator"]
