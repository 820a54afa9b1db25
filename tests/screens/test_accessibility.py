"""Accessibility on every screen in every mode, measured from screenshots and the widget tree.

Thresholds (REFERENCE.md §3): text contrast 4.5:1 (7:1 in high contrast), capital height of body
text 4.8 mm at the smallest size and 8.5 mm at the largest, touch targets 12.7 mm with 2.54 mm
between them, nothing actionable above 1 220 mm in the low-position layout.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import msgspec
import pytest
from kivy.uix.label import Label  # (not kivy.core.window: importing it opens the window)
from PIL import Image

from kiosk.accessibility import REACH_MAX_MM, TARGET_GAP_MM, TARGET_MIN_MM
from kiosk.theme import contrast_ratio
from screens.focus import (
    DOWN, ENTER, ESCAPE, F1, LEFT, RIGHT, UP, actionable, is_shown, scroll_into_view, spoken_text,
    visible_rect, window_rect,
)

MODES = {
    "standard": {},
    "smallest-text": {"text_size": 1},
    "largest-high-light": {"text_size": 4, "contrast": "high_light"},
    "high-dark": {"text_size": 3, "contrast": "high_dark"},
    "senior": {"elderly": True},
    "low-position": {"low_position": True},
}
SCREENS = ["home", "guide", "forms", "qr_login", "pickup", "booking", "evaluation", "accessibility"]


def _text_contrast(shot: Image.Image, label: Label) -> float | None:
    """Contrast between a label's text and what is around it, read from the screenshot."""
    x, y, w, h = window_rect(label)
    tw, th = label.texture_size
    cx, cy = x + w / 2, y + h / 2  # the texture is drawn centred in the label
    left, right = max(0, int(cx - tw / 2)), min(shot.width, int(cx + tw / 2))
    top = max(0, int(shot.height - (cy + th / 2)))
    bottom = min(shot.height, int(shot.height - (cy - th / 2)))
    if right - left < 4 or bottom - top < 4:
        return None
    crop = shot.crop((left, top, right, bottom))
    raw = crop.tobytes()
    pixels = [tuple(raw[i:i + 3]) for i in range(0, len(raw), 3)]
    background = Counter(pixels).most_common(1)[0][0]
    return max(contrast_ratio(background, p) for p in set(pixels))


def _visible_labels(kiosk):
    roots = [kiosk.app.root.ids.header, kiosk.app.manager.current_screen]
    return [w for r in roots for w in r.walk(restrict=True)
            if isinstance(w, Label) and w.text.strip() and is_shown(w) and _fully_on_view(w)]


def _fully_on_view(widget) -> bool:
    return visible_rect(widget) == window_rect(widget)


def _mm(kiosk, px: float) -> float:
    return px / kiosk.app.px_per_mm


@pytest.fixture
def mode(kiosk, request):
    kiosk.core.session.touch()
    kiosk.core.session.set_preferences(**MODES[request.param])
    kiosk.pump()
    yield request.param


@pytest.mark.parametrize("mode", list(MODES), indirect=True)
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_in_every_mode_meets_contrast_text_and_target_sizes(kiosk, mode, screen):
    kiosk.app.open_journey(screen) if screen != "home" else kiosk.app.go_home()
    kiosk.pump(4)
    shot = Image.open(kiosk.screenshot(f"{mode}-{screen}")).convert("RGB")
    prefs = kiosk.core.session.preferences
    minimum = 7.0 if prefs.contrast.startswith("high") else 4.5

    labels = _visible_labels(kiosk)
    assert labels
    for label in labels:
        ratio = _text_contrast(shot, label)
        assert ratio is None or ratio >= minimum, f"{label.text!r}: contrast {ratio:.2f}"
        assert label.font_size >= kiosk.app.text_body - 0.5, f"{label.text!r} smaller than body"

    controls = actionable([kiosk.app.root.ids.header, kiosk.app.manager.current_screen])
    assert controls
    for control in controls:
        assert _mm(kiosk, min(control.size)) >= TARGET_MIN_MM, f"{control} {control.size}"
    for a, b in combinations(controls, 2):  # what can be touched now: the parts on view
        ax, ay, aw, ah = visible_rect(a)
        bx, by, bw, bh = visible_rect(b)
        gap = max(bx - (ax + aw), ax - (bx + bw), by - (ay + ah), ay - (by + bh))
        assert _mm(kiosk, gap) >= TARGET_GAP_MM - 0.05, (
            f"{spoken_text(a)[:20]} / {spoken_text(b)[:20]}: {gap:.1f}px apart"
        )


