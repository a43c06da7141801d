"""Dripos Terminal: a coffee-shop till that keeps selling when card readers fail."""

__version__ = "0.1.0"
