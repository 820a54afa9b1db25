"""A USB-HID barcode scanner in keyboard mode, read from its Linux input device (evdev).

Such scanners type each code as key presses ending with Enter. The kiosk opens the scanner's
own event device (``file:///dev/input/by-id/usb-<vendor>-event-kbd``) and grabs it (EVIOCGRAB),
so codes never reach the screen as typing; :class:`KeyDecoder` turns the events back into text
(US layout, Shift honoured). The raw log shows event counts, never the keys.
"""

from __future__ import annotations

import errno
import fcntl
import os
import select
import struct
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkError, PeripheralError
from peripherals.link import Deadline
from peripherals.rawlog import RawTraffic
from peripherals.scanner.base import ScannerBase
from peripherals.scanner.interface import ScannedCode
from peripherals.status import DeviceState, DeviceStatus, StatusBoard

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

EVENT = struct.Struct("llHHi")  # struct input_event: timeval, type, code, value
EV_KEY, PRESS = 1, 1
EVIOCGRAB = 0x40044590
ENTER = {28, 96}  # KEY_ENTER, KEY_KPENTER
SHIFT = {42, 54}
MAX_LINE = 1024
POLL_S = 0.1
_ROWS = (  # (first keycode, plain, shifted)
    (2, "1234567890-=", "!@#$%^&*()_+"),
    (16, "qwertyuiop[]", "QWERTYUIOP{}"),
    (30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),
    (43, "\\zxcvbnm,./", "|ZXCVBNM<>?"),
    (57, " ", " "),
)
KEYMAP = {
    first + i: (plain, shifted)
    for first, row, shifted_row in _ROWS
    for i, (plain, shifted) in enumerate(zip(row, shifted_row, strict=True))
}


class KeyDecoder:
    """Key events in, complete lines out."""

    def __init__(self) -> None:
        self._shift = False
        self._line: list[str] = []

    def feed(self, event: bytes) -> str | None:
        """One ``input_event``; returns a line when Enter ends one."""
        _sec, _usec, kind, code, value = EVENT.unpack(event)
        if kind != EV_KEY:
            return None
        if code in SHIFT:
            self._shift = value != 0
            return None
        if value != PRESS:
            return None
        if code in ENTER:
            line, self._line = "".join(self._line), []
            return line or None
        if code in KEYMAP and len(self._line) < MAX_LINE:
            self._line.append(KEYMAP[code][self._shift])
        return None


def key_events(text: str) -> bytes:
    """The events a keyboard-mode scanner sends for ``text`` + Enter (simulator, tests)."""
    reverse = {}
    for code, (plain, shifted) in KEYMAP.items():
        reverse.setdefault(plain, (code, False))
        reverse.setdefault(shifted, (code, True))
    out = bytearray()
    for char in text:
        code, shifted = reverse[char]
        if shifted:
            out += EVENT.pack(0, 0, EV_KEY, 42, 1)
        out += EVENT.pack(0, 0, EV_KEY, code, 1) + EVENT.pack(0, 0, EV_KEY, code, 0)
        if shifted:
            out += EVENT.pack(0, 0, EV_KEY, 42, 0)
    return bytes(out + EVENT.pack(0, 0, EV_KEY, 28, 1) + EVENT.pack(0, 0, EV_KEY, 28, 0))


def redact(direction: str, frame: bytes) -> str:
    return f"<{len(frame) // EVENT.size} input events>"


class HidCodeScanner(ScannerBase):
    def __init__(
        self, device_id: str, address: str, board: StatusBoard, traffic: RawTraffic
    ) -> None:
        super().__init__(device_id, board, traffic)
        self._address = address
        self._path = urlsplit(address).path
        self._fd: int | None = None

    def _probe(self) -> None:
        self._open()

    def scan(self, timeout_s: float) -> Result[ScannedCode | None, DeviceStatus]:
        deadline = Deadline.after(timeout_s)
        self._cancel.clear()
        decoder = KeyDecoder()
        with self._lock:
            try:
                fd = self._open()
                self._read_available(fd)  # a code typed before we asked is stale
                pending = b""
                while not self._cancel.is_set() and not deadline.expired():
                    if not select.select([fd], [], [], min(POLL_S, deadline.time_left()))[0]:
                        continue
                    pending += self._read_available(fd)
                    while len(pending) >= EVENT.size:
                        event, pending = pending[: EVENT.size], pending[EVENT.size :]
                        if (line := decoder.feed(event)) is not None:
                            self._publish(DeviceState.ONLINE)
                            return Ok(ScannedCode(line.encode("ascii"), "unknown", "hid"))
            except PeripheralError as exc:
                return Err(self._failed(exc))
            self._publish(DeviceState.ONLINE)
            return Ok(None)

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        try:
            fd = os.open(self._path, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise DeviceNotFound(f"cannot open {self._path}: {exc.strerror}") from None
        try:
            fcntl.ioctl(fd, EVIOCGRAB, 1)  # keys go to us only, never to the screen
        except OSError as exc:
            if exc.errno != errno.ENOTTY:  # not an input device (a FIFO in tests): nothing to grab
                os.close(fd)
                raise LinkError(f"cannot grab {self._path}: {exc.strerror}") from None
        self._fd = fd
        self.raw_traffic.opened(self._address)
        return fd

    def _read_available(self, fd: int) -> bytes:
        data = bytearray()
        while True:
            try:
                chunk = os.read(fd, EVENT.size * 64)
            except BlockingIOError:
                break
            except OSError as exc:
                raise LinkError(f"read from {self._path} failed: {exc.strerror}") from None
            if not chunk:
                break
            data += chunk
        self.raw_traffic.frame("RX", bytes(data))
        return bytes(data)

    def _release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a keyboard-mode scanner entry (registry hook)."""
    if not settings.url.startswith("file://"):
        return [("url", "a keyboard-mode scanner is file:///dev/input/by-id/<scanner>-event-kbd")]
    return []


def build(context: DeviceContext) -> HidCodeScanner:
    """The scanner for ``[peripherals.<id>] class = "scanner", model = "hid"``."""
    traffic = RawTraffic(context.device_id, context.log_dir, context.settings.raw_log, redact)
    return HidCodeScanner(context.device_id, context.settings.url, context.board, traffic)
