"""Subcommands of ``kiosk``; each module registers one (see :mod:`kiosk.cli`)."""
