"""Operator code: backup and restore, key rotation, demo and synthetic data.

It stands apart from the product: it may use every app, and no app imports it.
"""
