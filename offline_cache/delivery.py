"""The outbox worker: delivers entries in order, retries what may succeed later, parks the rest.

Transient failures (no network, 5xx, an answer breaking the contract, 401/403/408/425/429,
which are the terminal's or the moment's fault rather than the request's) keep the entry at
the head and retry with capped exponential backoff and jitter. Any other 4xx parks it.
Progress is published on the event bus for screens, telemetry and the maintenance mode.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass
from typing import Any

from kiosk.events import EventBus
from kiosk.platform import contract
from kiosk.platform.client import PlatformClient
from kiosk.platform.errors import PlatformError, Rejected
from kiosk.result import Ok
from offline_cache.outbox import JSON, Entry, EntryState, Outbox

log = logging.getLogger(__name__)
RETRYABLE_STATUS = frozenset({401, 403, 408, 425, 429})


@dataclass(frozen=True)
class OutboxDelivered:
    seq: int
    operation: str
    result: Any


@dataclass(frozen=True)
class OutboxParked:
    """The platform refused an entry for good; staff must look at it."""

    seq: int
    operation: str
    error: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class OutboxBacklog:
    """Delivery is stalled: ``pending`` entries wait; ``error`` says why (no personal data)."""

    pending: int
    error: str


class OutboxWorker:
    """Drains an :class:`Outbox` through a :class:`PlatformClient` on a background thread."""

    def __init__(self, outbox: Outbox, client: PlatformClient, bus: EventBus, *,
                 retry_min_s: float = 1.0, retry_max_s: float = 60.0) -> None:
        self._outbox = outbox
        self._client = client
        self._bus = bus
        self._retry_min_s = retry_min_s
        self._retry_max_s = retry_max_s
        self._failures = 0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def deliver_next(self) -> bool:
        """Try the head entry once; True if it left the queue (delivered or parked)."""
        entry = self._outbox.head()
        if entry is None:
            return False
        op = contract.operations()[entry.operation]
        body: dict[str, Any] = (
            {"json_body": entry.request} if entry.content_type == JSON
            else {"data": entry.request, "content_type": entry.content_type})
        key = entry.idempotency_key if contract.takes_idempotency_key(op) else None
        result = self._client.call(entry.operation, path=entry.path_params,
                                   idempotency_key=key, **body)
        if isinstance(result, Ok):
            self._outbox.mark_delivered(entry.seq, result.value.body)
            if entry.seq % 100 == 0:
                self._outbox.prune_delivered()
            self._failures = 0
            self._bus.publish(OutboxDelivered(entry.seq, entry.operation, result.value.body))
            return True
        return self._failed(entry, result.error)

    def _failed(self, entry: Entry, error: PlatformError) -> bool:
        if isinstance(error, Rejected) and error.status not in RETRYABLE_STATUS:
            self._outbox.mark_parked(entry.seq, f"{error.status} {error.error}")
            log.warning("outbox entry parked", extra={"seq": entry.seq,
                        "operation": entry.operation, "error": error.error})
            self._bus.publish(OutboxParked(entry.seq, entry.operation, error.error,
                                           tuple(r.code for r in error.reasons)))
            return True
        self._failures += 1
        description = type(error).__name__ + (
            f" {error.status}" if hasattr(error, "status") else "")
        self._outbox.record_failure(entry.seq, description)
        self._bus.publish(OutboxBacklog(self._outbox.count(EntryState.PENDING), description))
        return False

    def retry_delay_s(self) -> float:
        base = min(self._retry_max_s, self._retry_min_s * 2 ** max(0, self._failures - 1))
        return base * random.uniform(0.5, 1.0)

    def run(self) -> None:
        """Deliver until stopped; sleeps while empty or backing off, woken by new entries."""
        while not self._stop.is_set():
            if self.deliver_next():
                continue
            if self._failures:
                self._wake.wait(self.retry_delay_s())
                self._wake.clear()
                continue
            with self._outbox.changed:
                if self._outbox.head() is None and not self._stop.is_set():
                    self._outbox.changed.wait(1.0)

    def start(self) -> OutboxWorker:
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="outbox", daemon=True)
        self._thread.start()
        return self

    def retry_now(self) -> None:
        """Skip the current backoff (e.g. the network came back)."""
        self._failures = min(self._failures, 1)
        self._wake.set()

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        with self._outbox.changed:
            self._outbox.changed.notify_all()
        if self._thread:
            self._thread.join(timeout_s)
