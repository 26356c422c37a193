"""Dashboards, monthly PDF reports and the health endpoint."""
