"""A serial barcode scanner (RS-232, or USB in virtual-COM / CDC-ACM mode) as a CodeScanner.

Such scanners decode by themselves and send each code as one line ended by CR and/or LF.
Lines longer than :data:`MAX_LINE` are read to their end and returned cut, so the flow's
validation refuses them. The raw log shows a code's length, never its content.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError
from peripherals.link import Deadline, Link, open_link
from peripherals.rawlog import RawTraffic
from peripherals.scanner.interface import ScannedCode
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

MAX_LINE = 1024
POLL_S = 0.1  # how often a waiting scan looks at cancel


def redact(direction: str, frame: bytes) -> str:
    return f"<code {len(frame)}B>"


class SerialCodeScanner:
    device_class = "scanner"

    def __init__(self, device_id: str, link: Link, board: StatusBoard, traffic: RawTraffic) -> None:
        self.device_id = device_id
        self.raw_traffic = traffic
        self._link = link
        self._board = board
        self._lock = threading.Lock()
        self._cancel = threading.Event()

    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                self._link.open()
            except PeripheralError as exc:
                return self._failed(exc)
            return self._publish(DeviceState.ONLINE)

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._link.close()

    def cancel(self) -> None:
        self._cancel.set()

    def scan(self, timeout_s: float) -> Result[ScannedCode | None, DeviceStatus]:
        deadline = Deadline.after(timeout_s)
        self._cancel.clear()
        line = bytearray()
        with self._lock:
            try:
                self._link.discard_input()  # a code shown before we asked is stale
                while not self._cancel.is_set():
                    try:
                        byte = self._link.read(1, Deadline.after(min(POLL_S, deadline.time_left())))
                    except LinkTimeout:
                        if deadline.expired():
                            break
                        continue
                    if byte in b"\r\n":
                        if line:
                            self._publish(DeviceState.ONLINE)
                            return Ok(ScannedCode(bytes(line[:MAX_LINE]), "unknown", "serial"))
                        continue
                    line += byte
            except PeripheralError as exc:
                return Err(self._failed(exc))
            self._publish(DeviceState.ONLINE)
            return Ok(None)

    def _failed(self, exc: PeripheralError) -> DeviceStatus:
        self.raw_traffic.note(str(exc))
        self._link.close()
        state = DeviceState.NO_DEVICE if isinstance(exc, DeviceNotFound) else DeviceState.OFFLINE
        if not isinstance(exc, LinkError):
            state = DeviceState.UNKNOWN
        return self._publish(state, exc.code)

    def _publish(self, state: DeviceState, error: str | None = None) -> DeviceStatus:
        status = DeviceStatus(self.device_id, self.device_class, state)
        if error is not None:
            status = status.with_error(error)
        self._board.update(status, self.raw_traffic.recent())
        return status


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a serial scanner entry (registry hook): none beyond the URL."""
    return []


def build(context: DeviceContext) -> SerialCodeScanner:
    """The scanner for ``[peripherals.<id>] class = "scanner", model = "serial"``."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, redact)
    link = open_link(settings.url, settings.baudrate, traffic)
    return SerialCodeScanner(context.device_id, link, context.board, traffic)
