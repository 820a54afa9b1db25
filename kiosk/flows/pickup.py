"""Pickup from the 24-hour lockers (24小时自助取件柜): the right door for the right person.

The citizen identifies by pickup code, the notification QR, or their identity (ID card or
login, held in the session). The platform says which order waits and whether the identity
matches; identity is verified before any door opens (DB31/T 862 §8.3.2): an order that needs
it and has no matching identity asks for the ID card, and a mismatch opens nothing. The door
opens through :class:`~kiosk.lockers.doors.Doors` (intent first, confirmed by status, one retry,
``markCollected`` through the outbox once); the screen says which door, and :meth:`watch_door`
follows it until it is shut, prompting if it is left open.

Five wrong codes within the window lock code entry on this terminal (it survives restarts)
and raise :class:`~kiosk.lockers.events.PickupCodeEntryLocked`. Blocking calls (platform, bus)
run on the screen's worker thread; the view follows :attr:`state` through :meth:`on_change`.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from kiosk.events import EventBus, ServiceCompleted
from kiosk.flows.printing import PrintJob
from kiosk.lockers.doors import Doors, Opened
from kiosk.lockers.events import PickupCodeEntryLocked, PickupIdentityMismatch
from kiosk.platform.errors import PlatformError, Rejected
from kiosk.result import Err, Ok, Result
from peripherals.scanner.interface import CodeScanner

CODE = re.compile(r"^[0-9]{6,8}$")
NOTICE = re.compile(r"^[\x21-\x7e]{4,512}$")  # what a notification QR may carry (printable ASCII)


class PickupPlatform(Protocol):
    def lookup_pickup(
        self, by: str, value: str, id_number: str | None = None
    ) -> Result[dict[str, Any], PlatformError]: ...


class PickupState(str, Enum):
    IDLE = "idle"  # choose code, QR or identity
    SCANNING = "scanning"  # waiting for the notification QR under the scanner
    LOOKING_UP = "looking_up"
    NEED_IDENTITY = "need_identity"  # the order needs the holder's ID card or login
    CHOOSE = "choose"  # several orders wait for this person
    OPENING = "opening"
    DOOR_OPEN = "door_open"  # "take your item from door A07, then close it"
    LEFT_OPEN = "left_open"  # the door has been open too long: please close it
    DONE = "done"
    NOT_FOUND = "not_found"  # wrong or used code, nothing waiting
    IDENTITY_MISMATCH = "identity_mismatch"
    CODE_LOCKED = "code_locked"
    DOOR_FAILED = "door_failed"  # call staff; the order is not marked collected
    UNAVAILABLE = "unavailable"  # platform unreachable or locker out of order


BUSY = frozenset({PickupState.SCANNING, PickupState.LOOKING_UP, PickupState.OPENING,
                  PickupState.DOOR_OPEN, PickupState.LEFT_OPEN})  # fmt: skip


def _one_at_a_time(method):
    """Input while a step runs or a door is open is ignored: a double tap never opens twice."""

    @functools.wraps(method)
    def guarded(self: PickupFlow, *args, **kwargs) -> PickupState:
        if self.state in BUSY or not self._busy.acquire(blocking=False):
            return self.state
        try:
            return method(self, *args, **kwargs)
        finally:
            self._busy.release()

    return guarded


@dataclass(frozen=True)
class PickupSettings:
    staff_phone: str = ""
    code_attempts: int = 5
    code_window_s: float = 900.0
    code_lockout_s: float = 900.0
    delivery_method: str = "24小时自助取件柜"
    progress_url: str = "https://zwfw.example.gov.cn/p/{order_id}"
    centre_name: str = ""


@dataclass(frozen=True)
class PickupOrder:
    order_id: str
    title: str
    size: str
    compartment: str | None
    service_event_id: str | None = None  # what the citizen may evaluate once it is collected

    @classmethod
    def from_platform(cls, body: Mapping[str, Any]) -> PickupOrder:
        return cls(body["order_id"], body["title"], body["size"], body.get("compartment"),
                   body.get("service_event_id"))


@dataclass
class Identity:
    """How the citizen identified, and the verified ID number if any (never stored)."""

    method: str  # code | qr | idcard | sscard | login
    id_number: str | None = field(default=None, repr=False)


class PickupFlow:
    def __init__(
        self,
        platform: PickupPlatform,
        doors: Doors,
        bus: EventBus,
        identity: Callable[[], Identity | None],
        settings: PickupSettings = PickupSettings(),
        say: Callable[..., None] | None = None,
    ) -> None:
        self._platform, self._doors, self._bus = platform, doors, bus
        self._identity = identity
        self.settings = settings
        self._say = say
        self.state = PickupState.IDLE
        self.message_key = "pickup.start"
        self.values: dict[str, object] = {}
        self.orders: list[PickupOrder] = []
        self.order: PickupOrder | None = None
        self.door_label = ""
        self._via: tuple[str, str] | None = None
        self._intent = None
        self._stop = threading.Event()
        self._busy = threading.Lock()
        self._scanner: CodeScanner | None = None
        self._listeners: list[Callable[[PickupFlow], None]] = []

    def on_change(self, listener: Callable[[PickupFlow], None]) -> None:
        self._listeners.append(listener)

    # --- identification ----------------------------------------------------------------------
    def start(self) -> PickupState:
        self.orders, self.order, self._via, self._intent = [], None, None, None
        self._stop.clear()
        if (left := self._doors.bank.code_entry_locked_for()) > 0:
            return self._set(PickupState.CODE_LOCKED, "pickup.code_locked",
                             minutes=max(1, round(left / 60)))  # fmt: skip
        return self._set(PickupState.IDLE, "pickup.start")

    @_one_at_a_time
    def enter_code(self, code: str) -> PickupState:
        bank = self._doors.bank
        if (left := bank.code_entry_locked_for()) > 0:
            return self._set(PickupState.CODE_LOCKED, "pickup.code_locked",
                             minutes=max(1, round(left / 60)))  # fmt: skip
        if not CODE.match(code):
            return self._wrong_code()
        return self._lookup("code", code)

    @_one_at_a_time
    def scan_qr(self, payload: str) -> PickupState:
        return self._lookup("qr", payload)

    @_one_at_a_time
    def scan_notice(self, scanner: CodeScanner, timeout_s: float = 30.0) -> PickupState:
        """Wait for the notification QR under ``scanner`` and look it up."""
        self._scanner = scanner
        self._set(PickupState.SCANNING, "pickup.scanning")
        result = scanner.scan(timeout_s)
        self._scanner = None
        match result:
            case Ok(value=None):
                return self._set(PickupState.IDLE, "pickup.start")
            case Ok(value=code):
                text = code.payload.decode("ascii", "replace")
                if not NOTICE.match(text):
                    return self._set(PickupState.NOT_FOUND, "pickup.not_a_notice")
                return self._lookup("qr", text)
            case Err():
                return self._set(PickupState.UNAVAILABLE, "pickup.scanner_unavailable")
        raise AssertionError("unreachable")

    @_one_at_a_time
    def use_identity(self) -> PickupState:
        """Look up orders by the identity already verified in this session."""
        return self._use_identity()

    def _use_identity(self) -> PickupState:
        identity = self._identity()
        if identity is None or not identity.id_number:
            return self._set(PickupState.NEED_IDENTITY, "pickup.need_identity")
        return self._lookup("identity", identity.id_number)

    @_one_at_a_time
    def identity_presented(self) -> PickupState:
        """The citizen has just identified (ID card, login): retry the waiting lookup."""
        if self._via is None:
            return self._use_identity()
        return self._lookup(*self._via)

    def _lookup(self, by: str, value: str) -> PickupState:
        self._via = (by, value)
        self._set(PickupState.LOOKING_UP, "pickup.looking_up")
        identity = self._identity()
        id_number = identity.id_number if identity else None
        match self._platform.lookup_pickup(by, value, id_number):
            case Err(error=Rejected(status=404)):
                return self._wrong_code() if by == "code" else self._not_found()
            case Err():
                return self._set(PickupState.UNAVAILABLE, "pickup.platform_unavailable")
            case Ok(value=body):
                pass
        if by == "code":
            self._doors.bank.code_succeeded()
        orders = [o for o in body["orders"] if o["state"] == "deposited" and o.get("compartment")]
        if not orders:
            return self._not_found()
        if any(o["identity_required"] and "identity_matches" not in o for o in orders):
            return self._set(PickupState.NEED_IDENTITY, "pickup.need_identity")
        matching = [o for o in orders if o.get("identity_matches", not o["identity_required"])]
        if not matching:
            for order in orders:
                self._bus.publish(PickupIdentityMismatch(order["order_id"]))
                self._doors.bank.audit(self._actor(by), "identity_mismatch", order["order_id"])
            return self._set(PickupState.IDENTITY_MISMATCH, "pickup.identity_mismatch")
        self.orders = [PickupOrder.from_platform(o) for o in matching]
        if len(self.orders) > 1:
            return self._set(PickupState.CHOOSE, "pickup.choose", count=len(self.orders))
        return self._choose(self.orders[0].order_id)

    def _wrong_code(self) -> PickupState:
        settings, bank = self.settings, self._doors.bank
        wrong = bank.code_failed(settings.code_window_s)
        if wrong >= settings.code_attempts:
            bank.lock_code_entry(settings.code_lockout_s)
            self._bus.publish(PickupCodeEntryLocked(settings.code_lockout_s))
            return self._set(PickupState.CODE_LOCKED, "pickup.code_locked",
                             minutes=max(1, round(settings.code_lockout_s / 60)))  # fmt: skip
        return self._set(PickupState.NOT_FOUND, "pickup.wrong_code",
                         left=settings.code_attempts - wrong)  # fmt: skip

    def _not_found(self) -> PickupState:
        return self._set(PickupState.NOT_FOUND, "pickup.not_found")

    def _actor(self, by: str | None = None) -> str:
        identity = self._identity()
        method = identity.method if identity and identity.id_number else by
        return f"citizen:{method or (self._via or ('unknown',))[0]}"

    # --- the door ----------------------------------------------------------------------------
    @_one_at_a_time
    def choose(self, order_id: str) -> PickupState:
        return self._choose(order_id)

    def _choose(self, order_id: str) -> PickupState:
        order = next((o for o in self.orders if o.order_id == order_id), None)
        if order is None:
            return self.state
        self.order = order
        bank = self._doors.bank
        compartment = bank.compartment(order.compartment or "")
        if compartment is None or compartment.order_id not in (None, order.order_id):
            # unknown here, or this kiosk put another order in it: open nothing, call staff
            bank.audit(self._actor(), "compartment_mismatch", order.order_id, order.compartment)
            return self._set(PickupState.DOOR_FAILED, "pickup.door_failed",
                             staff_phone=self.settings.staff_phone)  # fmt: skip
        if bank.ever_opened(order.order_id):  # single use, whatever the platform still says
            return self._not_found()
        self.door_label = compartment.label
        self._set(PickupState.OPENING, "pickup.opening", door=compartment.label)
        result = self._doors.open("pickup", order.order_id, compartment, self._actor())
        if result.outcome is not Opened.OPENED:
            return self._set(PickupState.DOOR_FAILED, "pickup.door_failed",
                             staff_phone=self.settings.staff_phone)  # fmt: skip
        self._intent = result.intent
        self._set(PickupState.DOOR_OPEN, "pickup.door_open", door=compartment.label)
        if self._say is not None:
            self._say("pickup.door_open", door=compartment.label)
        return self.state

    def watch_door(self) -> PickupState:
        """Block until the opened door reads shut (DONE) or :meth:`stop` is called."""
        if self._intent is None:
            return self.state

        def left_open(_open_s: float) -> None:
            self._set(PickupState.LEFT_OPEN, "pickup.left_open", door=self.door_label)
            if self._say is not None:
                self._say("pickup.left_open", door=self.door_label)

        if self._doors.watch(self._intent, self._stop, left_open):
            self._set(PickupState.DONE, "pickup.done", door=self.door_label)
            if self.order is not None and self.order.service_event_id:
                self._bus.publish(ServiceCompleted(self.order.service_event_id, "pickup"))
        return self.state

    def stop(self) -> None:
        """Stop waiting for a QR, and stop watching the door (it stays recorded as open)."""
        if (scanner := self._scanner) is not None:
            scanner.cancel()
        self._stop.set()

    def slip(self, recipient: str, now: datetime | None = None) -> PrintJob | None:
        """The 送达回执 for the collected order; ``recipient`` already masked (张*)."""
        if self.state is not PickupState.DONE or self.order is None:
            return None
        settings, order = self.settings, self.order
        stamp = (now or datetime.now()).strftime("%Y年%m月%d日 %H:%M")
        data = {
            "centre_name": settings.centre_name, "order_no": order.order_id,
            "item_name": order.title, "document_name": order.title, "recipient": recipient,
            "delivery_method": settings.delivery_method, "locker_door": self.door_label,
            "collected_at": stamp, "centre_phone": settings.staff_phone,
            "progress_url": settings.progress_url.format(order_id=order.order_id),
        }  # fmt: skip
        return PrintJob(f"pickup-{order.order_id}", "delivery_receipt", data,
                        data["progress_url"])  # fmt: skip

    def _set(self, state: PickupState, key: str, **values: object) -> PickupState:
        self.state, self.message_key, self.values = state, key, values
        for listener in list(self._listeners):
            listener(self)
        return state
