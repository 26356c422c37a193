"""Pages of the funds, one module per page group."""
