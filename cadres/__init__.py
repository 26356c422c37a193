"""The silver talent registry: cadres and their five knowns, check-ins, posts, needs."""
