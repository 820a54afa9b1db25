"""The guide screen, headless: initials on the on-screen keyboard, the guide, printing it."""

from __future__ import annotations

import time

import pytest

from kiosk.flows.printing import PrintingFlow
from screens.guide import GroupButton, KeyButton, ResultButton, SectionTitle
from tests.peripherals.printer.harness import start_rig


@pytest.fixture
def guide_screen(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["guide"])
    assert kiosk.app.manager.current == "guide"
    return kiosk.app.manager.current_screen


def _keys(screen) -> dict[str, KeyButton]:
    keys = screen.ids.keyboard.children + screen.ids.keyboard_actions.children
    return {k.key: k for k in keys}


def _content(screen, kind):
    return [w for w in reversed(screen.ids.content.children) if isinstance(w, kind)]


def test_keyboard_has_every_key_the_flow_accepts(guide_screen):
    from kiosk.flows.guide import KEYBOARD_KEYS

    assert set(_keys(guide_screen)) == set(KEYBOARD_KEYS) | {"space", "back", "clear"}


def test_initials_typed_on_screen_open_the_guide_with_its_sections_and_qr(kiosk, guide_screen):
    for key in "sbk":
        kiosk.tap(_keys(guide_screen)[key])
    assert guide_screen.ids.query.text == "sbk"
    first = _content(guide_screen, ResultButton)[0]
    assert first.text.startswith("社会保障卡申领")
    kiosk.tap(first)
    assert guide_screen.ids.title.text == "社会保障卡申领"
    titles = [t.text for t in _content(guide_screen, SectionTitle)]
    assert titles[:3] == ["受理条件", "业务情形", "申请材料"]
    assert guide_screen.ids.qr.texture is not None
    assert "指南更新于" in guide_screen.ids.updated.text
    kiosk.tap(guide_screen.ids.back)
    assert _content(guide_screen, ResultButton)  # back to the results


def test_browse_by_department(kiosk, guide_screen):
    kiosk.tap(guide_screen.ids.browse_departments)
    first = _content(guide_screen, GroupButton)[0]  # the busiest department first
    assert first.key == "renshe" and first.text.startswith("人社（")
    kiosk.tap(first)
    rows = [b.text for b in _content(guide_screen, ResultButton)]
    assert len(rows) >= 15 and all(row.endswith("·  人社") for row in rows)
    assert rows[0].startswith("个人权益记录查询打印")  # most used first


def test_print_from_the_screen_reaches_the_printer(kiosk, guide_screen):
    rig = start_rig()
    flow = kiosk.core.guides
    flow.printer = PrintingFlow(rig.printer, kiosk.core.bus, "zh_CN", "12345").print_document
    try:
        for key in "jzz":
            kiosk.tap(_keys(guide_screen)[key])
        kiosk.tap(_content(guide_screen, ResultButton)[0])
        kiosk.tap(guide_screen.ids.print_button)
        deadline = time.monotonic() + 20
        while guide_screen.state == "printing" or guide_screen.state == "detail":
            assert time.monotonic() < deadline
            kiosk.pump()
        assert guide_screen.state == "printed"
        assert guide_screen.ids.print_button.text == "打印完成，请取走办事指南"
        text = "".join(line.strip() for line in rig.sim.pages[0].text().splitlines())
        assert "居住证申领" in text and "居民身份证（原件，1份）" in text
    finally:
        flow.printer = None
        rig.stop()


def test_browse_by_theme_and_life_event(kiosk, guide_screen):
    kiosk.tap(guide_screen.ids.browse_themes)
    assert "社会保障（" in [g.text[:5] for g in _content(guide_screen, GroupButton)]
    kiosk.tap(guide_screen.ids.browse_life_events)
    events = {g.key: g for g in _content(guide_screen, GroupButton)}
    kiosk.tap(events["开办企业一件事"])
    names = [b.text.split("  ·  ")[0] for b in _content(guide_screen, ResultButton)]
    assert {"有限责任公司设立登记", "公章刻制备案", "发票领用"} <= set(names)
