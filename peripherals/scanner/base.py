"""What every code scanner driver shares: status by probing, cancel, close, status publishing.

A driver subclasses :class:`ScannerBase`, implements ``_probe()`` (touch the device: open the
port, grab a frame) and ``_release()`` (let it go), and writes ``scan`` holding ``_lock`` and
watching ``_cancel``. Failures map to one state: missing device ``no_device``, link trouble
``offline``, anything else ``unknown``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import threading

from peripherals.errors import DeviceNotFound, LinkError, PeripheralError
from peripherals.rawlog import RawTraffic
from peripherals.status import DeviceState, DeviceStatus, StatusBoard


class ScannerBase(ABC):
    device_class = "scanner"

    def __init__(self, device_id: str, board: StatusBoard, traffic: RawTraffic | None) -> None:
        self.device_id = device_id
        self.raw_traffic = traffic
        self._board = board
        self._lock = threading.Lock()
        self._cancel = threading.Event()

    @abstractmethod
    def _probe(self) -> None:
        """Check the scanner is there (raise a PeripheralError if not)."""

    @abstractmethod
    def _release(self) -> None:
        """Let go of the device (close the port, ungrab the keyboard)."""

    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                self._probe()
            except PeripheralError as exc:
                return self._failed(exc)
            return self._publish(DeviceState.ONLINE)

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._release()

    def cancel(self) -> None:
        self._cancel.set()

    def _failed(self, exc: PeripheralError) -> DeviceStatus:
        if self.raw_traffic is not None:
            self.raw_traffic.note(str(exc))
        self._release()
        if isinstance(exc, DeviceNotFound):
            return self._publish(DeviceState.NO_DEVICE, exc.code)
        state = DeviceState.OFFLINE if isinstance(exc, LinkError) else DeviceState.UNKNOWN
        return self._publish(state, exc.code)

    def _publish(self, state: DeviceState, error: str | None = None) -> DeviceStatus:
        status = DeviceStatus(self.device_id, self.device_class, state)
        if error is not None:
            status = status.with_error(error)
        recent = self.raw_traffic.recent() if self.raw_traffic is not None else ()
        self._board.update(status, recent)
        return status
