"""Camera scanner on the file-playing simulator: 720p frames, rate, no camera, cancel."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import qrcode
from PIL import Image, ImageFilter

from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.scanner.camera import CameraScanner
from peripherals.scanner.decode import DecoderChoice, QrDecoder
from peripherals.scanner.frames import source_for
from peripherals.status import DeviceState, StatusBoard

PAYLOAD = "GOVAPP:zhangwei"


def camera_frame(text: str | None) -> Image.Image:
    """A 1280×720 grey camera frame of a textured scene and, if given, a phone-sized QR code."""
    rng = np.random.default_rng(len(text or ""))
    scene = Image.fromarray(rng.integers(40, 220, (720, 1280), dtype=np.uint8))
    canvas = scene.filter(ImageFilter.GaussianBlur(2))  # texture of a real, unfocused scene
    if text:
        code = qrcode.make(text, box_size=5, border=2).get_image().convert("L")
        canvas.paste(code, (500, 250))
    return canvas


def scanner_for(url: str) -> tuple[CameraScanner, StatusBoard]:
    board = StatusBoard(EventBus())
    return CameraScanner("camera", source_for(url), board, QrDecoder()), board


@pytest.fixture
def frames(tmp_path):
    for index in range(3):
        camera_frame(None).save(tmp_path / f"0{index}-empty.png")
    camera_frame(PAYLOAD).save(tmp_path / "10-code.png")
    return tmp_path


def test_a_code_shown_after_empty_frames_is_read(frames):
    scanner, board = scanner_for(f"file://{frames}")
    result = scanner.scan(5.0)
    assert isinstance(result, Ok) and result.value.payload == PAYLOAD.encode()
    assert scanner.frames_decoded == 4
    assert board.get("camera").state is DeviceState.ONLINE


def test_720p_frames_decode_at_least_ten_per_second(tmp_path):
    for index in range(5):
        camera_frame(None).save(tmp_path / f"{index}.png")
    scanner, _ = scanner_for(f"file://{tmp_path}")
    started = time.monotonic()
    assert scanner.scan(1.5) == Ok(None)  # empty frames: the slowest case, both decoders run
    rate = scanner.frames_decoded / (time.monotonic() - started)
    assert rate >= 10, f"{rate:.1f} frames/s"


def test_a_video_plays_as_the_camera(tmp_path):
    import cv2

    path = tmp_path / "phone.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (1280, 720))
    for text in (None, None, PAYLOAD):
        writer.write(cv2.cvtColor(np.asarray(camera_frame(text)), cv2.COLOR_GRAY2BGR))
    writer.release()
    scanner, _ = scanner_for(f"file://{path}")
    result = scanner.scan(5.0)
    assert isinstance(result, Ok) and result.value.payload == PAYLOAD.encode()


def test_missing_camera_is_no_device(tmp_path):
    scanner, _ = scanner_for(f"file://{tmp_path / 'none'}")
    result = scanner.scan(0.5)
    assert isinstance(result, Err) and result.error.state is DeviceState.NO_DEVICE
    scanner, _ = scanner_for("/dev/video-does-not-exist")
    assert scanner.status().state is DeviceState.NO_DEVICE


def test_cancel_ends_a_scan_early(tmp_path):
    camera_frame(None).save(tmp_path / "empty.png")
    scanner, _ = scanner_for(f"file://{tmp_path}")
    threading.Timer(0.3, scanner.cancel).start()
    started = time.monotonic()
    assert scanner.scan(10.0) == Ok(None)
    assert time.monotonic() - started < 1.5


def test_a_small_far_code_in_a_720p_frame_is_still_read():
    """zbar sees 720p frames at half size; a code too small for that is zxing-cpp's."""
    frame = camera_frame(None)
    frame.paste(qrcode.make(PAYLOAD, box_size=2, border=2).get_image().convert("L"), (600, 300))
    pixels = np.asarray(frame)
    assert QrDecoder(DecoderChoice.PYZBAR).decode(pixels) == []
    codes = QrDecoder().decode(pixels)
    assert [(c.payload, c.decoder) for c in codes] == [(PAYLOAD.encode(), "zxing-cpp")]
