"""Retired cadres' own accounts: activation codes, phone sign-in and the 我的 pages."""
