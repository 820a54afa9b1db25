"""Opening a compartment safely, watching it close, and reconciling after a restart.

:meth:`Doors.open` writes the intent durably, pulses the lock, confirms by status and, if the
board says the door stayed shut, tries exactly once more. A pickup whose door read open is
confirmed to the platform through the outbox at that moment (``markCollected`` with the
opening time), once: the outbox entry is noted on the intent, and reconciliation looks for an
entry before adding one. :meth:`Doors.reconcile` runs at start-up, before any citizen is served.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from kiosk.events import EventBus
from kiosk.lockers.bank import CompartmentState, Intent, LockerBank, utc_now
from kiosk.lockers.events import (
    LockerDoorClosed,
    LockerDoorFailed,
    LockerDoorLeftOpen,
    LockerDoorOpened,
    LockerReconciled,
)
from kiosk.result import Err, Ok
from peripherals.locker.interface import DoorState, LockerBus

if TYPE_CHECKING:  # the outbox pulls in HTTP and JSON Schema: off the start-up path
    from offline_cache.outbox import Outbox


class Opened(str, Enum):
    OPENED = "opened"
    NOT_OPENED = "not_opened"  # the board says the door stayed shut, twice: safe, staff needed
    UNKNOWN = "unknown"  # no trustworthy answer: the door may be open; held for staff
    BUSY = "busy"  # another intent on this door is unfinished
    OUT_OF_SERVICE = "out_of_service"


@dataclass(frozen=True)
class DoorResult:
    outcome: Opened
    compartment: CompartmentState
    intent: Intent | None = None
    reason: str = ""


@dataclass(frozen=True)
class WatchTimes:
    poll_s: float = 0.5  # between door reads while it is open
    left_open_s: float = 60.0  # then prompt locally and raise LockerDoorLeftOpen


class Doors:
    """The door side of pickups and deposits: bank + bus + outbox + events."""

    def __init__(
        self,
        bank: LockerBank,
        locker: LockerBus,
        outbox: Outbox,
        bus: EventBus,
        times: WatchTimes = WatchTimes(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bank, self.locker, self.outbox, self.bus = bank, locker, outbox, bus
        self.times = times
        self._clock = clock

    def open(
        self, kind: str, order_id: str, compartment: CompartmentState, actor: str
    ) -> DoorResult:
        if compartment.out_of_service is not None:
            return DoorResult(Opened.OUT_OF_SERVICE, compartment, reason=compartment.out_of_service)
        intent = self.bank.begin(kind, order_id, compartment.key, actor)
        if intent is None:
            return DoorResult(Opened.BUSY, compartment)
        for attempt in (1, 2):
            result = self.locker.open_door(compartment.board, compartment.lock)
            if isinstance(result, Ok):
                intent = self.bank.opened(intent, None if attempt == 1 else "second attempt")
                if kind == "pickup":
                    self._confirm_collected(intent)
                self.bus.publish(LockerDoorOpened(kind, order_id, compartment.key))
                return DoorResult(Opened.OPENED, compartment, intent)
            failure = result.error
            if not failure.reason.door_known_shut:
                break  # the door may be open: never pulse it again blindly
        reason = failure.reason.value
        known_shut = failure.reason.door_known_shut
        self.bank.failed(intent, reason, known_shut)
        if known_shut:
            self.bank.set_out_of_service(compartment.key, "jammed", "kiosk")
        self.bus.publish(LockerDoorFailed(kind, order_id, compartment.key, reason))
        return DoorResult(Opened.NOT_OPENED if known_shut else Opened.UNKNOWN, compartment,
                          intent, reason)  # fmt: skip

    def watch(
        self,
        intent: Intent,
        stop: threading.Event,
        on_left_open: Callable[[float], None] | None = None,
    ) -> bool:
        """Poll the door until it reads shut (True) or ``stop`` is set (False)."""
        compartment = self.bank.compartment(intent.compartment)
        assert compartment is not None
        started, warned = self._clock(), False
        while not stop.is_set():
            state = self.locker.door_state(compartment.board, compartment.lock)
            open_s = self._clock() - started
            if isinstance(state, Ok) and state.value is DoorState.CLOSED:
                self.bank.closed(intent)
                self.bus.publish(LockerDoorClosed(intent.kind, intent.order_id, intent.compartment,
                                                  round(open_s, 1)))  # fmt: skip
                return True
            seen_open = isinstance(state, Ok) and state.value is DoorState.OPEN
            if seen_open and open_s >= self.times.left_open_s and not warned:
                warned = True
                self.bank.audit(intent.actor, "left_open", intent.order_id, intent.compartment)
                self.bus.publish(LockerDoorLeftOpen(intent.order_id, intent.compartment, open_s))
                if on_left_open is not None:
                    on_left_open(open_s)
            stop.wait(self.times.poll_s)
        return False

    def _confirm_collected(self, intent: Intent) -> None:
        """Queue ``markCollected`` once for this pickup (the door has read open)."""
        for entry in self.outbox.entries():
            if (
                entry.operation == "markCollected"
                and entry.path_params == {"order_id": intent.order_id}
                and entry.state.value != "parked"
            ):
                self.bank.record_outbox(intent, entry.seq)
                return
        request = {"compartment": intent.compartment, "opened_at": intent.opened_at or utc_now()}
        entry = self.outbox.enqueue("markCollected", request, {"order_id": intent.order_id})
        self.bank.record_outbox(intent, entry.seq)

    def reconcile(
        self, states: tuple[str, ...] = ("pending", "opened", "unknown")
    ) -> list[LockerReconciled]:
        """Settle unfinished intents by reading each door: at start-up all of them (a crash
        left them), later only ``unknown`` ones (no live call owns those).

        Door open → it opened: recorded, and a pickup is confirmed (once). Door shut after a
        pulse that may have gone out → held for staff, never confirmed. A board that does not
        answer leaves the intent as it is, to be tried again."""
        outcomes = []
        for intent in self.bank.intents(*states):
            compartment = self.bank.compartment(intent.compartment)
            if compartment is None:
                continue
            state = self.locker.door_state(compartment.board, compartment.lock)
            if isinstance(state, Err):
                continue
            if intent.state == "opened" and intent.outbox_seq is None and intent.kind == "pickup":
                self._confirm_collected(intent)
            if state.value is DoorState.OPEN:
                if intent.state != "opened":
                    intent = self.bank.opened(intent, "found open after restart")
                    if intent.kind == "pickup":
                        self._confirm_collected(intent)
                outcome = "opened"
            elif intent.state == "opened":
                self.bank.closed(intent)
                outcome = "closed"
            else:
                self.bank.unresolved(intent, "door shut after restart; it may have opened")
                outcome = "unresolved"
            event = LockerReconciled(intent.order_id, intent.compartment, outcome)
            self.bus.publish(event)
            outcomes.append(event)
        return outcomes
