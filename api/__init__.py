"""The versioned REST API (/api/v1/) for the mini-program and other clients: reads and
writes through the domain apps' selectors and services, never rules of its own."""
