"""Benchmarks of the course engine and app, each measured beside its floor: `python -m tests.benchmarks`."""
