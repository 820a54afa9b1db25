"""A whole pickup world: reference platform, outbox, locker bank and a simulated bus on a pty."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kiosk.events import EventBus
from kiosk.flows.deposit import DepositFlow
from kiosk.flows.pickup import Identity, PickupFlow, PickupSettings
from kiosk.lockers.bank import LockerBank
from kiosk.lockers.doors import Doors, WatchTimes
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import Outbox
from peripherals.locker.profile import load_layout
from platform_sim.store import demo_id_number
from platform_sim.testing import SimulatedPlatform
from tests.peripherals.locker.harness import Bus, start_bus

HOLDER = [demo_id_number(0), demo_id_number(1), demo_id_number(2)]
STAFF_PHONE = "010-12345678"


@dataclass
class World:
    platform: SimulatedPlatform
    locker: Bus
    bank: LockerBank
    outbox: Outbox
    doors: Doors
    bus: EventBus
    pickup: PickupFlow
    deposit: DepositFlow
    identity: list[Identity | None] = field(default_factory=lambda: [None])
    events: list[object] = field(default_factory=list)

    def present_id(self, holder: int) -> None:
        self.identity[0] = Identity("idcard", HOLDER[holder])

    def deliver(self) -> None:
        worker = OutboxWorker(self.outbox, self.platform.client(), self.bus)
        while worker.deliver_next():
            pass

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def order_row(self, order_id: str) -> tuple:
        return self.platform.rows(
            "SELECT state, compartment, code FROM pickup_orders WHERE order_id = ?", order_id
        )[0]

    def stop(self) -> None:
        self.pickup.stop()
        self.locker.stop()
        self.bank.close()
        self.outbox.close()


def build_world(
    platform: SimulatedPlatform,
    data: Path,
    close_after_s: float | None = 0.3,
    left_open_s: float = 0.4,
) -> World:
    locker = start_bus("8a80", boards=(1, 2), close_after_s=close_after_s)
    bank = LockerBank(data / "lockers.sqlite", load_layout("demo-2x24", 24, range(1, 33)))
    outbox = Outbox(data / "outbox.sqlite")
    bus = EventBus()
    times = WatchTimes(poll_s=0.02, left_open_s=left_open_s)
    doors = Doors(bank, locker.driver, outbox, bus, times)
    client = platform.client()
    identity: list[Identity | None] = [None]
    settings = PickupSettings(staff_phone=STAFF_PHONE, centre_name="示范区政务服务中心")
    pickup = PickupFlow(client, doors, bus, lambda: identity[0], settings)
    world = World(
        platform,
        locker,
        bank,
        outbox,
        doors,
        bus,
        pickup,
        DepositFlow(client, doors, bus),
        identity,
    )
    bus.subscribe(object, world.events.append)
    return world
