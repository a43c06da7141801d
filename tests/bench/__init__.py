"""`make bench`: prints figures; never asserts on time (python -m tests.bench [section ...])."""
