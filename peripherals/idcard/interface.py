"""What flows may ask of an ID-card reader (driver: ``peripherals.idcard.driver``, SAM protocol).

Status mapping: SAM status OK → ``online``; SAM failure → ``hardware_error``; no reply →
``unknown`` then ``offline``; ``CardMedia``: find-card success → ``present``, none →
``absent``, card lost mid-read → ``absent`` with last error ``card_removed``. The returned
fields are personal data: they live in the session only and never reach a log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.status import DeviceStatus


@dataclass(frozen=True)
class IdCardFields:
    name: str = field(repr=False)
    sex: str = field(repr=False)
    nation: str = field(repr=False)
    birth_date: str = field(repr=False)
    address: str = field(repr=False)
    id_number: str = field(repr=False)
    authority: str = field(repr=False)
    valid_from: str = field(repr=False)
    valid_to: str = field(repr=False)
    photo: bytes = field(repr=False)  # WLT-compressed, vendor format: kept, never decoded


class IdCardReader(Device, Protocol):
    def read_card(self, timeout_s: float) -> Result[IdCardFields | None, DeviceStatus]:
        """Wait up to ``timeout_s`` for a card and read its text (``Ok(None)``: no card)."""
        ...

    def card_present(self) -> Result[bool, DeviceStatus]:
        """Whether a card lies on the reader now (one find-card poll, paced >= 300 ms)."""
        ...

    def cancel(self) -> None:
        """End a waiting :meth:`read_card` early (the citizen chose another way)."""
        ...
