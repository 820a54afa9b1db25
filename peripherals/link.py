"""Links: the only way a driver reaches its device. ``write(data, deadline)``, ``read(n, deadline)``.

Addresses are pyserial URLs (``/dev/ttyS1``, ``socket://127.0.0.1:9101``, ``loop://``,
``rfc2217://``) opened with :func:`serial.serial_for_url`, or ``file:///dev/usb/lp0`` for a USB
printer driven by the kernel's usblp (which also answers status reads), or ``usb://VID:PID``
for vendor-class USB printers (:mod:`peripherals.usblink`). Every wait takes a
:class:`Deadline`; nothing here sleeps.
"""

from __future__ import annotations

import os
import select
import time
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

import serial

from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout
from peripherals.rawlog import RawTraffic

SERIAL_SCHEMES = {"", "socket", "loop", "rfc2217", "spy", "alt"}
SCHEMES = SERIAL_SCHEMES | {"file", "usb"}


@dataclass(frozen=True)
class Deadline:
    """A point in monotonic time; build one per wait from a named timeout."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def time_left(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at


class Link(Protocol):
    address: str

    def open(self) -> None: ...

    def close(self) -> None: ...

    def write(self, data: bytes, deadline: Deadline) -> None: ...

    def read(self, n: int, deadline: Deadline) -> bytes:
        """Exactly ``n`` bytes, or :class:`LinkTimeout` when the deadline passes first."""
        ...

    def discard_input(self) -> None: ...


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be a device address, or None if it can."""
    scheme = urlsplit(url).scheme if "://" in url else ""
    if scheme not in SCHEMES:
        return f"unsupported scheme {scheme!r}; use a port (/dev/ttyS1) or " + ", ".join(
            f"{s}://" for s in sorted(SCHEMES - {""})
        )
    if scheme == "usb":
        from peripherals.usblink import parse_usb_url

        try:
            parse_usb_url(url)
        except ValueError as exc:
            return str(exc)
    return None


def open_link(url: str, baudrate: int, traffic: RawTraffic) -> Link:
    """A closed link for ``url``; call ``open()`` before use."""
    if url.startswith("file://"):
        return FileLink(url, traffic)
    if url.startswith("usb://"):
        from peripherals.usblink import UsbLink

        return UsbLink(url, traffic)
    return SerialLink(url, baudrate, traffic)


class SerialLink:
    """A pyserial port (native, pty, TCP socket, loopback) with deadlines and raw logging."""

    def __init__(self, address: str, baudrate: int, traffic: RawTraffic) -> None:
        self.address = address
        self._baudrate = baudrate
        self._traffic = traffic
        self._port: serial.SerialBase | None = None

    def open(self) -> None:
        if self._port is not None:
            return
        try:
            self._port = serial.serial_for_url(
                self.address, baudrate=self._baudrate, timeout=0, write_timeout=2
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceNotFound(f"cannot open {self.address}: {exc}") from None
        self._traffic.opened(self.address)

    def close(self) -> None:
        if self._port is not None:
            port, self._port = self._port, None
            port.close()

    def _require(self) -> serial.SerialBase:
        if self._port is None:
            self.open()
        assert self._port is not None
        return self._port

    def write(self, data: bytes, deadline: Deadline) -> None:
        port = self._require()
        self._traffic.frame("TX", data)
        try:
            port.write_timeout = max(deadline.time_left(), 0.001)
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException:
            raise LinkTimeout(f"write to {self.address} timed out") from None
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise LinkError(f"write to {self.address} failed: {exc}") from None

    def read(self, n: int, deadline: Deadline) -> bytes:
        port = self._require()
        received = bytearray()
        try:
            while len(received) < n:
                left = deadline.time_left()
                if left <= 0:
                    break
                port.timeout = left
                received += port.read(n - len(received))
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise LinkError(f"read from {self.address} failed: {exc}") from None
        self._traffic.frame("RX", bytes(received))
        if len(received) < n:
            raise LinkTimeout(f"{self.address}: {len(received)} of {n} bytes before the deadline")
        return bytes(received)

    def discard_input(self) -> None:
        port = self._require()
        try:
            port.reset_input_buffer()
        except (serial.SerialException, OSError) as exc:
            raise LinkError(f"{self.address}: {exc}") from None


class FileLink:
    """A device file (``file:///dev/usb/lp0``): writes and non-blocking status reads."""

    def __init__(self, address: str, traffic: RawTraffic) -> None:
        self.address = address
        self._path = urlsplit(address).path
        self._traffic = traffic
        self._fd: int | None = None

    def open(self) -> None:
        if self._fd is not None:
            return
        try:
            self._fd = os.open(self._path, os.O_RDWR | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            raise DeviceNotFound(f"cannot open {self._path}: {exc.strerror}") from None
        self._traffic.opened(self.address)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)

    def _require(self) -> int:
        if self._fd is None:
            self.open()
        assert self._fd is not None
        return self._fd

    def write(self, data: bytes, deadline: Deadline) -> None:
        fd = self._require()
        self._traffic.frame("TX", data)
        view = memoryview(data)
        while view:
            _, ready, _ = select.select([], [fd], [], deadline.time_left())
            if not ready:
                raise LinkTimeout(f"write to {self._path} timed out")
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                continue
            except OSError as exc:
                self.close()
                raise LinkError(f"write to {self._path} failed: {exc.strerror}") from None

    def read(self, n: int, deadline: Deadline) -> bytes:
        fd = self._require()
        received = bytearray()
        while len(received) < n:
            ready, _, _ = select.select([fd], [], [], deadline.time_left())
            if not ready:
                break
            try:
                chunk = os.read(fd, n - len(received))
            except BlockingIOError:
                continue
            except OSError as exc:
                self.close()
                raise LinkError(f"read from {self._path} failed: {exc.strerror}") from None
            if not chunk:
                break
            received += chunk
        self._traffic.frame("RX", bytes(received))
        if len(received) < n:
            raise LinkTimeout(f"{self._path}: {len(received)} of {n} bytes before the deadline")
        return bytes(received)

    def discard_input(self) -> None:
        fd = self._require()
        while select.select([fd], [], [], 0)[0]:
            try:
                if not os.read(fd, 4096):
                    return
            except (BlockingIOError, OSError):
                return
