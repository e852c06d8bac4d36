"""Slow, obviously-correct reference implementations that tests and benchmarks check the fast code against."""
