"""What flows may ask of a code scanner (drivers: ``camera``, ``serial``).

Status mapping: camera or port missing → ``no_device``; frames or lines arriving → ``online``;
a scan in progress → ``busy``; no media state. A payload is returned raw; validating it
(length, character set, signature) is the flow's job before any use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


@dataclass(frozen=True)
class ScannedCode:
    payload: bytes
    symbology: str  # "QRCode", "Code128" …
    decoder: str  # which decoder read it (pyzbar, zxing-cpp, serial)


class CodeScanner(Device, Protocol):
    def scan(self, timeout_s: float) -> Result[ScannedCode | None, DeviceStatus]:
        """The next code within ``timeout_s`` (``Ok(None)`` if none was shown)."""
        ...

    def cancel(self) -> None:
        """End a waiting :meth:`scan` early (the citizen went back)."""
        ...
