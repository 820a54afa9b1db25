"""The real Kivy shell, headless: glyphs, navigation by touch, idle timeout, language switch."""

from __future__ import annotations

import os
import re

import kivy
import pytest
from PIL import Image

from kiosk.events import IdentityCardRemoved
from kiosk.i18n import translate
from kiosk.session import SessionState

CJK = re.compile(r"[\u4e00-\u9fff]")


def _ink_mask(image: Image.Image, threshold: int = 128) -> Image.Image:
    return image.point(lambda v: 255 if v > threshold else 0)


def _iou(a: Image.Image, b: Image.Image) -> float:
    pa, pb = a.tobytes(), b.tobytes()
    both = sum(1 for x, y in zip(pa, pb) if x and y)
    either = sum(1 for x, y in zip(pa, pb) if x or y)
    return both / either


def _render_alpha(text: str, font_size: float, font_name: str, bold: bool) -> Image.Image:
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text=text, font_size=font_size, font_name=font_name, bold=bold)
    label.refresh()
    texture = label.texture
    return Image.frombytes("RGBA", texture.size, texture.pixels).getchannel("A")


def test_home_title_is_drawn_with_chinese_glyphs_not_boxes(kiosk):
    welcome = kiosk.app.manager.get_screen("home").ids.welcome
    shot = Image.open(kiosk.screenshot("home-glyphs")).convert("L")
    x, y = (round(v) for v in welcome.to_window(*welcome.pos))
    w, h = (round(v) for v in welcome.size)
    crop = shot.crop((x, shot.height - (y + h), x + w, shot.height - y))
    on_screen = _ink_mask(crop.point(lambda v: 255 - v))  # dark text on light background

    with_cjk = _ink_mask(_render_alpha(welcome.text, welcome.font_size, welcome.font_name, True))
    roboto = os.path.join(os.path.dirname(kivy.__file__), "data", "fonts", "Roboto-Regular.ttf")
    without_cjk = _ink_mask(
        _render_alpha(welcome.text, welcome.font_size, roboto, True).resize(crop.size)
    )

    assert welcome.text == "欢迎使用政务服务自助终端"
    assert _iou(on_screen, with_cjk.resize(crop.size)) > 0.7
    assert _iou(on_screen, without_cjk) < 0.35


@pytest.mark.parametrize("journey", ["guide", "forms", "qr_login", "pickup", "booking", "evaluation"])
def test_tapping_a_tile_opens_its_journey(kiosk, journey):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    assert set(tiles) == {"guide", "forms", "qr_login", "pickup", "booking", "evaluation"}

    kiosk.tap(tiles[journey])

    assert kiosk.app.manager.current == journey
    assert kiosk.core.session.state is SessionState.ACTIVE  # the first touch started a session
    shown = {w.text for w in kiosk.app.manager.current_screen.walk() if hasattr(w, "text")}
    assert translate(f"journey.{journey}.title", "zh_CN") in " ".join(shown)


@pytest.mark.parametrize(("built", "ready", "words"), [
    (False, True, "尚未在本终端开通"),  # a journey this terminal does not offer
    (True, False, "正在准备"),  # its flow still loading in the first seconds after start
])
def test_a_journey_not_available_says_so_plainly_and_leads_back(kiosk, built, ready, words):
    from kiosk.flows.navigation import Journey
    from screens.app import journey_screen

    screen = journey_screen(Journey("guide", built=built), ready=ready)
    screen.name = "placeholder-test"
    kiosk.app.manager.add_widget(screen)
    try:
        kiosk.app.manager.current = "placeholder-test"
        kiosk.pump()
        assert screen.ids.title.text == "办事指南"
        assert words in screen.ids.message.text
        kiosk.tap(screen.ids.back)
        assert kiosk.app.manager.current == "home"
    finally:
        kiosk.app.manager.remove_widget(screen)


def test_accessibility_button_is_reachable_from_a_journey_screen(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["pickup"])
    kiosk.tap(kiosk.app.root.ids.accessibility_button)
    assert kiosk.app.manager.current == "accessibility"


def _warning(kiosk):
    layer = kiosk.app.root.ids.idle_layer
    return layer.opacity == 1, kiosk.app.root.ids.idle_panel.ids.idle_countdown.text


