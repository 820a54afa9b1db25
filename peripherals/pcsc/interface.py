"""What flows may ask of a PC/SC reader (driver: ``peripherals.pcsc.driver``, pyscard).

Status mapping: pcscd unreachable or reader absent → ``no_device``; reader present →
``online``; ``CardMedia`` from card insertion/removal events; a card pulled mid-exchange →
``Err`` with last error ``card_removed``, never an exception into the flow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.pcsc.sscard import SsCardFields
from peripherals.status import DeviceStatus


@dataclass(frozen=True)
class Apdu:
    data: bytes
    sw: int  # status word, 0x9000 = success


class SmartCardReader(Device, Protocol):
    def wait_for_card(self, timeout_s: float) -> Result[bytes | None, DeviceStatus]:
        """ATR of the inserted card, ``Ok(None)`` if none came within ``timeout_s``."""
        ...

    def transmit(self, command: bytes) -> Result[Apdu, DeviceStatus]: ...

    def card_present(self) -> Result[bool, DeviceStatus]: ...

    def cancel(self) -> None:
        """End a waiting :meth:`wait_for_card` early."""
        ...

    def read_social_security_card(
        self, timeout_s: float
    ) -> Result[SsCardFields | None, DeviceStatus]:
        """Wait for a card, select the SSSE application, read the basic fields."""
        ...
