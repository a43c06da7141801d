"""peripherals package."""
