"""Pure-Python business rules: no Qt, no I/O."""
