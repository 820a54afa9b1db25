"""Region profiles as theme tokens: colours and fonts the views read from one place.

Beijing: brand red R184 G28 B43 and Source Han Sans / Noto Sans CJK (DB11, App. A.2).
Shanghai: #cc0200 (DB31/T 862, App. A.2.3). Default: a neutral government blue.
Contrast modes replace the palette; every text/background pair is checked by the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    brand: RGB  # header band and primary buttons
    on_brand: RGB  # text on brand
    background: RGB
    surface: RGB  # tiles and panels
    text: RGB
    muted_text: RGB
    accent: RGB  # focus ring, highlights


@dataclass(frozen=True)
class RegionProfile:
    name: str
    palette: Palette
    font_note: str


WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

PROFILES: dict[str, RegionProfile] = {
    "beijing": RegionProfile(
        "beijing",
        Palette((184, 28, 43), WHITE, (246, 244, 242), WHITE, (33, 33, 33), (84, 84, 84), (0, 90, 180)),
        "Source Han Sans / Noto Sans CJK (DB11 App. A.2)",
    ),
    "shanghai": RegionProfile(
        "shanghai",
        Palette((204, 2, 0), WHITE, (245, 245, 245), WHITE, (34, 34, 34), (85, 85, 85), (0, 84, 166)),
        "Noto Sans CJK (DB31/T 862 App. A.2.3)",
    ),
    "default": RegionProfile(
        "default",
        Palette((22, 78, 140), WHITE, (242, 245, 248), WHITE, (30, 30, 30), (80, 80, 80), (196, 90, 0)),
        "Noto Sans CJK",
    ),
}

HIGH_CONTRAST: dict[str, Palette] = {
    "high_light": Palette(BLACK, WHITE, WHITE, WHITE, BLACK, BLACK, (0, 0, 200)),
    "high_dark": Palette((255, 255, 0), BLACK, BLACK, BLACK, WHITE, (255, 255, 0), (0, 255, 255)),
}


def palette_for(region: str, contrast: str) -> Palette:
    """The palette of a region in a contrast mode (high-contrast modes are the same everywhere)."""
    if contrast in HIGH_CONTRAST:
        return HIGH_CONTRAST[contrast]
    return PROFILES[region].palette


def _luminance(rgb: RGB) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgba(rgb: RGB, alpha: float = 1.0) -> tuple[float, float, float, float]:
    """A colour as Kivy wants it."""
    return (rgb[0] / 255, rgb[1] / 255, rgb[2] / 255, alpha)
