"""A CJK font is found (or start-up says which package to install); theme colours are readable."""

from __future__ import annotations

import pytest

from kiosk.fonts import FontNotFound, find_cjk_font
from kiosk.theme import HIGH_CONTRAST, PROFILES, contrast_ratio, palette_for


def test_noto_sans_cjk_simplified_chinese_face_is_preferred(tmp_path):
    font = find_cjk_font(tmp_path)
    assert font.family in ("Noto Sans CJK SC", "wqy-microhei")
    assert font.regular.exists() and font.bold.exists()
    if font.family == "Noto Sans CJK SC":
        from fontTools.ttLib import TTFont

        assert TTFont(font.regular, lazy=True)["name"].getDebugName(1) == "Noto Sans CJK SC"


def test_missing_cjk_font_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVKIOSK_FONT_DIRS", str(tmp_path))
    with pytest.raises(FontNotFound, match="fonts-noto-cjk"):
        find_cjk_font(tmp_path)


def test_region_brand_colours_follow_the_local_guides():
    assert PROFILES["beijing"].palette.brand == (184, 28, 43)
    assert PROFILES["shanghai"].palette.brand == (0xCC, 0x02, 0x00)


@pytest.mark.parametrize("region", sorted(PROFILES))
@pytest.mark.parametrize("contrast", ["default", *HIGH_CONTRAST])
def test_text_contrast(region, contrast):
    p = palette_for(region, contrast)
    minimum = 7.0 if contrast in HIGH_CONTRAST else 4.5
    for fg, bg in ((p.text, p.background), (p.text, p.surface), (p.on_brand, p.brand),
                   (p.brand, p.surface), (p.muted_text, p.background), (p.brand, p.on_brand)):
        assert contrast_ratio(fg, bg) >= minimum, (fg, bg)
