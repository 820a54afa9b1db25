"""A camera as a :class:`CodeScanner`: frames from a :class:`FrameSource`, QR codes decoded.

``scan`` decodes frame after frame until a code appears, the deadline passes or it is
cancelled. The model is ``camera``; the URL picks a real camera or a file-playing simulator.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, PeripheralError
from peripherals.link import Deadline
from peripherals.scanner.decode import QrDecoder
from peripherals.scanner.frames import FrameSource, source_for
from peripherals.scanner.interface import ScannedCode
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext


class CameraScanner:
    device_class = "scanner"

    def __init__(
        self, device_id: str, source: FrameSource, board: StatusBoard, decoder: QrDecoder
    ) -> None:
        self.device_id = device_id
        self._source = source
        self._board = board
        self._decoder = decoder
        self._lock = threading.Lock()
        self._cancel = threading.Event()
        self.frames_decoded = 0

    def status(self) -> DeviceStatus:
        with self._lock:
            try:
                self._source.read()
            except PeripheralError as exc:
                return self._failed(exc)
            return self._publish(DeviceState.ONLINE)

    def close(self) -> None:
        self.cancel()
        with self._lock:
            self._source.close()

    def cancel(self) -> None:
        self._cancel.set()

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

    def _failed(self, exc: PeripheralError) -> DeviceStatus:
        self._source.close()
        state = DeviceState.NO_DEVICE if isinstance(exc, DeviceNotFound) else DeviceState.OFFLINE
        return self._publish(state, exc.code)

    def _publish(self, state: DeviceState, error: str | None = None) -> DeviceStatus:
        status = DeviceStatus(self.device_id, self.device_class, state)
        if error is not None:
            status = status.with_error(error)
        self._board.update(status)
        return status


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a camera scanner entry (registry hook)."""
    if settings.url.startswith("file://") and not Path(urlsplit(settings.url).path).exists():
        return [("url", f"{urlsplit(settings.url).path} does not exist")]
    return []


def build(context: DeviceContext) -> CameraScanner:
    """The scanner for ``[peripherals.<id>] class = "scanner", model = "camera"``."""
    source = source_for(context.settings.url)
    return CameraScanner(context.device_id, source, context.board, QrDecoder())
