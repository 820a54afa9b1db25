"""The pickup screen, headless: keypad, which door is shown, done; and no lockers at all."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from kiosk.flows.pickup import PickupSettings
from kiosk.lockers.setup import LockerSite
from offline_cache.outbox import Outbox
from peripherals.locker.profile import load_layout
from platform_sim.store import demo_id_number
from platform_sim.testing import simulated_platform
from screens.pickup import KeypadButton
from tests.peripherals.locker.harness import start_bus


def _wait(kiosk, condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        kiosk.pump(1)
        time.sleep(0.01)
    assert condition()


@pytest.fixture
def lockers(kiosk, tmp_path, monkeypatch):
    core = kiosk.core
    with simulated_platform(tmp_path / "platform") as platform:
        bus = start_bus("8a80", boards=(1, 2), close_after_s=None)
        outbox = Outbox(tmp_path / "outbox.sqlite")
        link = SimpleNamespace(client=platform.client(), outbox=outbox)
        settings = PickupSettings(staff_phone="010-12345678", centre_name="示范区政务服务中心")
        site = LockerSite(tmp_path, settings, core.bus, core.session, bus.driver,
                          load_layout("demo-2x24", 24, range(1, 33)), link)  # fmt: skip
        monkeypatch.setattr(core, "lockers", site)
        yield bus
        bus.stop()
        outbox.close()


def _open_pickup(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["pickup"])
    assert kiosk.app.manager.current == "pickup"
    return kiosk.app.manager.current_screen


def test_code_on_the_keypad_opens_the_door_shown_on_screen(kiosk, lockers):
    kiosk.core.session.touch()
    kiosk.core.session.personal.set("id_number", demo_id_number(0))
    kiosk.core.session.personal.source = "idcard"
    screen = _open_pickup(kiosk)
    _wait(kiosk, lambda: screen.state == "idle")
    assert "取件码" in screen.ids.message.text
    keys = {k.key: k for k in screen.ids.keypad.children if isinstance(k, KeypadButton)}
    mm = kiosk.app.px_per_mm
    assert min(min(k.width, k.height) for k in keys.values()) / mm >= 12.7  # VVSG 7.2-I
    for digit in "2468109":
        kiosk.tap(keys[digit])
    kiosk.tap(keys["del"])
    assert screen.ids.code.text == "246810"
    kiosk.tap(keys["ok"])
    _wait(kiosk, lambda: screen.state == "door_open")
    assert screen.ids.door.text == "A03" and screen.ids.door.opacity == 1
    assert "A03 号柜门已打开" in screen.ids.message.text
    assert lockers.sim.pulses == [(1, 3)]
    assert screen.ids.keypad.parent.opacity == 0  # no keypad while the door is open …
    assert screen.ids.title.top <= screen.height  # … and nothing pushed off the screen
    lockers.sim.control("close 1 3")  # the citizen takes the item and shuts the door
    _wait(kiosk, lambda: screen.state == "done")
    assert "取件完成" in screen.ids.message.text and screen.ids.again.opacity == 1
    kiosk.tap(screen.ids.back)
    assert kiosk.app.manager.current == "home"


def test_without_lockers_the_screen_says_so(kiosk, monkeypatch):
    monkeypatch.setattr(kiosk.core, "lockers", None)
    screen = _open_pickup(kiosk)
    assert screen.ids.message.text == "本机没有配置取件柜。"
    assert screen.ids.keypad.parent.opacity == 0


def test_the_notice_qr_button_uses_the_scanner(kiosk, lockers):
    from tests.fakes.identity import FakeScanner

    kiosk.core.lockers.scanner = FakeScanner("scanner", [b"PICKUP:ORD-000002"])
    kiosk.core.session.touch()
    kiosk.core.session.personal.set("id_number", demo_id_number(1))
    kiosk.core.session.personal.source = "idcard"
    screen = _open_pickup(kiosk)
    _wait(kiosk, lambda: screen.state == "idle")
    assert screen.ids.scan_notice.parent.opacity == 1
    kiosk.tap(screen.ids.scan_notice)
    _wait(kiosk, lambda: screen.state == "door_open")
    assert screen.ids.door.text == "B01" and lockers.sim.pulses == [(2, 1)]
    kiosk.tap(screen.ids.back)  # the citizen walks away with the door open …
    lockers.sim.control("close 2 1")  # … and someone shuts it: still noticed and recorded
    _wait(kiosk, lambda: screen.state == "done")
    assert [r.action for r in kiosk.core.lockers.doors.bank.audit_log()][-1] == "closed"
