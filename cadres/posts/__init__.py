"""Posts cadres hold (任职) and party-organisation coverage: filter, reads, writes, forms."""
