"""The five action campaigns and their activities."""
