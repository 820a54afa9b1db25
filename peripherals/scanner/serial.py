"""A serial barcode scanner (RS-232, or USB in virtual-COM / CDC-ACM mode) as a CodeScanner.

Such scanners decode by themselves and send each code as one line ended by CR and/or LF.
Lines longer than :data:`MAX_LINE` are read to their end and returned cut, so the flow's
validation refuses them. The raw log shows a code's length, never its content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.result import Err, Ok, Result
from peripherals.errors import LinkTimeout, PeripheralError
from peripherals.link import Deadline, Link, open_link
from peripherals.rawlog import RawTraffic
from peripherals.scanner.base import ScannerBase
from peripherals.scanner.interface import ScannedCode
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

MAX_LINE = 1024
POLL_S = 0.1  # how often a waiting scan looks at cancel


def redact(direction: str, frame: bytes) -> str:
    return f"<code {len(frame)}B>"


class SerialCodeScanner(ScannerBase):
    def __init__(self, device_id: str, link: Link, board: StatusBoard, traffic: RawTraffic) -> None:
        super().__init__(device_id, board, traffic)
        self._link = link

    def _probe(self) -> None:
        self._link.open()

    def _release(self) -> None:
        self._link.close()

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


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a serial scanner entry (registry hook): none beyond the URL."""
    return []


def build(context: DeviceContext) -> SerialCodeScanner:
    """The scanner for ``[peripherals.<id>] class = "scanner", model = "serial"``."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, redact)
    link = open_link(settings.url, settings.baudrate, traffic)
    return SerialCodeScanner(context.device_id, link, context.board, traffic)
