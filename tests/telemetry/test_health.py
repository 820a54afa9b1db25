"""What a health message says, read from the same stores and status board the kiosk uses."""

from __future__ import annotations

from kiosk.events import EventBus
from kiosk.guides.setup import open_catalogue
from kiosk.telemetry.health import HealthCollector
from kiosk.telemetry.setup import OUTBOX_FILE, health_sources
from offline_cache.outbox import Outbox
from peripherals.status import DeviceState, DeviceStatus, StatusBoard
from tests.conftest import demo_config


def test_health_reports_devices_lockers_outbox_catalogue_and_machine(tmp_path):
    config = demo_config(paths={"data_dir": str(tmp_path)})
    open_catalogue(config).store.close()  # installs the bundled, signed catalogue
    outbox = Outbox(tmp_path / OUTBOX_FILE)
    for ref in ("a", "b"):
        outbox.enqueue(
            "submitApplication",
            {"item_code": "11010500100001", "form": {"ref": ref}, "deficiency_commitment": True},
        )
    outbox.close()
    board = StatusBoard(EventBus())
    board.update(
        DeviceStatus("lockers", "locker", DeviceState.HARDWARE_ERROR).with_error("board_silent")
    )
    board.update(DeviceStatus("idcard", "idcard", DeviceState.ONLINE))

    body = HealthCollector(health_sources(board, tmp_path)).collect()

    assert body["outbox"] == {"pending": 2, "parked": 0}
    assert body["devices"]["lockers"] == {
        "class": "locker",
        "state": "hardware_error",
        "last_error": "board_silent",
    }
    assert body["lockers"] == {"lockers": "board_silent"}
    assert body["catalogue"]["version"] and body["catalogue"]["age_s"] >= 0
    assert body["machine"]["disk_free_mb"] > 0 and 0 < body["machine"]["memory_used_pct"] < 100


def test_health_without_stores_leaves_them_out(tmp_path):
    body = HealthCollector(health_sources(StatusBoard(EventBus()), tmp_path)).collect()
    assert body["outbox"] == {"pending": 0, "parked": 0}
    assert "catalogue" not in body and body["devices"] == {}
