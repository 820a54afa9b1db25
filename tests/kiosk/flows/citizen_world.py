"""A reference platform with an outbox delivering to it, and logged-in citizens, for the
booking, queue, evaluation and complaint flows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.events import EventBus
from kiosk.flows.citizen_services import Citizen
from kiosk.platform.client import PlatformClient
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import Outbox
from platform_sim.testing import SimulatedPlatform


@dataclass
class World:
    sim: SimulatedPlatform
    client: PlatformClient
    bus: EventBus
    outbox: Outbox
    worker: OutboxWorker
    printed: list[Any] = field(default_factory=list)

    def login(self, app_user: str = "zhangwei") -> Citizen:
        body = self.client.verify_app_code(f"GOVAPP:{app_user}").value
        return Citizen(body["citizen_token"], body["citizen"]["citizen_ref"],
                       body["citizen"]["name"])

    def now(self) -> datetime:
        """The platform's business clock."""
        return datetime.now(UTC) + timedelta(seconds=self.sim.server.clock_offset_s)

    def platform_down(self, down: bool = True) -> None:
        self.sim.server.faults.update(down=down)
        if not down:
            self.worker.retry_now()

    def print_document(self, job: Any) -> str:
        self.printed.append(job)
        return "done"

    def stop(self) -> None:
        self.worker.stop()
        self.outbox.close()


def build_world(sim: SimulatedPlatform, data: Path) -> World:
    client = sim.client(max_attempts=1)
    bus = EventBus()
    outbox = Outbox(data / "outbox.db")
    worker = OutboxWorker(outbox, client, bus, retry_min_s=0.05, retry_max_s=0.2).start()
    return World(sim, client, bus, outbox, worker)
