"""A technician's visit on the screen: hidden corner, PIN pad, lockout after five wrong PINs,
entry once the lock expires, device status, exit to the citizen home screen."""

from __future__ import annotations

import time
import tomllib

import pytest
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch

from kiosk.config import DEMO_CONFIG
from provisioning.enrol import write_config
from provisioning.maintenance import MaintenanceFlow, State, hash_pin
from tests.conftest import FakeClock

PIN = "135790"


@pytest.fixture
def screen(kiosk, tmp_path):
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"pin_hash": hash_pin(PIN, iterations=1000)}
    config = write_config(tmp_path / "kiosk.toml", raw)
    clock = FakeClock()
    clock.now = 1_700_000_000.0
    view = kiosk.app.manager.get_screen("maintenance")
    view._flow = MaintenanceFlow(
        config, kiosk.core.devices, kiosk.core.device_status, kiosk.core.navigator.go_home,
        tmp_path / "kiosk.toml", clock=clock,
    )  # fmt: skip
    yield view, clock
    if kiosk.app.manager.current == "maintenance":
        view.leave()
    view._flow = None
    kiosk.pump()


def _corner_taps(kiosk, count: int) -> None:
    for _ in range(count):
        touch = UnitTestTouch(kiosk.app.mm(5), Window.height - kiosk.app.mm(5))
        touch.touch_down()
        touch.touch_up()
    kiosk.pump()


def _type(kiosk, view, pin: str) -> None:
    buttons = {b.text: b for b in view.ids.digits.children if b.text.isdigit()}
    for digit in pin:
        kiosk.tap(buttons[digit])
    kiosk.tap(view.ids.ok)


def test_pin_lockout_then_entry_status_and_exit(kiosk, screen):
    from kiosk.events import SessionEnded

    view, clock = screen
    ended = []
    stop = kiosk.core.bus.subscribe(SessionEnded, ended.append)
    _corner_taps(kiosk, 4)
    assert kiosk.app.manager.current == "home" and not ended  # fewer taps do nothing
    _corner_taps(kiosk, 1)  # the fifth within three seconds
    assert kiosk.app.manager.current == "maintenance"
    assert [e.reason for e in ended] == ["maintenance"]  # the citizen's session was wiped first
    stop()
    assert view.message == kiosk.app.tr("maintenance.enter_pin") and not view.is_open

    _type(kiosk, view, "000000")
    assert view.message == kiosk.app.tr("maintenance.wrong_pin", left=4) and view.pin_dots == ""
    for _ in range(4):
        _type(kiosk, view, "000000")
    assert view.message.startswith(kiosk.app.tr("maintenance.locked", minutes=15)[:10])
    _type(kiosk, view, PIN)
    assert not view.is_open and view._flow.state is State.LOCKED_OUT
    kiosk.screenshot("maintenance-locked")

    clock.advance(901)
    _type(kiosk, view, PIN)
    assert view.is_open and view.message == kiosk.app.tr("maintenance.welcome")
    kiosk.tap(view.ids.status)
    assert view.output == "-"  # the demo configuration has no devices
    kiosk.screenshot("maintenance-open")
    kiosk.tap(view.ids.exit)
    assert kiosk.app.manager.current == "home" and view._flow.state is State.CLOSED
    actions = [row[2] for row in reversed(view._flow.audit.recent())]
    assert actions == ["pin_pad"] + ["wrong_pin"] * 4 + ["locked_out", "refused_locked", "entered",
                                           "device_status", "left"]  # fmt: skip


def test_a_technician_opens_one_locker_door_from_the_screen(kiosk, tmp_path):
    from peripherals.locker.codec import CODECS
    from peripherals.locker.simulator import LockerBusSimulator, SimulatorServer
    from peripherals.registry import build_devices

    sim = LockerBusSimulator(CODECS["8a80"], (1, 2), None)
    server = SimulatorServer(sim)
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"pin_hash": hash_pin(PIN, iterations=1000)}
    raw["peripherals"] = {"lockers": {"class": "locker", "model": "8a80",
                                      "url": server.start_pty(), "baudrate": 9600}}  # fmt: skip
    config = write_config(tmp_path / "kiosk.toml", raw)
    devices = build_devices(config, kiosk.core.device_status)
    view = kiosk.app.manager.get_screen("maintenance")
    view._flow = MaintenanceFlow(
        config, devices, kiosk.core.device_status, kiosk.core.navigator.go_home
    )
    try:
        _corner_taps(kiosk, 5)
        _type(kiosk, view, PIN)
        door, opener = view.ids.tests.children[1], view.ids.tests.children[0]
        door.text = "3"
        kiosk.tap(opener)
        deadline = time.monotonic() + 10
        while (
            "OK" not in view.output and "：正常" not in view.output and time.monotonic() < deadline
        ):
            kiosk.pump_for(0.1)
        assert view.output.startswith(kiosk.app.tr("maintenance.test_ok", device="lockers"))
        assert "open board 1 lock 3 -> 3=open" in view.output
        assert "open=1-3" in sim.control("state")
        kiosk.screenshot("maintenance-door")
        assert view._flow.audit.recent(1)[0][2:] == ("test_device", "lockers ok door 3")
    finally:
        view.leave()
        view._flow = None
        devices["lockers"].close()
        server.stop()
        kiosk.pump()
