"""The real locker driver talking to the bus simulator over a real pty."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.events import EventBus
from peripherals.link import open_link
from peripherals.locker.codec import CODECS, redact
from peripherals.locker.driver import LockerTimeouts, Rs485LockerBus
from peripherals.locker.simulator import LockerBusSimulator, SimulatorServer
from peripherals.rawlog import RawTraffic
from peripherals.status import DeviceStatusChanged, StatusBoard

FAST = LockerTimeouts(reply_s=0.08, retries=2, confirm_s=0.4, poll_s=0.02, baudrate=115_200)


@dataclass
class Bus:
    sim: LockerBusSimulator
    server: SimulatorServer
    driver: Rs485LockerBus
    events: list[DeviceStatusChanged] = field(default_factory=list)

    def stop(self) -> None:
        self.driver.close()
        self.server.stop()


def start_bus(
    codec: str = "8a80",
    boards: tuple[int, ...] = (1, 2),
    driver_boards: tuple[int, ...] | None = None,
    close_after_s: float | None = 0.3,
    timeouts: LockerTimeouts = FAST,
    baud: float | None = None,
) -> Bus:
    sim = LockerBusSimulator(CODECS[codec], boards, close_after_s)
    server = SimulatorServer(sim, baud)
    address = server.start_pty()
    bus = EventBus()
    traffic = RawTraffic("lockers", None, False, redact)
    link = open_link(address, timeouts.baudrate, traffic)
    driver = Rs485LockerBus(
        "lockers", link, CODECS[codec], driver_boards or boards, StatusBoard(bus), traffic, timeouts
    )
    rig = Bus(sim, server, driver)
    bus.subscribe(DeviceStatusChanged, rig.events.append)
    return rig
