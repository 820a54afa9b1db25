"""Soak: twenty terminals report for a minute and more while the broker restarts every few
seconds; no alert is lost, none is stored twice, and the fleet ends online and healthy."""

from __future__ import annotations

import random
import time

import pytest

from kiosk.telemetry.events import TerminalAlert
from kiosk.telemetry.protocol import Severity
from peripherals.status import PaperState
from tests.opsman.conftest import RunningManager
from tests.opsman.test_manager import Kiosk
from tests.telemetry.broker import Broker

SITE = "soak"
NAMES = [f"T-S{n:03d}" for n in range(20)]
ROUNDS = 20


@pytest.mark.slow
def test_fleet_through_broker_restarts_loses_no_alert(tmp_path):
    broker = Broker([(SITE, name) for name in NAMES])
    broker.start()
    ops = RunningManager(broker, tmp_path)
    kiosks = [Kiosk(broker, tmp_path / name, name, SITE, interval=2) for name in NAMES]
    rng = random.Random(12)
    try:
        ops.until(
            lambda: ops.get("/metrics"),
            lambda text: 'opsman_terminals{status="online"} 20.0' in text,
            timeout=30,
        )
        for round_ in range(ROUNDS):
            for n, kiosk in enumerate(kiosks):
                kiosk.printer(rng.choice([PaperState.OK, PaperState.OUT]))
                kiosk.telemetry.report(
                    TerminalAlert(
                        "door_left_open", Severity.WARNING, "lockers", {"round": round_, "n": n}
                    )
                )
            if round_ % 2:
                broker.stop()
                broker.start()
            time.sleep(3)  # health, reconnects and rebirth requests run meanwhile
        for kiosk in kiosks:
            kiosk.printer(PaperState.OK)
        ops.until(
            lambda: ops.get("/metrics"),
            lambda text: 'opsman_terminals{status="online"} 20.0' in text,
            timeout=60,
        )
        for name in NAMES:
            events = ops.until(
                lambda name=name: [
                    e
                    for e in ops.get(f"/api/terminals/{name}")["events"]
                    if e["kind"] == "door_left_open"
                ],
                lambda found: len(found) >= 8,
                timeout=60,
            )
            assert sorted(e["detail"]["round"] for e in events) == list(range(ROUNDS))
        ops.until(
            lambda: [a for a in ops.get("/api/alerts") if a["kind"] == "device_fault"],
            lambda open_faults: open_faults == [],
            timeout=30,
        )
    finally:
        for kiosk in kiosks:
            kiosk.telemetry.stop()
        ops.stop()
        broker.close()
