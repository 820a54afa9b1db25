"""One status model for every device, in the spirit of CEN/XFS.

A device is in one :class:`DeviceState`; classes with media add their own media state
(``PrinterMedia``, ``CardMedia``); the last error keeps its time. :class:`StatusBoard` holds the
current status of each device and publishes :class:`DeviceStatusChanged` on the event bus only
when something a listener cares about changed (never on every poll).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import Enum

from kiosk.events import EventBus


class DeviceState(str, Enum):
    """XFS ``fwDevice``, plus ``unknown`` for a device that has not answered yet."""

    ONLINE = "online"
    OFFLINE = "offline"  # configured and attached, but not answering (N timeouts in a row)
    BUSY = "busy"
    HARDWARE_ERROR = "hardware_error"  # needs a technician (cutter jam, mechanical fault)
    USER_ERROR = "user_error"  # staff can fix it (paper out, cover open, card jammed)
    NO_DEVICE = "no_device"  # the port or device file does not exist
    UNKNOWN = "unknown"  # no answer to the last query: neither healthy nor faulty is known


class PaperState(str, Enum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"
    UNKNOWN = "unknown"


class CoverState(str, Enum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class CardPresence(str, Enum):
    """XFS ``fwMedia`` for card readers (ID card, PC/SC)."""

    ABSENT = "absent"
    PRESENT = "present"
    JAMMED = "jammed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class PrinterMedia:
    paper: PaperState = PaperState.UNKNOWN
    cover: CoverState = CoverState.UNKNOWN


@dataclass(frozen=True)
class CardMedia:
    card: CardPresence = CardPresence.UNKNOWN


Media = PrinterMedia | CardMedia


@dataclass(frozen=True)
class LastError:
    """What went wrong last: a stable code (``paper_out``, ``no_reply``) and when (UTC)."""

    code: str
    at: datetime


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    device_class: str
    state: DeviceState
    media: Media | None = None
    last_error: LastError | None = None

    @property
    def ready(self) -> bool:
        return self.state is DeviceState.ONLINE

    def same_as(self, other: DeviceStatus | None) -> bool:
        """Equal in what listeners care about: state, media and last error code (not its time)."""
        return other is not None and (self.state, self.media, self._error_code()) == (
            other.state,
            other.media,
            other._error_code(),
        )

    def _error_code(self) -> str | None:
        return self.last_error.code if self.last_error else None

    def with_error(self, code: str) -> DeviceStatus:
        return replace(self, last_error=LastError(code, datetime.now(UTC)))


@dataclass(frozen=True)
class DeviceStatusChanged:
    """Published when a device's status changes; ``recent_traffic`` (redacted hex) on faults."""

    previous: DeviceStatus | None
    current: DeviceStatus
    recent_traffic: tuple[str, ...] = field(default=(), repr=False)


class StatusBoard:
    """Current status of every device; publishes a change event only when status changes."""

    def __init__(self, bus: EventBus) -> None:
        self._bus = bus
        self._current: dict[str, DeviceStatus] = {}
        self._lock = threading.Lock()

    def get(self, device_id: str) -> DeviceStatus | None:
        with self._lock:
            return self._current.get(device_id)

    def all(self) -> dict[str, DeviceStatus]:
        with self._lock:
            return dict(self._current)

    def update(self, status: DeviceStatus, recent_traffic: tuple[str, ...] = ()) -> bool:
        """Record ``status``; publish and return True if it differs from the previous one."""
        with self._lock:
            previous = self._current.get(status.device_id)
            if status.last_error is None and previous is not None:
                status = replace(status, last_error=previous.last_error)
            if status.same_as(previous):
                return False
            self._current[status.device_id] = status
        healthy = status.state in (DeviceState.ONLINE, DeviceState.BUSY)
        traffic = () if healthy else recent_traffic
        self._bus.publish(DeviceStatusChanged(previous, status, traffic))
        return True
