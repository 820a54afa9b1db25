"""Pickup lockers (24小时自助取件柜): the bank of compartments, door opening, reconciliation."""
