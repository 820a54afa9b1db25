"""Who is at the kiosk: ID-number rules, scanned-code validation and the identity record."""
