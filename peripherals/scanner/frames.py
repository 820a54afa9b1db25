"""Where camera frames come from: a V4L2 camera, or (simulation) image files or a video.

The URL alone decides: ``/dev/video0`` is a camera; ``file:///dir`` plays the images in a
folder, ``file:///x.png`` one image, ``file:///x.mp4`` a video (looped). Sources hand out grey
or BGR numpy frames as fast as they are asked; a camera paces itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import numpy as np

from peripherals.errors import DeviceNotFound, LinkError
from peripherals.scanner.simulator import IMAGE_SUFFIXES, ImageFilesSource, VideoFileSource

CAMERA_SIZE = (1280, 720)


class FrameSource(Protocol):
    address: str

    def open(self) -> None:
        """Raises :class:`DeviceNotFound` when the camera or files are not there."""
        ...

    def read(self) -> np.ndarray:
        """The next frame; :class:`LinkError` when the source stopped giving frames."""
        ...

    def close(self) -> None: ...


class CameraSource:
    """A camera through OpenCV (V4L2 on Linux), asked for 1280×720."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._capture = None

    def open(self) -> None:
        if self._capture is not None:
            return
        import cv2

        capture = cv2.VideoCapture(self.address, cv2.CAP_V4L2)
        if not capture.isOpened():
            raise DeviceNotFound(f"cannot open camera {self.address}")
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, CAMERA_SIZE[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, CAMERA_SIZE[1])
        self._capture = capture

    def read(self) -> np.ndarray:
        self.open()
        ok, frame = self._capture.read()
        if not ok:
            self.close()
            raise LinkError(f"camera {self.address} gave no frame")
        return frame

    def close(self) -> None:
        if self._capture is not None:
            capture, self._capture = self._capture, None
            capture.release()


def source_for(url: str) -> FrameSource:
    """The frame source a scanner's URL names."""
    if not url.startswith("file://"):
        return CameraSource(url)
    path = Path(urlsplit(url).path)
    if path.is_dir() or path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageFilesSource(path)
    return VideoFileSource(path)
