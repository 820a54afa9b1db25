"""ESC/POS receipt printer over any link (serial, TCP, USB, device file), as a ReceiptPrinter.

The driver asks ``DLE EOT 1..4`` with a short deadline (silence is ``unknown``), sends a
document element by element, and checks status every ``checkpoint_bytes`` and at the end, so
paper running out mid-receipt stops the job with what was sent. A profile without ``status``
(a write-only printer) is always ``unknown`` and prints unchecked. Device exceptions stop here:
callers get a :class:`DeviceStatus` or ``Ok``/``Err``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.result import Err, Ok, Result
from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError
from peripherals.link import Deadline, Link, open_link
from peripherals.printer import status as mapping
from peripherals.printer.codec import encode_receipt, encode_status_query
from peripherals.printer.decode import redact
from peripherals.printer.interface import (
    FailureReason,
    PrintDone,
    PrintFailure,
    Progress,
    Receipt,
)
from peripherals.printer.profile import PrinterProfile, load_profile
from peripherals.rawlog import RawTraffic
from peripherals.status import (
    CoverState,
    DeviceState,
    DeviceStatus,
    PaperState,
    PrinterMedia,
    StatusBoard,
)

if TYPE_CHECKING:
    from kiosk.config import Peripheral
    from peripherals.registry import DeviceContext

DEFAULT_PROFILE = "generic-80"


@dataclass(frozen=True)
class PrinterTimeouts:
    status_s: float = 0.3  # one DLE EOT answer; python-escpos's 1 s is too slow for a kiosk
    write_s: float = 2.0  # one element, on top of its time on the wire
    baudrate: int = 115_200  # for wire-time allowances
    offline_after: int = 3  # silent polls in a row before "offline"
    checkpoint_bytes: int = 512  # status check interval while printing

    def wire_s(self, n_bytes: int) -> float:
        return n_bytes * 10 / self.baudrate


def failure_reason(status: DeviceStatus) -> FailureReason:
    media = status.media if isinstance(status.media, PrinterMedia) else PrinterMedia()
    lost = status.last_error is not None and status.last_error.code in ("link_error", "no_device")
    if status.state is DeviceState.NO_DEVICE or lost:
        return FailureReason.LINK_LOST
    if status.state is DeviceState.HARDWARE_ERROR:
        return FailureReason.HARDWARE_ERROR
    if media.cover is CoverState.OPEN:
        return FailureReason.COVER_OPEN
    if media.paper is PaperState.OUT:
        return FailureReason.PAPER_OUT
    return FailureReason.NO_REPLY


class EscposReceiptPrinter:
    """A receipt printer speaking ESC/POS; one instance per configured device."""

    device_class = "printer"

    def __init__(
        self,
        device_id: str,
        link: Link,
        profile: PrinterProfile,
        board: StatusBoard,
        traffic: RawTraffic,
        timeouts: PrinterTimeouts = PrinterTimeouts(),
    ) -> None:
        self.device_id = device_id
        self.profile = profile
        self._link = link
        self._board = board
        self.raw_traffic = traffic
        self._timeouts = timeouts
        self._silent_polls = 0
        self._lock = threading.Lock()

    def status(self) -> DeviceStatus:
        with self._lock:
            return self._poll()

    def close(self) -> None:
        with self._lock:
            self._link.close()

    def print_receipt(
        self, receipt: Receipt, progress: Progress | None = None
    ) -> Result[PrintDone, PrintFailure]:
        with self._lock:
            before = self._poll()
            checked = self.profile.supports("status")
            if checked and not before.ready:
                return Err(PrintFailure(failure_reason(before), before, False, 0.0))
            segments = encode_receipt(receipt, self.profile)
            total = sum(len(s) for s in segments)
            started = time.monotonic()
            self.raw_traffic.note(f"print {receipt.kind}: {total} bytes")
            self._board.update(
                DeviceStatus(self.device_id, "printer", DeviceState.BUSY, before.media)
            )
            sent = unchecked = 0
            for index, segment in enumerate(segments):
                try:
                    self._link.write(segment, Deadline.after(self._wire_allowance(len(segment))))
                except LinkError as exc:
                    status = self._link_failed(exc)
                    return Err(PrintFailure(failure_reason(status), status, True, sent / total))
                sent += len(segment)
                unchecked += len(segment)
                last = index == len(segments) - 1
                if checked and (unchecked >= self._timeouts.checkpoint_bytes or last):
                    status = self._poll(wire_wait=self._timeouts.wire_s(unchecked))
                    unchecked = 0
                    if not status.ready:
                        self.raw_traffic.note(f"print {receipt.kind} stopped: {status.state.value}")
                        return Err(PrintFailure(failure_reason(status), status, True, sent / total))
                if progress is not None:
                    progress(sent / total)
            return Ok(PrintDone(total, time.monotonic() - started))

    def _wire_allowance(self, n_bytes: int) -> float:
        return self._timeouts.write_s + self._timeouts.wire_s(n_bytes)

    def _poll(self, wire_wait: float = 0.0) -> DeviceStatus:
        replies: dict[int, int | None] = {n: None for n in mapping.QUERIES}
        if not self.profile.supports("status"):  # write-only printer: nothing can be known
            unknown = DeviceStatus(self.device_id, "printer", DeviceState.UNKNOWN, PrinterMedia())
            return self._publish(unknown)
        try:
            self._link.discard_input()
            for n in mapping.QUERIES:
                self._link.write(encode_status_query(n), Deadline.after(self._timeouts.write_s))
                wait = self._timeouts.status_s + (wire_wait if n == 1 else 0.0)
                reply = self._link.read(1, Deadline.after(wait))[0]
                replies[n] = mapping.check_shape(n, reply)
        except LinkTimeout:
            self._silent_polls += 1
        except DeviceNotFound as exc:
            return self._publish(self._no_device(exc))
        except LinkError as exc:
            return self._link_failed(exc)
        except PeripheralError as exc:  # a malformed reply: something else is on this port
            self.raw_traffic.note(str(exc))
            status = DeviceStatus(self.device_id, "printer", DeviceState.HARDWARE_ERROR)
            return self._publish(status.with_error(exc.code))
        else:
            self._silent_polls = 0
        status = mapping.summarize(
            self.device_id, replies, self._silent_polls, self._timeouts.offline_after
        )
        return self._publish(status)

    def _no_device(self, exc: PeripheralError) -> DeviceStatus:
        self.raw_traffic.note(str(exc))
        return DeviceStatus(self.device_id, "printer", DeviceState.NO_DEVICE).with_error(exc.code)

    def _link_failed(self, exc: LinkError) -> DeviceStatus:
        self.raw_traffic.note(str(exc))
        self._link.close()
        state = DeviceState.UNKNOWN if isinstance(exc, LinkTimeout) else DeviceState.OFFLINE
        status = DeviceStatus(self.device_id, "printer", state, PrinterMedia()).with_error(exc.code)
        return self._publish(status)

    def _publish(self, status: DeviceStatus) -> DeviceStatus:
        self._board.update(status, self.raw_traffic.recent())
        return status


def check(settings: Peripheral) -> list[tuple[str, str]]:
    """Config problems of a printer entry (registry hook)."""
    from peripherals.printer.profile import UnknownProfile

    try:
        load_profile(settings.profile or DEFAULT_PROFILE)
    except UnknownProfile as exc:
        return [("profile", str(exc))]
    return []


def build(context: DeviceContext) -> EscposReceiptPrinter:
    """The printer for a ``[peripherals.<id>] class = "printer", model = "escpos"`` entry."""
    settings = context.settings
    traffic = RawTraffic(context.device_id, context.log_dir, settings.raw_log, redact)
    timeouts = PrinterTimeouts(
        status_s=settings.status_timeout_s, write_s=settings.timeout_s, baudrate=settings.baudrate
    )
    link = open_link(settings.url, settings.baudrate, traffic)
    profile = load_profile(settings.profile or DEFAULT_PROFILE)
    return EscposReceiptPrinter(context.device_id, link, profile, context.board, traffic, timeouts)
