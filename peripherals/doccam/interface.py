"""What flows may ask of a document camera.

Status mapping: camera absent → ``no_device``; capturing → ``busy``; a frame delivered →
``online``. Captured pages may show personal data: they stay in the session's memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


@dataclass(frozen=True)
class CapturedImage:
    data: bytes = field(repr=False)  # encoded image (JPEG or PNG)
    media_type: str
    width: int
    height: int


class DocumentCamera(Device, Protocol):
    def capture(self) -> Result[CapturedImage, DeviceStatus]: ...
