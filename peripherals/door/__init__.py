"""Door access of a 24-hour self-service area."""