def test_body_text_capital_height_at_the_smallest_and_largest_sizes(kiosk):
    from screens.app import cap_height_ratio

    ratio = cap_height_ratio()
    heights = {}
    for level in (1, 4):
        kiosk.core.session.set_preferences(text_size=level)
        kiosk.pump()
        heights[level] = _mm(kiosk, kiosk.app.text_body * ratio)
    assert heights[1] >= 4.8
    assert heights[4] >= 8.5


def test_low_position_keeps_every_control_within_reach(kiosk):
    config = kiosk.core.config
    high_mount = msgspec.structs.replace(
        config, screen=msgspec.structs.replace(config.screen, bottom_edge_mm=1050.0)
    )
    kiosk.core.config = high_mount  # a terminal mounted so its top edge is at 1 228 mm
    try:
        from kivy.core.window import Window

        def highest_control_mm():
            controls = actionable([kiosk.app.root.ids.header, kiosk.app.manager.current_screen])
            top_px = max(window_rect(c)[1] + c.height for c in controls)
            return high_mount.screen.bottom_edge_mm + top_px * high_mount.screen.height_mm / Window.height

        kiosk.core.session.touch()
        kiosk.pump()
        assert highest_control_mm() > REACH_MAX_MM  # the standard layout is out of reach
        kiosk.core.session.set_preferences(low_position=True)
        for screen in SCREENS:
            kiosk.app.open_journey(screen) if screen != "home" else kiosk.app.go_home()
            kiosk.pump(3)
            assert highest_control_mm() <= REACH_MAX_MM, screen
        kiosk.screenshot("low-position-accessibility")
    finally:
        kiosk.core.config = config
        kiosk.reset()


def test_keypad_alone_turns_on_voice_and_every_step_is_spoken(kiosk):
    header = kiosk.app.root.ids
    kiosk.press(DOWN)  # focus starts on the first control in reading order
    assert kiosk.app.focus.focused is header.home_button.__self__
    for _ in range(2):
        kiosk.press(RIGHT)
    assert kiosk.app.focus.focused is header.accessibility_button.__self__
    kiosk.press(ENTER)
    assert kiosk.app.manager.current == "accessibility"

    panel = kiosk.app.manager.current_screen
    voice = panel.ids.voice.__self__
    for _ in range(20):
        if kiosk.app.focus.focused is voice:
            break
        kiosk.press(RIGHT if kiosk.app.focus.focused is not None else DOWN)
    assert kiosk.app.focus.focused is voice
    kiosk.press(ENTER)
    assert kiosk.core.session.preferences.voice
    assert kiosk.speaker.texts[-1].startswith("语音播报已开启")

    kiosk.press(DOWN)
    assert kiosk.speaker.texts[-1] == "慢"  # the focused control is read out
    kiosk.press(F1)
    assert "方向键" in kiosk.speaker.texts[-1]
    kiosk.press(ESCAPE)
    assert kiosk.app.manager.current == "home"
    kiosk.pump(2)
    assert kiosk.speaker.texts[-1].startswith("欢迎使用政务服务自助终端")  # the screen is read

    kiosk.press(DOWN)
    kiosk.press(DOWN)  # from the header straight down into the tiles
    assert kiosk.speaker.texts[-1] == "表单填报 填写申请表并打印受理通知"
    kiosk.press(LEFT)
    assert "办事指南" in kiosk.speaker.texts[-1]
    kiosk.press(ENTER)
    assert kiosk.app.manager.current == "guide"
    kiosk.screenshot("keypad-guide-focus")


def test_focus_ring_is_drawn_around_the_focused_control(kiosk):
    kiosk.press(DOWN)
    before = Image.open(kiosk.screenshot("ring-on")).convert("RGB")
    focused = kiosk.app.focus.focused
    x, y, w, h = window_rect(focused)
    ring_y = int(before.height - (y + h / 2))
    ring_x = int(x - kiosk.app.mm(1.2) * 2)
    accent = tuple(round(c * 255) for c in kiosk.app.c_accent[:3])
    assert any(
        sum(abs(a - b) for a, b in zip(before.getpixel((rx, ring_y)), accent)) < 40
        for rx in range(ring_x - 4, ring_x + 5)
    )


