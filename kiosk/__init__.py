"""govkiosk: self-service kiosk for government service centres."""

__version__ = "0.1.0"
