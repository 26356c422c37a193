"""待办: every staff member's to-do list, computed live from the domain apps' selectors."""