def test_every_setting_returns_to_default_when_the_session_ends(kiosk):
    kiosk.app.open_journey("accessibility")
    kiosk.pump()
    panel = kiosk.app.manager.current_screen
    for button in ("text_size_4", "contrast_high_dark", "voice", "headset", "faster",
                   "louder", "low_position", "extended_time", "elderly"):
        kiosk.pump(3)  # the layout settles after the previous change
        scroll_into_view(panel.ids[button], margin_px=0)  # as the citizen would scroll
        kiosk.pump(3)
        kiosk.tap(panel.ids[button])
    changed = kiosk.core.session.preferences
    assert changed.text_size == 4 and changed.contrast == "high_dark" and changed.voice
    assert changed.speech_rate == 1.25 and changed.volume_step == 6 and changed.elderly

    kiosk.tap(kiosk.app.root.ids.finish_button)

    assert kiosk.core.session.preferences == kiosk.core.session._defaults
    assert kiosk.app.text_body < kiosk.app.mm(8.6) / 0.5 and not kiosk.app.elderly
    assert kiosk.app.reach_height == 1.0


def _press_towards(kiosk, target, limit: int = 40) -> None:
    """Arrow keys, as a citizen looking at the screen would press them, until ``target`` has
    focus: along the longer way to go first, the other way when that leads back."""
    seen: set[int] = set()
    for _ in range(limit):
        focused = kiosk.app.focus.focused
        if focused is target:
            return
        if focused is None:
            kiosk.press(DOWN)
            continue
        fx, fy = focused.to_window(*focused.center)
        tx, ty = target.to_window(*target.center)
        vertical = UP if ty > fy else DOWN
        horizontal = RIGHT if tx > fx else LEFT
        first, second = (vertical, horizontal) if abs(ty - fy) > abs(tx - fx) else (horizontal, vertical)
        if abs(ty - fy) < focused.height / 2:
            first = second = horizontal
        kiosk.press(first if id(focused) not in seen else second)
        seen.add(id(focused))
    raise AssertionError(f"the keypad never reached {spoken_text(target)!r}")


def test_keypad_alone_finds_a_guide_and_prints_it_and_every_step_is_spoken(kiosk):
    import time

    from kiosk.flows.printing import PrintingFlow
    from screens.guide import ResultButton
    from tests.peripherals.printer.harness import start_rig

    rig = start_rig()
    kiosk.core.guides.printer = PrintingFlow(rig.printer, kiosk.core.bus, "zh_CN", "12345").print_document
    try:
        kiosk.core.session.touch()
        kiosk.core.session.set_preferences(voice=True)  # a blind citizen asked staff, or used F1
        home = kiosk.app.manager.get_screen("home")
        _press_towards(kiosk, home.tile("guide"))
        kiosk.press(ENTER)
        assert kiosk.app.manager.current == "guide"
        kiosk.pump(2)
        guide = kiosk.app.manager.current_screen
        assert any("输入事项名称" in t for t in kiosk.speaker.texts[-3:])  # the screen is read

        keys = {k.key: k for k in guide.ids.keyboard.children}
        for letter in "jzz":
            _press_towards(kiosk, keys[letter])
            assert kiosk.speaker.texts[-1] == letter
            kiosk.press(ENTER)
        results = [w for w in reversed(guide.ids.content.children) if isinstance(w, ResultButton)]
        _press_towards(kiosk, results[0])
        assert kiosk.speaker.texts[-1].startswith("居住证申领")
        kiosk.press(ENTER)
        _press_towards(kiosk, guide.ids.print_button.__self__)  # ids hold weak proxies
        kiosk.press(ENTER)
        deadline = time.monotonic() + 20
        while not rig.sim.pages or guide.state == "printing":
            assert time.monotonic() < deadline, "nothing printed"
            kiosk.pump()
        kiosk.pump(3)

        text = "".join(line.strip() for line in rig.sim.pages[0].text().splitlines())
        assert "居住证申领" in text
        assert kiosk.speaker.texts[-1] == guide.ids.print_button.text == "打印完成，请取走办事指南"
    finally:
        kiosk.core.guides.printer = None
        rig.stop()
