"""Scanner simulators: image files or a video played as the camera, and a serial scanner.

- :class:`ImageFilesSource` shows each image of a folder (name order) as one frame, looping;
  :class:`VideoFileSource` plays a video file frame by frame, looping.
- The serial scanner runs on a pty from another process and "reads" codes told to it on its
  control port: ``scan TEXT`` (sent with CR, as scanners do), ``scan_hex HEX``, ``help``.
  Run: ``python -m peripherals.scanner.simulator [--control PORT]``.
"""

from __future__ import annotations

import os
import socketserver
import termios
import threading
import tty
from pathlib import Path

import numpy as np

from peripherals.errors import DeviceNotFound, LinkError
from peripherals.simserver import serve_control

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}


class ImageFilesSource:
    """A folder of images (or one image) as a camera: one frame per image, looping."""

    def __init__(self, path: Path) -> None:
        self.address = f"file://{path}"
        self._path = path
        self._files: list[Path] = []
        self._next = 0

    def open(self) -> None:
        if self._path.is_dir():
            files = sorted(p for p in self._path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        else:
            files = [self._path] if self._path.is_file() else []
        if not files:
            raise DeviceNotFound(f"no images at {self._path}")
        self._files = files

    def read(self) -> np.ndarray:
        from PIL import Image, UnidentifiedImageError

        if not self._files:
            self.open()
        path = self._files[self._next % len(self._files)]
        self._next += 1
        try:
            with Image.open(path) as image:
                return np.asarray(image.convert("L"))
        except (OSError, UnidentifiedImageError) as exc:
            raise LinkError(f"cannot read {path}: {exc}") from None

    def close(self) -> None:
        self._files = []


class VideoFileSource:
    """A video file as a camera (OpenCV), starting over at the end."""

    def __init__(self, path: Path) -> None:
        self.address = f"file://{path}"
        self._path = path
        self._capture = None

    def open(self) -> None:
        if self._capture is not None:
            return
        import cv2

        capture = cv2.VideoCapture(str(self._path))
        if not self._path.is_file() or not capture.isOpened():
            raise DeviceNotFound(f"cannot play {self._path}")
        self._capture = capture

    def read(self) -> np.ndarray:
        import cv2

        self.open()
        ok, frame = self._capture.read()
        if not ok:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, frame = self._capture.read()
        if not ok:
            raise LinkError(f"{self._path} has no frames")
        return frame

    def close(self) -> None:
        if self._capture is not None:
            capture, self._capture = self._capture, None
            capture.release()


class SerialScannerSimulator:
    """A serial barcode scanner on a pty; codes are "read" on command."""

    def __init__(self) -> None:
        self._master, slave = os.openpty()
        tty.setraw(slave, termios.TCSANOW)
        self._slave = slave
        self.address = os.ttyname(slave)
        self._server: socketserver.ThreadingTCPServer | None = None

    def control(self, line: str) -> str:
        word, _, arg = line.strip().partition(" ")
        match word:
            case "scan":
                data = arg.encode("utf-8") + b"\r"
            case "scan_hex":
                try:
                    data = bytes.fromhex(arg)
                except ValueError:
                    return "error: scan_hex needs hex digits"
            case _:
                return "commands: scan TEXT | scan_hex HEX | help"
        os.write(self._master, data)
        return f"ok sent {len(data)} bytes"

    def start_control(self, port: int = 0) -> int:
        self._server = serve_control(self.control, port)
        return self._server.server_address[1]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        os.close(self._master)
        os.close(self._slave)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m peripherals.scanner.simulator", description="Serial scanner on a pty."
    )
    parser.add_argument("--control", type=int, default=0, metavar="PORT")
    args = parser.parse_args(argv)
    simulator = SerialScannerSimulator()
    port = simulator.start_control(args.control)
    print(f"serial scanner on {simulator.address}; control port {port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        simulator.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
