"""A camera as a :class:`CodeScanner`: frames from a :class:`FrameSource`, QR codes decoded.

``scan`` decodes frame after frame until a code appears, the deadline passes or it is
cancelled. The model is ``camera``; the URL picks a real camera or a file-playing simulator.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.result import Err, Ok, Result
from peripherals.errors import PeripheralError
from peripherals.link import Deadline
from peripherals.scanner.base import ScannerBase
from peripherals.scanner.decode import QrDecoder
from peripherals.scanner.frames import FrameSource, source_for
from peripherals.scanner.interface import ScannedCode
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext


class CameraScanner(ScannerBase):
    def __init__(
        self, device_id: str, source: FrameSource, board: StatusBoard, decoder: QrDecoder
    ) -> None:
        super().__init__(device_id, board, None)
        self._source = source
        self._decoder = decoder
        self.frames_decoded = 0

    def _probe(self) -> None:
        self._source.read()

    def _release(self) -> None:
        self._source.close()

    def scan(self, timeout_s: float) -> Result[ScannedCode | None, DeviceStatus]:
        deadline = Deadline.after(timeout_s)
        self._cancel.clear()
        with self._lock:
            self._publish(DeviceState.BUSY)
            try:
                while not deadline.expired() and not self._cancel.is_set():
                    codes = self._decoder.decode(self._source.read())
                    self.frames_decoded += 1
                    if codes:
                        self._publish(DeviceState.ONLINE)
                        return Ok(codes[0])
            except PeripheralError as exc:
                return Err(self._failed(exc))
            self._publish(DeviceState.ONLINE)
            return Ok(None)


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a camera scanner entry (registry hook)."""
    if settings.url.startswith("file://") and not Path(urlsplit(settings.url).path).exists():
        return [("url", f"{urlsplit(settings.url).path} does not exist")]
    return []


def build(context: DeviceContext) -> CameraScanner:
    """The scanner for ``[peripherals.<id>] class = "scanner", model = "camera"``."""
    source = source_for(context.settings.url)
    return CameraScanner(context.device_id, source, context.board, QrDecoder())
