"""Pages of retirees' accounts: the staff page that issues a code, and the retirees' own."""
