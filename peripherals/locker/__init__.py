"""Pickup locker controller boards on an RS485 bus."""
