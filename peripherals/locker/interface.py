"""What flows may ask of a locker bus. Codecs and drivers arrive with the locker issue.

Status mapping: every board answering → ``online``; some boards silent → ``hardware_error``
with last error ``board_silent``; no board answering → ``unknown`` then ``offline``. Door
states are per compartment (:class:`DoorState`), not device media.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


class DoorState(str, Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class LockerBus(Device, Protocol):
    def open_door(self, board: int, lock: int) -> Result[DoorState, DeviceStatus]:
        """Pulse the lock and read back the door: ``Ok(OPEN)`` only if the board confirms it."""
        ...

    def door_states(self, board: int) -> Result[dict[int, DoorState], DeviceStatus]: ...
