"""Old-party-member workrooms, co-building clusters, activity logs and deliberation."""
