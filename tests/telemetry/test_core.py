"""Telemetry as ``kiosk run`` wires it: started by ``KioskCore.start()``, stopped by ``stop()``."""

from __future__ import annotations

import uuid

from kiosk.app import build_core
from kiosk.telemetry.events import MaintenanceChanged, RestartRequested
from kiosk.telemetry.protocol import command
from tests.telemetry.conftest import SITE, terminal_config

BASE = f"govkiosk/v1/{SITE}/T-0001"


def test_core_reports_after_start_obeys_commands_and_says_goodbye(broker, listener, tmp_path):
    core = build_core(terminal_config(broker, "T-0001", tmp_path / "data"))
    seen: list[object] = []
    core.bus.subscribe(MaintenanceChanged, seen.append)
    core.bus.subscribe(RestartRequested, seen.append)
    assert core.telemetry is None  # nothing connects before the first frame
    core.load_journeys()
    core.start()
    try:
        birth = listener.wait_for("state", status="online")[0]
        assert birth["maintenance"] is False and birth["site_name"] == core.config.site.name_zh
        for name in ("enter_maintenance", "print_test_page", "sync_catalogue", "restart_app"):
            message = command(name, command_id=uuid.uuid4().hex)
            listener.publish(f"{BASE}/cmd", message)
            listener.wait_for("cmd/result", id=message["id"])
        results = {r["name"]: r for r in listener.of("cmd/result")}
        assert results["print_test_page"]["result"] == {"printed": False, "reason": "no_printer"}
        synced = results["sync_catalogue"]["result"]
        assert synced["synced"] is True and synced["version"] >= 1  # the reference platform
        assert listener.wait_for("state", 2, status="online")[-1]["maintenance"] is True
        assert seen == [MaintenanceChanged(True), RestartRequested()]
    finally:
        core.stop()
    goodbye = listener.wait_for("state", status="offline")[0]
    assert goodbye["reason"] == "shutdown" and goodbye["bdSeq"] == birth["bdSeq"]
