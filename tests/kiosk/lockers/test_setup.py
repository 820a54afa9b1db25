"""The composition root wires the pickup journey from the config: locker bus, bank, platform."""

from __future__ import annotations

import pytest

from kiosk.app import build_core
from kiosk.flows.pickup import PickupState
from peripherals.locker.codec import CODECS
from peripherals.locker.simulator import LockerBusSimulator, SimulatorServer
from platform_sim.store import demo_id_number
from tests.conftest import demo_config


class Silent:
    def say(self, text: str, language: str, voice) -> None:
        self.said = getattr(self, "said", []) + [text]

    def stop(self) -> None:
        pass


@pytest.fixture
def bus():
    sim = LockerBusSimulator(CODECS["8a80"], (1, 2), close_after_s=0.2)
    server = SimulatorServer(sim)
    port = server.start_pty()
    yield sim, port
    server.stop()


def test_a_configured_locker_gives_a_working_pickup_journey(tmp_path, bus):
    sim, port = bus
    lockers = {"class": "locker", "model": "8a80", "url": port, "profile": "demo-2x24",
               "baudrate": 9600}  # fmt: skip
    config = demo_config(paths={"data_dir": str(tmp_path)}, peripherals={"lockers": lockers})
    speaker = Silent()
    core = build_core(config, speaker=speaker)
    core.load_journeys()
    try:
        assert core.lockers is not None
        core.session.touch()
        core.session.personal.set("id_number", demo_id_number(0))
        core.session.personal.set("name", "张伟")
        core.session.personal.source = "idcard"
        flow = core.lockers.pickup_flow()
        assert flow.enter_code("246810") is PickupState.DOOR_OPEN
        assert sim.pulses == [(1, 3)] and flow.door_label == "A03"
        assert flow.watch_door() is PickupState.DONE
        assert core.platform.outbox.wait_until_final(1, 5).state.value == "delivered"
        assert (tmp_path / "lockers.sqlite").exists()
        assert flow.slip("张*").data["recipient"] == "张*"
        assert flow.settings.staff_phone == config.site.staff_phone
    finally:
        core.platform.close()


def test_no_locker_configured_means_no_locker_site(tmp_path):
    core = build_core(demo_config(paths={"data_dir": str(tmp_path)}), speaker=Silent())
    core.load_journeys()
    assert core.lockers is None


def test_first_use_watches_doors_left_open_and_each_visit_rereads_unknown_ones(tmp_path, bus):
    import time

    from kiosk.lockers.bank import LockerBank
    from peripherals.locker.profile import load_layout

    sim, port = bus
    bank = LockerBank(tmp_path / "lockers.sqlite", load_layout("demo-2x24", 24, range(1, 33)))
    left_open = bank.opened(bank.begin("pickup", "ORD-000010", "1-5", "citizen:code"))
    bank.close()
    sim.control("open 1 5")  # still open from before the restart
    lockers = {"class": "locker", "model": "8a80", "url": port, "profile": "demo-2x24"}
    core = build_core(demo_config(paths={"data_dir": str(tmp_path)},
                                  peripherals={"lockers": lockers}), speaker=Silent())  # fmt: skip
    core.load_journeys()
    try:
        doors = core.lockers.doors
        assert doors.bank.intent(left_open.id).state == "opened"

        def confirmed() -> list[str]:
            return [e.path_params["order_id"] for e in core.platform.outbox.entries()]

        assert confirmed() == ["ORD-000010"]  # opened before the restart: confirmed now
        sim.control("close 1 5")
        deadline = time.monotonic() + 3
        while doors.bank.intent(left_open.id).state != "closed" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert doors.bank.intent(left_open.id).state == "closed"  # watched in the background
        unknown = doors.bank.begin("pickup", "ORD-000011", "2-2", "citizen:code")
        doors.bank.failed(unknown, "no_reply", door_known_shut=False)  # the board was silent …
        sim.control("open 2 2")  # … but the door had opened
        core.lockers.pickup_flow()
        assert confirmed() == ["ORD-000010", "ORD-000011"]
    finally:
        core.lockers.stop()
        core.platform.close()


def test_the_delivery_slip_prints_with_the_door_and_a_masked_name(tmp_path, bus):
    from types import SimpleNamespace

    from kiosk.events import EventBus
    from kiosk.flows.pickup import PickupSettings
    from kiosk.flows.printing import PrintState
    from kiosk.lockers.setup import LockerSite
    from kiosk.session import Preferences, Session
    from offline_cache.outbox import Outbox
    from peripherals.link import open_link
    from peripherals.locker.driver import Rs485LockerBus
    from peripherals.locker.profile import load_layout
    from peripherals.rawlog import RawTraffic
    from peripherals.status import StatusBoard
    from platform_sim.testing import simulated_platform
    from tests.peripherals.locker.harness import FAST
    from tests.peripherals.printer.harness import start_rig

    _sim, port = bus
    events = EventBus()
    session = Session(events, Preferences(), 120, 30)
    session.touch()
    session.personal.set("id_number", demo_id_number(0))
    session.personal.set("name", "张伟")
    session.personal.source = "idcard"
    traffic = RawTraffic("lockers", None, False)
    driver = Rs485LockerBus("lockers", open_link(port, 9600, traffic), CODECS["8a80"], (1, 2),
                            StatusBoard(events), traffic, FAST)  # fmt: skip
    rig = start_rig()
    with simulated_platform(tmp_path / "platform") as platform:
        outbox = Outbox(tmp_path / "outbox.sqlite")
        site = LockerSite(
            tmp_path, PickupSettings(staff_phone="010-1234", centre_name="示范区政务服务中心"),
            events, session, driver, load_layout("demo-2x24", 24, range(1, 33)),
            SimpleNamespace(client=platform.client(), outbox=outbox), rig.printer,
        )  # fmt: skip
        flow = site.pickup_flow()
        assert site.print_slip(flow) is None  # nothing collected yet
        flow.enter_code("246810")
        flow.watch_door()
        assert site.print_slip(flow) is PrintState.DONE
        outbox.close()
    rig.stop()
    [page] = rig.sim.pages
    text = page.text()
    assert "送达回执" in text and "A03" in text and "张*" in text and "张伟" not in text
