"""USB link for printers that are not USB printer-class (no ``/dev/usb/lp*``): ``usb://VID:PID``.

Opening goes through python-escpos's :class:`escpos.printer.Usb` (find, detach the kernel
driver, set the configuration); transfers then use the pyusb device directly so every write
and read carries its own deadline. Optional query: ``?in=0x82&out=0x01``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout
from peripherals.link import Deadline
from peripherals.rawlog import RawTraffic

if TYPE_CHECKING:
    import usb.core


def parse_usb_url(url: str) -> tuple[int, int, int, int]:
    """``(vendor, product, in_ep, out_ep)`` from ``usb://0416:5011?in=0x81&out=0x02``."""
    parts = urlsplit(url)
    try:
        vendor, product = (int(x, 16) for x in parts.netloc.split(":"))
        query = {k: int(v[-1], 0) for k, v in parse_qs(parts.query).items()}
    except ValueError:
        raise ValueError(f"expected usb://VID:PID[?in=0x82&out=0x01] (hex ids), got {url!r}")
    unknown = set(query) - {"in", "out"}
    if unknown:
        raise ValueError(f"unknown usb:// options {sorted(unknown)}; allowed: in, out")
    return vendor, product, query.get("in", 0x82), query.get("out", 0x01)


def _ms(deadline: Deadline) -> int:
    return max(1, int(deadline.time_left() * 1000))


class UsbLink:
    def __init__(self, address: str, traffic: RawTraffic) -> None:
        self.address = address
        self._vendor, self._product, self._in, self._out = parse_usb_url(address)
        self._traffic = traffic
        self._opener = None  # the python-escpos Usb object; it releases the device when closed
        self._device = None

    def open(self) -> None:
        if self._device is not None:
            return
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Usb
        from usb.core import NoBackendError

        opener = Usb(self._vendor, self._product, in_ep=self._in, out_ep=self._out)
        try:
            opener.open(raise_not_found=True)
        except DeviceNotFoundError:
            raise DeviceNotFound(f"no USB device {self._vendor:04x}:{self._product:04x}") from None
        except NoBackendError:
            raise DeviceNotFound("libusb is not installed (apt-get install libusb-1.0-0)") from None
        self._opener, self._device = opener, opener.device
        self._traffic.opened(self.address)

    def close(self) -> None:
        if self._opener is not None:
            opener, self._opener, self._device = self._opener, None, None
            opener.close()

    def _require(self) -> usb.core.Device:
        if self._device is None:
            self.open()
        return self._device

    def write(self, data: bytes, deadline: Deadline) -> None:
        import usb.core

        device = self._require()
        self._traffic.frame("TX", data)
        try:
            device.write(self._out, data, _ms(deadline))
        except usb.core.USBTimeoutError:
            raise LinkTimeout(f"write to {self.address} timed out") from None
        except usb.core.USBError as exc:
            self.close()
            raise LinkError(f"write to {self.address} failed: {exc}") from None

    def read(self, n: int, deadline: Deadline) -> bytes:
        import usb.core

        device = self._require()
        received = bytearray()
        try:
            while len(received) < n and not deadline.expired():
                received += bytes(device.read(self._in, 64, _ms(deadline)))
        except usb.core.USBTimeoutError:
            pass
        except usb.core.USBError as exc:
            self.close()
            raise LinkError(f"read from {self.address} failed: {exc}") from None
        self._traffic.frame("RX", bytes(received))
        if len(received) < n:
            raise LinkTimeout(f"{self.address}: {len(received)} of {n} bytes before the deadline")
        return bytes(received[:n])

    def discard_input(self) -> None:
        import usb.core

        device = self._require()
        try:
            while device.read(self._in, 64, 1):
                pass
        except usb.core.USBError:
            return
