"""Dispute mediation cases (和事佬): intake, records, outcome, agreement, follow-ups."""
