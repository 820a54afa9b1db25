"""What every device adapter offers, whatever its class."""

from __future__ import annotations

from typing import Protocol

from peripherals.status import DeviceStatus


class Device(Protocol):
    device_id: str
    device_class: str

    def status(self) -> DeviceStatus:
        """Probe the device now (bounded by its status timeout) and publish any change."""
        ...

    def close(self) -> None: ...
