"""Background status polling, so device changes reach the bus while no flow uses the device.

One thread asks each device for ``status()`` every ``interval_s``; each adapter bounds its own
wait and publishes only changes, so a silent device costs one short timeout per round. The
composition root's runner starts it; tests call :meth:`poll_once`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

from peripherals.device import Device
from peripherals.status import DeviceStatus

log = logging.getLogger(__name__)


class StatusPoller:
    def __init__(self, devices: Mapping[str, Device], interval_s: float = 10.0) -> None:
        self._devices = devices
        self._interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll_once(self) -> dict[str, DeviceStatus]:
        return {name: device.status() for name, device in self._devices.items()}

    def start(self) -> None:
        if self._thread is None:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="device-status", daemon=True)
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.wait(self._interval_s):
            try:
                self.poll_once()
            except Exception:
                log.exception("device status poll failed")
