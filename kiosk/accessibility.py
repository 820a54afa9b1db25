"""Accessibility numbers and the geometry that follows from the panel's physical size.

Sources (see the steering repo's REFERENCE.md §3): capital heights of four text sizes from
VVSG 2.0 7.1-G and Section 508 402.4 (smallest at least 4.8 mm, largest at least 8.5 mm); touch
targets at least 12.7 mm with 2.54 mm between them (VVSG 7.2-I); forward reach 380–1 220 mm
above the floor (ADA 308, EN 301 549 8.3).
"""

from __future__ import annotations

from kiosk.config import Screen

TEXT_CAP_MM = {1: 4.9, 2: 5.8, 3: 7.1, 4: 8.6}
"""Capital height of body text per text-size level (a little above each minimum)."""
ELDERLY_TEXT_SIZE = 4
TARGET_MIN_MM = 12.7
TARGET_GAP_MM = 2.54
REACH_MIN_MM = 380.0
REACH_MAX_MM = 1220.0


def px_per_mm(screen: Screen, window_width_px: float) -> float:
    """Pixels per millimetre of the window on this panel."""
    return window_width_px / screen.width_mm


def reach_band(screen: Screen) -> tuple[float, float]:
    """The part of the screen height (bottom, top as fractions 0–1) within a seated reach.

    Everything actionable goes in this band in the low-position layout. A panel mounted so
    that nothing is reachable is a configuration error the caller reports.
    """
    bottom = screen.bottom_edge_mm
    top = bottom + screen.height_mm
    low = min(max(REACH_MIN_MM - bottom, 0.0), screen.height_mm) / screen.height_mm
    high = min(max(REACH_MAX_MM - bottom, 0.0), screen.height_mm) / screen.height_mm
    if high - low <= 0:
        raise ValueError(
            f"no part of a screen from {bottom:.0f} to {top:.0f} mm above the floor is within "
            f"{REACH_MIN_MM:.0f}–{REACH_MAX_MM:.0f} mm: lower the mounting (screen.bottom_edge_mm)"
        )
    return low, high
