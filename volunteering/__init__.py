"""Volunteer, mediation and lecture teams, service hours and mediation cases."""
