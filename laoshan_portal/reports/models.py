"""Models of dashboards and reports (none yet: the monthly report arrives with its issue)."""
