"""Building the terminal's telemetry from the core, with the commands the core can carry out."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import msgspec

from kiosk import __version__
from kiosk.app import KioskCore
from kiosk.config import KioskConfig
from kiosk.events import EventBus
from kiosk.guides.setup import STORE_FILE as CATALOGUE_STORE
from kiosk.receipts import build_receipt
from kiosk.result import Ok
from kiosk.telemetry.commands import Handler
from kiosk.telemetry.events import MaintenanceChanged, RestartRequested
from kiosk.telemetry.health import CatalogueFacts, HealthCollector, HealthSources
from kiosk.telemetry.mqtt import Identity, MqttTelemetry
from kiosk.telemetry.store import TelemetryStore
from peripherals.status import StatusBoard

STORE_FILE = "telemetry.sqlite"
OUTBOX_FILE = "outbox.db"  # as kiosk.platform.runtime opens it


def config_hash(core: KioskCore) -> str:
    return hashlib.sha256(msgspec.json.encode(core.config, enc_hook=str)).hexdigest()[:16]


class RemoteActions:
    """The remote commands the core can carry out (besides rebirth and diagnostics, which
    telemetry answers itself)."""

    def __init__(self, core: KioskCore) -> None:
        self._core = core
        self.maintenance = False

    def handlers(self) -> dict[str, Handler]:
        return {
            "enter_maintenance": lambda args: self._maintenance(True),
            "leave_maintenance": lambda args: self._maintenance(False),
            "sync_catalogue": self.sync_catalogue,
            "restart_app": lambda args: self._announce(RestartRequested()),
            "print_test_page": self.print_test_page,
        }

    def _maintenance(self, active: bool) -> dict[str, Any]:
        self.maintenance = active
        self._core.bus.publish(MaintenanceChanged(active))
        return {"maintenance": active}

    def _announce(self, event: object) -> dict[str, Any]:
        self._core.bus.publish(event)
        return {"requested": True}

    def sync_catalogue(self, args: dict[str, Any]) -> dict[str, Any]:
        """Ask the platform for a newer catalogue now, exactly as the periodic sync does."""
        from offline_cache.catalogue_sync import CatalogueUpdater

        core = self._core
        if core.guides is None:
            return {"synced": False, "reason": "journeys_not_loaded"}
        key = base64.b64decode(core.config.catalogue.public_key)
        result = CatalogueUpdater(core.guides.store, key, core.bus).sync(core.platform.client)
        if not result.ok:
            return {"synced": False, "reason": result.error.key}
        outcome = result.value
        return {
            "synced": True,
            "changed": outcome.changed,
            "version": outcome.installed.version,
            "downloaded_items": outcome.downloaded_items,
        }

    def print_test_page(self, args: dict[str, Any]) -> dict[str, Any]:
        """The self-test report on the receipt printer: device states only."""
        printers = {n: d for n, d in self._core.devices.items() if d.device_class == "printer"}
        if not printers:
            return {"printed": False, "reason": "no_printer"}
        name, printer = min(printers.items())
        statuses = self._core.device_status.all()
        lines = [f"{n}: {s.state.value}" for n, s in sorted(statuses.items())] or ["-"]
        data = {
            "terminal_id": self._core.config.terminal.id,
            "centre_name": self._core.config.site.name_zh,
            "checked_at": datetime.now().strftime("%Y-%m-%d %H:%M"),
            "results": lines,
            "summary": "remote test page",
            "support_url": "",
        }
        result = printer.print_receipt(
            build_receipt("selftest_report", data, printer.profile.columns)
        )
        if isinstance(result, Ok):
            return {"printed": True, "printer": name}
        return {"printed": False, "printer": name, "reason": result.error.reason.value}


def _outbox_depth(path: Path) -> dict[str, int]:
    if not path.exists():
        return {"pending": 0, "parked": 0}
    from offline_cache.outbox import EntryState, Outbox

    outbox = Outbox(path)
    try:
        return {
            "pending": outbox.count(EntryState.PENDING),
            "parked": outbox.count(EntryState.PARKED),
        }
    finally:
        outbox.close()


def _catalogue(path: Path) -> CatalogueFacts | None:
    if not path.exists():
        return None
    from offline_cache.catalogue import CatalogueStore

    store = CatalogueStore(path)
    try:
        active = store.active()
    finally:
        store.close()
    return CatalogueFacts(active.version, active.published_at) if active else None


def health_sources(board: StatusBoard, data_dir: Path) -> HealthSources:
    """Devices from the status board; outbox and catalogue from their stores in ``data_dir``."""
    return HealthSources(
        devices=board.all,
        data_dir=data_dir,
        outbox_depth=lambda: _outbox_depth(data_dir / OUTBOX_FILE),
        catalogue=lambda: _catalogue(data_dir / CATALOGUE_STORE),
    )


def build_telemetry(
    config: KioskConfig,
    bus: EventBus,
    board: StatusBoard,
    data_dir: Path,
    handlers: dict[str, Handler],
    birth_facts: Callable[[], dict[str, Any]],
    config_digest: str,
) -> MqttTelemetry:
    """The telemetry of one terminal from its parts (the tests build it this way too)."""
    identity = Identity(
        site=config.mqtt.site_id,
        terminal=config.terminal.id,
        version=__version__,
        config_hash=config_digest,
        site_name=config.site.name_zh,
    )
    return MqttTelemetry(
        config.mqtt,
        identity,
        bus,
        TelemetryStore(data_dir / STORE_FILE),
        HealthCollector(health_sources(board, data_dir)),
        handlers,
        birth_facts,
    )


def start_telemetry(core: KioskCore) -> MqttTelemetry | None:
    """Start reporting if ``[mqtt] enabled``; call after the first frame."""
    if not core.config.mqtt.enabled:
        return None
    actions = RemoteActions(core)
    data_dir = core.config.data_dir

    def birth_facts() -> dict[str, Any]:
        catalogue = _catalogue(data_dir / CATALOGUE_STORE)
        return {
            "catalogue_version": catalogue.version if catalogue else None,
            "maintenance": actions.maintenance,
        }

    telemetry = build_telemetry(
        core.config,
        core.bus,
        core.device_status,
        data_dir,
        actions.handlers(),
        birth_facts,
        config_hash(core),
    )
    telemetry.start()
    return telemetry