def test_idle_warning_counts_down_then_the_session_ends_and_everything_is_cleared(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["guide"])
    kiosk.tap(kiosk.app.root.ids.language_button)
    session = kiosk.core.session
    session.personal.set("name", "张三丰")
    assert kiosk.app.lang == "en"

    kiosk.clock.advance(119)
    session.tick()
    kiosk.pump()
    assert _warning(kiosk)[0] is False

    kiosk.clock.advance(2)  # 121 s idle: past the 120 s limit, the warning shows
    session.tick()
    kiosk.pump()
    shown, text = _warning(kiosk)
    assert shown
    assert "29 seconds" in text
    kiosk.screenshot("idle-warning")

    kiosk.clock.advance(29)
    session.tick()
    kiosk.pump()

    assert session.state is SessionState.IDLE
    assert session.personal.get("name") is None
    assert kiosk.app.manager.current == "home"
    assert _warning(kiosk)[0] is False
    assert kiosk.app.lang == "zh_CN"  # language back to the terminal's default
    assert kiosk.app.manager.get_screen("home").ids.welcome.text == "欢迎使用政务服务自助终端"


@pytest.mark.parametrize("how", ["continue button", "touch elsewhere"])
def test_the_citizen_can_keep_the_session_from_the_idle_warning(kiosk, how):
    kiosk.tap(kiosk.app.root.ids.accessibility_button)
    kiosk.clock.advance(125)
    kiosk.core.session.tick()
    kiosk.pump()
    assert _warning(kiosk)[0]

    if how == "continue button":
        kiosk.tap(kiosk.app.root.ids.idle_panel.ids.continue_button)
    else:  # the warning is modal: the back button under it does not act, but the touch counts
        kiosk.tap(kiosk.app.manager.current_screen.ids.back)

    assert _warning(kiosk)[0] is False
    assert kiosk.core.session.state is SessionState.ACTIVE
    assert kiosk.app.manager.current == "accessibility"


def test_removing_the_login_card_ends_the_session(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["pickup"])
    kiosk.core.session.personal.set("id_number", "11010519491231002X")
    kiosk.core.session.personal.source = "idcard"

    kiosk.core.bus.publish(IdentityCardRemoved(reader="idcard"))
    kiosk.pump()

    assert kiosk.app.manager.current == "home"
    assert kiosk.core.session.personal.get("id_number") is None


def _visible_labels(kiosk):
    from kivy.uix.label import Label

    roots = [kiosk.app.root.ids.header, kiosk.app.manager.current_screen]
    return [w for root in roots for w in root.walk() if isinstance(w, Label) and w.text]


@pytest.mark.parametrize("screen", ["home", "evaluation", "accessibility"])
def test_language_switch_changes_every_visible_label(kiosk, screen):
    if screen != "home":
        kiosk.app.open_journey(screen)
        kiosk.pump_for(0.5)  # a journey may fetch its content in the background
    words = re.compile(r"[A-Za-z\u4e00-\u9fff]")  # figures like the clock or "1×" stay as they are

    def shown() -> list[str]:  # screens may rebuild their widgets: compare what is on view
        return sorted(w.text for w in _visible_labels(kiosk) if words.search(w.text))

    before = shown()
    assert any(CJK.search(text) for text in before)

    kiosk.tap(kiosk.app.root.ids.language_button)

    after = shown()
    assert not set(before) & set(after), f"unchanged: {set(before) & set(after)}"
    left = [t for t in after if CJK.search(t) and t != "中文"]  # "中文" switches back
    assert not left, f"Chinese left on the English screen: {left}"
    assert kiosk.app.root.ids.language_button.text == "中文"
    assert kiosk.app.root.ids.site_name.text == kiosk.core.config.site.name_en

    kiosk.tap(kiosk.app.root.ids.language_button)
    assert shown() == before


def test_every_journey_title_on_screen_comes_from_the_catalogue(kiosk):
    for tile in kiosk.app.manager.get_screen("home").ids.tiles.children:
        title = tile.children[-1].text
        assert title == translate(f"journey.{tile.journey}.title", "zh_CN")
