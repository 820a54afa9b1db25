"""A document camera that serves image files from a folder (``url = "file:///path/to/pages"``).

The demo and the tests use it in place of a 高拍仪; each capture returns the next image in
name order, cycling. A real UVC camera driver is not written yet.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PIL import Image, UnidentifiedImageError

from kiosk.result import Err, Ok, Result
from peripherals.doccam.interface import CapturedImage
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

SUFFIXES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


class ImageFolderCamera:
    device_class = "doccam"

    def __init__(self, device_id: str, folder: Path, board: StatusBoard) -> None:
        self.device_id = device_id
        self._folder = folder
        self._board = board
        self._next = 0
        self._lock = threading.Lock()

    def _images(self) -> list[Path]:
        if not self._folder.is_dir():
            return []
        return sorted(p for p in self._folder.iterdir() if p.suffix.lower() in SUFFIXES)

    def status(self) -> DeviceStatus:
        state = DeviceState.ONLINE if self._images() else DeviceState.NO_DEVICE
        status = DeviceStatus(self.device_id, self.device_class, state)
        if state is DeviceState.NO_DEVICE:
            status = status.with_error("no_device")
        self._board.update(status)
        return status

    def capture(self) -> Result[CapturedImage, DeviceStatus]:
        with self._lock:
            images = self._images()
            if not images:
                return Err(self.status())
            path = images[self._next % len(images)]
            self._next += 1
        try:
            with Image.open(path) as image:
                width, height = image.size
            data = path.read_bytes()
        except (OSError, UnidentifiedImageError):
            status = DeviceStatus(self.device_id, self.device_class, DeviceState.HARDWARE_ERROR)
            status = status.with_error("bad_image")
            self._board.update(status)
            return Err(status)
        self._board.update(DeviceStatus(self.device_id, self.device_class, DeviceState.ONLINE))
        return Ok(CapturedImage(data, SUFFIXES[path.suffix.lower()], width, height))

    def close(self) -> None:
        """Nothing to release."""


def check(settings: Peripheral) -> list[tuple[str, str]]:
    if not settings.url.startswith("file://"):
        return [("url", "an image_folder camera needs a file:///folder URL")]
    return []


def build(context: DeviceContext) -> ImageFolderCamera:
    folder = Path(urlsplit(context.settings.url).path)
    return ImageFolderCamera(context.device_id, folder, context.board)
