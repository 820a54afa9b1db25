"""Deposit (staff): log in, pick an order, put it in a free compartment of the right size.

The kiosk chooses the compartment (the smallest free one that fits, never one out of service
or held for a check), opens it through :class:`~kiosk.lockers.doors.Doors`, waits for the door
to read shut, then tells the platform, which notifies the citizen with a pickup code. The
staff token lives in this object only and is dropped by :meth:`logout`.

``depositOrder`` needs the staff token, so it is sent directly (idempotency key per intent,
retried by the client) rather than through the outbox, which holds no session secrets; if the
platform cannot be reached the compartment still holds the order and staff can retry.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from enum import Enum
from typing import Any, Protocol

from kiosk.events import EventBus
from kiosk.flows.pickup import PickupOrder
from kiosk.lockers.doors import Doors, Opened
from kiosk.platform.errors import PlatformError, Rejected
from kiosk.result import Err, Ok, Result


class StaffPlatform(Protocol):
    def staff_login(self, staff_no: str, pin: str) -> Result[dict[str, Any], PlatformError]: ...

    def deposits(self, staff_token: str) -> Result[dict[str, Any], PlatformError]: ...

    def deposit(self, order_id: str, compartment: str, staff_token: str,
                idempotency_key: str) -> Result[dict[str, Any], PlatformError]: ...  # fmt: skip


class DepositState(str, Enum):
    LOGIN = "login"
    WRONG_PIN = "wrong_pin"
    ORDERS = "orders"  # orders waiting to be deposited
    OPENING = "opening"
    DOOR_OPEN = "door_open"
    DONE = "done"  # deposited and confirmed; the citizen is notified
    NOT_CONFIRMED = "not_confirmed"  # in the compartment, platform not told yet: retry
    NO_SPACE = "no_space"
    DOOR_FAILED = "door_failed"
    UNAVAILABLE = "unavailable"


class DepositFlow:
    def __init__(self, platform: StaffPlatform, doors: Doors, bus: EventBus) -> None:
        self._platform, self._doors, self._bus = platform, doors, bus
        self.state = DepositState.LOGIN
        self.message_key = "deposit.login"
        self.values: dict[str, object] = {}
        self.orders: list[PickupOrder] = []
        self.door_label = ""
        self._token: str | None = None
        self._staff_no = ""
        self._intent = None
        self._stop = threading.Event()
        self._busy = threading.Lock()
        self._listeners: list[Callable[[DepositFlow], None]] = []

    def on_change(self, listener: Callable[[DepositFlow], None]) -> None:
        self._listeners.append(listener)

    def login(self, staff_no: str, pin: str) -> DepositState:
        match self._platform.staff_login(staff_no, pin):
            case Ok(value=body):
                self._token, self._staff_no = body["staff_token"], body["staff_no"]
                return self.refresh()
            case Err(error=Rejected(status=422 | 400)):
                return self._set(DepositState.WRONG_PIN, "deposit.wrong_pin")
            case Err():
                return self._set(DepositState.UNAVAILABLE, "deposit.unavailable")
        raise AssertionError("unreachable")

    def logout(self) -> None:
        self._token, self._staff_no, self.orders = None, "", []
        self._stop.set()
        self._set(DepositState.LOGIN, "deposit.login")

    def refresh(self) -> DepositState:
        if self._token is None:
            return self._set(DepositState.LOGIN, "deposit.login")
        match self._platform.deposits(self._token):
            case Ok(value=body):
                self.orders = [PickupOrder.from_platform(o) for o in body["orders"]]
                return self._set(DepositState.ORDERS, "deposit.orders", count=len(self.orders))
            case Err():
                return self._set(DepositState.UNAVAILABLE, "deposit.unavailable")
        raise AssertionError("unreachable")

    def deposit(self, order_id: str) -> DepositState:
        """Open a free compartment for ``order_id``; ignored while another door is open."""
        if self.state in (DepositState.OPENING, DepositState.DOOR_OPEN):
            return self.state
        if not self._busy.acquire(blocking=False):
            return self.state
        try:
            return self._deposit(order_id)
        finally:
            self._busy.release()

    def _deposit(self, order_id: str) -> DepositState:
        order = next((o for o in self.orders if o.order_id == order_id), None)
        if order is None or self._token is None:
            return self.state
        compartment = self._doors.bank.free_compartment(order.size)
        if compartment is None:
            return self._set(DepositState.NO_SPACE, "deposit.no_space", size=order.size)
        self.door_label = compartment.label
        self._set(DepositState.OPENING, "deposit.opening", door=compartment.label)
        result = self._doors.open("deposit", order.order_id, compartment, f"staff:{self._staff_no}")
        if result.outcome is not Opened.OPENED:
            return self._set(DepositState.DOOR_FAILED, "deposit.door_failed",
                             door=compartment.label, reason=result.outcome.value)  # fmt: skip
        self._intent = result.intent
        self._stop.clear()
        return self._set(DepositState.DOOR_OPEN, "deposit.door_open", door=compartment.label)

    def watch_door(self) -> DepositState:
        """Block until the door reads shut, then confirm the deposit to the platform."""
        if self._intent is None or not self._doors.watch(self._intent, self._stop):
            return self.state
        return self.confirm()

    def confirm(self) -> DepositState:
        """Tell the platform (again, after a failure: same idempotency key)."""
        intent = self._intent
        if intent is None or self._token is None:
            return self.state
        key = f"deposit-{intent.order_id}-{intent.id}"
        match self._platform.deposit(intent.order_id, intent.compartment, self._token, key):
            case Ok():
                self._doors.bank.audit(intent.actor, "deposit_confirmed", intent.order_id,
                                       intent.compartment)  # fmt: skip
                self.orders = [o for o in self.orders if o.order_id != intent.order_id]
                self._intent = None
                return self._set(DepositState.DONE, "deposit.done", door=self.door_label)
            case Err():
                return self._set(DepositState.NOT_CONFIRMED, "deposit.not_confirmed",
                                 door=self.door_label)  # fmt: skip
        raise AssertionError("unreachable")

    def _set(self, state: DepositState, key: str, **values: object) -> DepositState:
        self.state, self.message_key, self.values = state, key, values
        for listener in list(self._listeners):
            listener(self)
        return state
