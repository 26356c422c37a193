"""Community check-ins (社区报到): the signed QR link, reads, writes and forms."""
