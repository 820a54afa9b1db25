"""Maintenance mode as a technician meets it: PIN, lockout after five wrong tries (surviving a
restart), technician card, device test on the printer simulator, settings in range, audit, exit."""

from __future__ import annotations

import tomllib

import pytest

from kiosk.config import DEMO_CONFIG, load_config
from kiosk.events import EventBus
from peripherals.printer.profile import load_profile
from peripherals.printer.simulator import PrinterSimulator, SimulatorServer
from peripherals.registry import build_devices
from peripherals.status import StatusBoard
from provisioning.enrol import write_config
from provisioning.maintenance import MaintenanceFlow, State, card_digest, hash_pin
from tests.conftest import FakeClock

PIN = "246810"
CARD = "A12345678"


@pytest.fixture
def printer():
    sim = PrinterSimulator(load_profile("generic-80"))
    server = SimulatorServer(sim)
    yield sim, server.start_pty()
    server.stop()


@pytest.fixture
def terminal(tmp_path, printer):
    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    raw["paths"] = {"data_dir": str(tmp_path / "data"), "log_dir": str(tmp_path / "logs")}
    raw["maintenance"] = {"pin_hash": hash_pin(PIN, iterations=1000),
                          "technician_cards": [card_digest(CARD)]}  # fmt: skip
    raw["peripherals"] = {"receipt": {"class": "printer", "model": "escpos", "url": printer[1]}}
    path = tmp_path / "kiosk.toml"
    write_config(path, raw)
    return path


class Terminal:
    """The flow as the kiosk builds it; ``restart()`` builds it afresh (same disk)."""

    def __init__(self, path, clock: FakeClock) -> None:
        self.path, self.clock, self.homes = path, clock, []
        self.restart()

    def restart(self) -> None:
        config = load_config(self.path)
        board = StatusBoard(EventBus())
        self.devices = build_devices(config, board)
        self.flow = MaintenanceFlow(
            config, self.devices, board, lambda: self.homes.append(1), self.path,
            resync=lambda: "catalogue 2024.3 current", clock=self.clock,
        )  # fmt: skip


@pytest.fixture
def kiosk(terminal):
    clock = FakeClock()
    clock.now = 1_700_000_000.0
    rig = Terminal(terminal, clock)
    yield rig
    for device in rig.devices.values():
        device.close()


def test_the_hidden_gesture_alone_opens_nothing(kiosk):
    flow = kiosk.flow
    with pytest.raises(PermissionError):
        flow.device_status()
    assert flow.ask().key == "maintenance.enter_pin" and flow.state is State.ASKING
    with pytest.raises(PermissionError):
        flow.test_device("receipt")
    assert [row[2] for row in reversed(flow.audit.recent())] == ["refused", "pin_pad", "refused"]


def test_five_wrong_pins_lock_entry_even_after_a_restart(kiosk):
    flow = kiosk.flow
    flow.ask()
    lefts = [flow.enter_pin("000000").values.get("left") for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    assert flow.enter_pin("111111").key == "maintenance.locked"
    assert flow.state is State.LOCKED_OUT
    assert flow.enter_pin(PIN).key == "maintenance.locked"  # the right PIN no longer helps
    kiosk.restart()
    assert kiosk.flow.ask().key == "maintenance.locked"
    assert kiosk.flow.ask().values["minutes"] == 15
    kiosk.clock.advance(901)
    assert kiosk.flow.ask().key == "maintenance.enter_pin"
    assert kiosk.flow.enter_pin(PIN).key == "maintenance.welcome"
    actions = [row[2] for row in kiosk.flow.audit.recent()]
    assert actions.count("wrong_pin") == 4 and "locked_out" in actions and actions[0] == "entered"


def test_a_technician_card_still_opens_while_pin_entry_is_locked(kiosk):
    flow = kiosk.flow
    flow.ask()
    for _ in range(5):
        flow.enter_pin("000000")
    assert flow.state is State.LOCKED_OUT
    assert flow.present_card(CARD).key == "maintenance.welcome" and flow.state is State.OPEN


def test_a_right_pin_resets_the_count(kiosk):
    flow = kiosk.flow
    flow.ask()
    for _ in range(4):
        flow.enter_pin("000000")
    assert flow.enter_pin(PIN).key == "maintenance.welcome"
    flow.leave()
    flow.ask()
    assert flow.enter_pin("000000").values["left"] == 4


def test_technician_card_opens_and_another_card_does_not(kiosk):
    flow = kiosk.flow
    flow.ask()
    assert flow.present_card("B99999999").key == "maintenance.unknown_card"
    assert flow.state is State.ASKING
    assert flow.present_card(CARD).key == "maintenance.welcome"
    assert flow.who == f"card:{card_digest(CARD)[:8]}"


def test_inside_devices_settings_audit_and_exit(kiosk, printer):
    sim, _ = printer
    flow = kiosk.flow
    flow.ask()
    flow.enter_pin(PIN)
    report = flow.test_device("receipt")
    assert report.ok and "Test page" in sim.pages[-1].text()
    assert flow.device_status() == {"receipt": "online paper=ok cover=closed"}
    assert flow.change_setting("timeouts.idle_s", 5).key == "maintenance.setting_out_of_range"
    assert flow.change_setting("timeouts.idle_s", 25 * 60).key == "maintenance.setting_saved"
    assert load_config(kiosk.path).timeouts.idle_s == 1500
    conflict = flow.change_setting("timeouts.idle_s", 30)  # in range, but not after the warning
    assert conflict.key == "maintenance.setting_conflict" and "warning_s" in conflict.values["why"]
    assert load_config(kiosk.path).timeouts.idle_s == 1500
    assert flow.change_setting("kiosk.shell", 1).key == "maintenance.setting_out_of_range"
    assert flow.resync() == "catalogue 2024.3 current"
    flow.leave()
    assert kiosk.homes == [1] and flow.state is State.CLOSED
    actions = [row[2] for row in reversed(flow.audit.recent())]
    assert actions == [
        "pin_pad", "entered", "test_device", "device_status", "setting_refused", "setting",
        "setting_refused", "setting_refused", "resync", "left",
    ]  # fmt: skip


def test_maintenance_closes_itself_when_left_untouched(kiosk):
    flow = kiosk.flow
    flow.ask()
    flow.enter_pin(PIN)
    kiosk.clock.advance(301)
    with pytest.raises(PermissionError, match="inactivity"):
        flow.device_status()
    assert flow.state is State.CLOSED and kiosk.homes == [1]


def test_support_switches_a_devices_raw_traffic_file_on_and_off(kiosk, tmp_path):
    flow = kiosk.flow
    flow.ask()
    flow.enter_pin(PIN)
    log = tmp_path / "logs" / "raw" / "receipt.log"
    assert flow.toggle_raw_log("receipt") is True
    kiosk.devices["receipt"].status()
    assert "TX 10 04 01" in log.read_text()
    assert flow.toggle_raw_log("receipt") is False
    size = log.stat().st_size
    kiosk.devices["receipt"].status()
    assert "raw traffic logging off" in log.read_text() and log.stat().st_size == size
    assert [row[2:] for row in flow.audit.recent(2)] == [
        ("raw_log", "receipt off"),
        ("raw_log", "receipt on"),
    ]


def test_the_audit_trail_keeps_a_year(kiosk):
    flow = kiosk.flow
    flow.ask()
    kiosk.clock.advance(367 * 86_400)
    flow.ask()
    assert len(flow.audit.recent()) == 1
