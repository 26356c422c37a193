"""The area tree, staff accounts with their role and area, and the scope they give."""
