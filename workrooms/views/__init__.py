"""Pages of the workrooms app, one module per page group."""
