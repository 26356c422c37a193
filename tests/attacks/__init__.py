"""Shared pieces of the attack tests (tests/test_attacks_*.py): payloads, the URL walk with
objects in scope, what changed, what a page says."""
