"""Funds (经费): budget lines by source, allocations to purposes, spending records."""
