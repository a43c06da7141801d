"""payments package."""
