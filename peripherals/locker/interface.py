"""What flows may ask of a locker bus (one RS485 line with one or more controller boards).

Status mapping: every board answering → ``online``; some boards silent → ``hardware_error``
with last error ``board_silent``; no board answering → ``unknown`` then ``offline``. Door
states are per compartment (:class:`DoorState`), not device media.

An open is only ``Ok`` once a status read shows the door open; otherwise the ``Err`` says
whether the board answered and the door stayed shut (``not_opened``: jam, blocked latch) or
the door's state is unknown (no reply, bad replies): a flow must never treat the latter as
"did not open".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


class DoorState(str, Enum):
    OPEN = "open"
    CLOSED = "closed"
    UNKNOWN = "unknown"


class OpenFailure(str, Enum):
    NOT_OPENED = "not_opened"  # the board answers and reports the door still shut
    NO_REPLY = "no_reply"  # silence: the door may or may not have opened
    BAD_REPLY = "bad_reply"  # checksum, address or length wrong on every attempt
    LINK_LOST = "link_lost"  # the port itself failed

    @property
    def door_known_shut(self) -> bool:
        return self is OpenFailure.NOT_OPENED


@dataclass(frozen=True)
class LockerFailure:
    reason: OpenFailure
    status: DeviceStatus
    attempts: int


class LockerBus(Device, Protocol):
    boards: tuple[int, ...]
    locks_per_board: int

    def open_door(self, board: int, lock: int) -> Result[DoorState, LockerFailure]:
        """Pulse the lock and read the door back: ``Ok(OPEN)`` only if the board confirms it."""
        ...

    def door_state(self, board: int, lock: int) -> Result[DoorState, LockerFailure]: ...

    def door_states(self, board: int) -> Result[dict[int, DoorState], LockerFailure]: ...
