"""How long a staff PIN is: what the PIN pad lets through and what `domain.staff` accepts.

A module of its own so the sign-in screen, on screen before anything else loads, needs nothing more.
"""

PIN_MIN_LENGTH = 4
PIN_MAX_LENGTH = 8
