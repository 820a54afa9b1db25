"""Resident ID card reader (二代身份证, SAM module over serial)."""
