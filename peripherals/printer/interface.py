"""What flows may ask of a receipt printer, and the device-neutral receipt they hand it.

A :class:`Receipt` is already laid out (lines wrapped to the profile's columns); the driver's
codec turns it into printer commands. Printing returns ``Ok(PrintDone)`` or
``Err(PrintFailure)``; the failure says whether anything may already be on paper, so a flow
never reprints a citizen's document blindly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from kiosk.result import Result
from peripherals.device import Device
from peripherals.printer.profile import PrinterProfile
from peripherals.status import DeviceStatus


class Align(str, Enum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class TextLine:
    text: str
    bold: bool = False
    size: int = 1  # 1 normal, 2 double width and height
    align: Align = Align.LEFT


@dataclass(frozen=True)
class QrCode:
    payload: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    pass


Element = TextLine | QrCode | Feed | Cut


@dataclass(frozen=True)
class Receipt:
    """A laid-out document. ``kind`` (e.g. ``acceptance_notice``) is safe to log; content is not."""

    kind: str
    elements: tuple[Element, ...]


class FailureReason(str, Enum):
    NOT_READY = "not_ready"  # refused before anything was sent
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    HARDWARE_ERROR = "hardware_error"
    NO_REPLY = "no_reply"  # the printer stopped answering: the outcome is unknown
    LINK_LOST = "link_lost"


@dataclass(frozen=True)
class PrintDone:
    bytes_sent: int
    seconds: float


@dataclass(frozen=True)
class PrintFailure:
    reason: FailureReason
    status: DeviceStatus
    may_have_printed: bool  # True once any of the document reached the printer
    fraction_sent: float


Progress = Callable[[float], None]


class ReceiptPrinter(Device, Protocol):
    """Status by ``status()`` (short timeout; silence is ``unknown``, never "paper ok")."""

    profile: PrinterProfile

    def print_receipt(
        self, receipt: Receipt, progress: Progress | None = None
    ) -> Result[PrintDone, PrintFailure]: ...
