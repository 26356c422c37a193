"""Governance needs (治理需求): reads, writes, forms, and the ranking of candidates."""
