"""What flows may ask of a door-access controller. No driver yet.

Status mapping: answering → ``online``; door forced or held open → ``user_error`` with last
error ``door_held_open``; lock fault → ``hardware_error``.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


class DoorAccess(Device, Protocol):
    def release(self, seconds: float) -> Result[None, DeviceStatus]:
        """Unlock for ``seconds``; the controller relocks by itself."""
        ...
