"""Pages of the five campaigns: one module per page group, each listing its URLs."""
