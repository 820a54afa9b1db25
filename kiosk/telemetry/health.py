"""What a health message says about a terminal: devices, media, outbox, catalogue, machine.

Only codes, counts and measurements: no text a citizen typed, no document contents.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from kiosk.telemetry.protocol import parse_iso, utc_now
from peripherals.status import CardMedia, DeviceStatus, PrinterMedia


@dataclass(frozen=True)
class CatalogueFacts:
    version: int | str
    published_at: str


@dataclass
class HealthSources:
    """Where the numbers come from; each source may be absent (then it is left out)."""

    devices: Callable[[], dict[str, DeviceStatus]]
    data_dir: Path
    outbox_depth: Callable[[], dict[str, int]] | None = None
    catalogue: Callable[[], CatalogueFacts | None] | None = None
    started: float = field(default_factory=time.monotonic)


def device_entry(status: DeviceStatus) -> dict[str, Any]:
    entry: dict[str, Any] = {"class": status.device_class, "state": status.state.value}
    if isinstance(status.media, PrinterMedia):
        entry["paper"] = status.media.paper.value
        entry["cover"] = status.media.cover.value
    elif isinstance(status.media, CardMedia):
        entry["card"] = status.media.card.value
    if status.last_error:
        entry["last_error"] = status.last_error.code  # kept after recovery, for support
    return entry


def catalogue_age_s(published_at: str, now: datetime | None = None) -> int | None:
    try:
        return max(0, int(((now or utc_now()) - parse_iso(published_at)).total_seconds()))
    except ValueError:
        return None


class HealthCollector:
    """Builds the body of a health message (without seq/bdSeq/ts)."""

    def __init__(self, sources: HealthSources) -> None:
        self._sources = sources
        self._process = psutil.Process()
        self._process.cpu_percent()  # the first call only sets the reference point

    def collect(self) -> dict[str, Any]:
        sources = self._sources
        statuses = sources.devices()
        body: dict[str, Any] = {
            "uptime_s": int(time.monotonic() - sources.started),
            "devices": {name: device_entry(s) for name, s in sorted(statuses.items())},
            "lockers": {
                name: s.last_error.code if s.last_error else s.state.value
                for name, s in statuses.items()
                if s.device_class == "locker" and not s.ready
            },
            "machine": self._machine(sources.data_dir),
        }
        if sources.outbox_depth is not None:
            body["outbox"] = sources.outbox_depth()
        if sources.catalogue is not None and (facts := sources.catalogue()) is not None:
            body["catalogue"] = {
                "version": facts.version,
                "age_s": catalogue_age_s(facts.published_at),
            }
        return body

    def _machine(self, data_dir: Path) -> dict[str, Any]:
        disk = shutil.disk_usage(data_dir if data_dir.exists() else Path("/"))
        memory = psutil.virtual_memory()
        interfaces = psutil.net_if_stats()
        return {
            "disk_free_mb": disk.free // 1_048_576,
            "disk_used_pct": round(100 * (disk.total - disk.free) / disk.total, 1),
            "memory_used_pct": memory.percent,
            "rss_mb": self._process.memory_info().rss // 1_048_576,
            "cpu_pct": psutil.cpu_percent(),
            "process_cpu_pct": self._process.cpu_percent(),
            "network_up": sorted(n for n, s in interfaces.items() if s.isup and n != "lo"),
        }
