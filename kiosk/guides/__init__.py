"""Service guides (办事指南): the model of one item's guide and what is printed from it."""

from pathlib import Path

BUNDLED_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "catalogue" / "demo.json"
"""The catalogue shipped with the software, installed when a terminal has none yet."""
