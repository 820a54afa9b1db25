"""Receipt printer: ESC/POS driver over any link, its simulator, profiles and codec."""
