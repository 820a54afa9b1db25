"""Printing a citizen's document: progress, a clean stop on paper out or cover open, reprint.

One :class:`PrintingFlow` per printer. ``print_document`` and ``reprint`` block while the printer
works, so the screen calls them from a worker thread and follows :attr:`state`, :attr:`progress`
and :attr:`message` through :meth:`on_change`. Nothing is ever retried automatically: a job
that stopped is reprinted only when someone asks *and* the printer reports ready, and a job that
finished is never printed again. A reprint of a job that may be partly on paper says 补打.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from kiosk.events import EventBus
from kiosk.i18n import translate
from kiosk.receipts import build_receipt
from kiosk.result import Err, Ok
from peripherals.printer.driver import failure_reason
from peripherals.printer.interface import FailureReason, PrintFailure, ReceiptPrinter


class PrintState(str, Enum):
    IDLE = "idle"
    PRINTING = "printing"
    DONE = "done"
    STOPPED = "stopped"  # refused or interrupted; reprint once the printer is fixed


@dataclass(frozen=True)
class PrintJob:
    """One document for one citizen. ``data`` may be personal: it never leaves memory."""

    job_id: str
    document: str  # layout name, e.g. "acceptance_notice"
    data: Mapping[str, str | Sequence[str]] = field(repr=False)
    lookup_url: str = field(repr=False)  # where the citizen can fetch it if printing fails


@dataclass(frozen=True)
class PrintJobProgress:
    job_id: str
    fraction: float


@dataclass(frozen=True)
class PrintJobFinished:
    job_id: str
    document: str
    reprint: bool


@dataclass(frozen=True)
class PrintJobStopped:
    """Health event: a job did not complete. No personal data, only what support needs."""

    job_id: str
    document: str
    device_id: str
    reason: str
    may_have_printed: bool


class PrintingFlow:
    def __init__(
        self, printer: ReceiptPrinter, bus: EventBus, language: str, staff_phone: str
    ) -> None:
        self._printer = printer
        self._bus = bus
        self.language = language
        self._staff_phone = staff_phone
        self.state = PrintState.IDLE
        self.progress = 0.0
        self.message = ""
        self.job: PrintJob | None = None
        self.lookup_url = ""  # shown as a QR when stopped
        self._finished: set[str] = set()
        self._maybe_on_paper = False
        self._listeners: list[Callable[[PrintingFlow], None]] = []
        self._lock = threading.Lock()

    def on_change(self, listener: Callable[[PrintingFlow], None]) -> None:
        self._listeners.append(listener)

    @property
    def can_reprint(self) -> bool:
        return self.state is PrintState.STOPPED

    def print_document(self, job: PrintJob) -> PrintState:
        """Print ``job`` once. A job id that already printed is not printed again."""
        with self._lock:
            if self.state is PrintState.PRINTING:
                return self.state
            if job.job_id in self._finished:
                self._set(PrintState.DONE, 1.0, "printing.already_printed")
                return self.state
            self.job, self._maybe_on_paper = job, False
            self.lookup_url = job.lookup_url
        return self._run(job, reprint=False)

    def reprint(self) -> PrintState:
        """After a stop: print the job again, if the printer now says it is ready."""
        with self._lock:
            if self.state is not PrintState.STOPPED or self.job is None:
                return self.state
            job = self.job
        status = self._printer.status()
        if not status.ready:
            self._set(PrintState.STOPPED, self.progress, self._failure_key(failure_reason(status)))
            return self.state
        return self._run(job, reprint=self._maybe_on_paper)

    def _run(self, job: PrintJob, reprint: bool) -> PrintState:
        self._set(PrintState.PRINTING, 0.0, "printing.in_progress")
        receipt = build_receipt(job.document, job.data, self._printer.profile.columns, reprint)

        def progress(fraction: float) -> None:
            self._set(PrintState.PRINTING, fraction, "printing.in_progress")
            self._bus.publish(PrintJobProgress(job.job_id, fraction))

        match self._printer.print_receipt(receipt, progress):
            case Ok():
                with self._lock:
                    self._finished.add(job.job_id)
                self._set(PrintState.DONE, 1.0, "printing.done")
                self._bus.publish(PrintJobFinished(job.job_id, job.document, reprint))
            case Err(error=failure):
                self._stopped(job, failure)
        return self.state

    def _stopped(self, job: PrintJob, failure: PrintFailure) -> None:
        self._maybe_on_paper = self._maybe_on_paper or failure.may_have_printed
        self._set(PrintState.STOPPED, failure.fraction_sent, self._failure_key(failure.reason))
        self._bus.publish(
            PrintJobStopped(
                job.job_id,
                job.document,
                self._printer.device_id,
                failure.reason.value,
                failure.may_have_printed,
            )
        )

    @staticmethod
    def _failure_key(reason: FailureReason) -> str:
        return f"printing.stopped.{reason.value}"

    def _set(self, state: PrintState, progress: float, key: str) -> None:
        self.state, self.progress = state, progress
        self.message = translate(key, self.language, staff_phone=self._staff_phone)
        for listener in list(self._listeners):
            listener(self)
