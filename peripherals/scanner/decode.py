"""Decoding QR codes in camera frames: pyzbar first, zxing-cpp on the frames it cannot read.

Frames are 8-bit grey numpy arrays (a camera's BGR frames and PIL images are converted once).
pyzbar is asked for QR codes only (no 1-D false positives); zxing-cpp, which reads rotated,
blurred and low-contrast codes pyzbar misses, runs when pyzbar found nothing, or found text
beyond ASCII: zbar guesses the character set and confuses Shift_JIS with GB 2312, while
zxing-cpp honours ECI (measured on the corpus). An easy frame costs one decoder, a hard two.
zbar's cost grows with pixels and edges, so frames wider than :data:`PYZBAR_MAX_WIDTH` (720p
camera frames) reach it at half size; zxing-cpp always sees the full frame. ``kiosk scan`` and the benchmark use the same
:class:`QrDecoder`.
"""

from __future__ import annotations

from enum import Enum

import numpy as np
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from peripherals.scanner.interface import ScannedCode

Frame = np.ndarray
PYZBAR_MAX_WIDTH = 960


class DecoderChoice(str, Enum):
    PIPELINE = "pipeline"  # pyzbar, then zxing-cpp if pyzbar read nothing
    PYZBAR = "pyzbar"
    ZXING = "zxing-cpp"


def grey(image: Image.Image | Frame) -> Frame:
    """An 8-bit grey array of a PIL image or a numpy frame (grey, BGR or BGRA)."""
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("L"))
    if image.ndim == 2:
        return image
    import cv2

    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(image, code)


def _pyzbar(frame: Frame) -> list[ScannedCode]:
    height, width = frame.shape
    if width > PYZBAR_MAX_WIDTH:
        import cv2

        width, height = width // 2, height // 2
        frame = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
    found = pyzbar.decode(
        (np.ascontiguousarray(frame).tobytes(), width, height),
        symbols=[pyzbar.ZBarSymbol.QRCODE],
    )
    return [ScannedCode(code.data, "QRCode", "pyzbar") for code in found if code.data]


def _zxing(frame: Frame) -> list[ScannedCode]:
    found = zxingcpp.read_barcodes(
        np.ascontiguousarray(frame),
        formats=zxingcpp.BarcodeFormat.QRCode,
        text_mode=zxingcpp.TextMode.Plain,  # control characters as they are, not "<SOH>"
    )
    return [
        ScannedCode(code.text.encode("utf-8"), "QRCode", "zxing-cpp")
        for code in found
        if code.valid and code.text
    ]


class QrDecoder:
    """Reads the QR codes in a frame with the chosen decoder(s)."""

    def __init__(self, choice: DecoderChoice = DecoderChoice.PIPELINE) -> None:
        self.choice = choice

    def decode(self, image: Image.Image | Frame) -> list[ScannedCode]:
        frame = grey(image)
        if self.choice is DecoderChoice.ZXING:
            return _zxing(frame)
        codes = _pyzbar(frame)
        if self.choice is DecoderChoice.PYZBAR:
            return codes
        if codes and all(code.payload.isascii() for code in codes):
            return codes
        return _zxing(frame) or codes
