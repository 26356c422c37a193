"""Template filters of the workroom pages."""
