"""What the booking, queue, evaluation and complaint flows share: who the citizen is, state
change notification, delivery through the outbox with an honest outcome, and local time.

The logged-in citizen comes from the session's :class:`~kiosk.session.PersonalData`
(fields ``citizen_token``, ``citizen_ref``, ``name``, put there by the login journeys). A citizen
identified by card only (``id_number`` + ``name``, source ``idcard``/``sscard``) is verified
with the platform on first need and the token kept in the session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, Generic, Protocol, TypeVar
from zoneinfo import ZoneInfo

from kiosk.platform.errors import InvalidResponse, Offline, PlatformError, Rejected, ServerError
from kiosk.result import Err, Ok, Result
from kiosk.session import Session

LOCAL_TZ = ZoneInfo("Asia/Shanghai")
"""Times on screen and paper are China Standard Time; inside they are UTC."""

S = TypeVar("S", bound=Enum)


@dataclass(frozen=True)
class Citizen:
    token: str = field(repr=False)
    ref: str | None = field(default=None, repr=False)
    name: str = field(default="", repr=False)


class IdentityPlatform(Protocol):
    def verify_identity(self, source: str, id_number: str,
                        name: str) -> Result[dict[str, Any], PlatformError]: ...


_CARD_SOURCES = {"idcard": "id_card", "sscard": "social_security_card"}


def citizen_of(session: Session, platform: IdentityPlatform) -> Citizen | None:
    """The logged-in citizen, or None. A card read but not yet verified is verified now."""
    personal = session.personal
    token = personal.get("citizen_token")
    id_number, name = personal.get("id_number"), personal.get("name")
    if not token and id_number and name and personal.source in _CARD_SOURCES:
        match platform.verify_identity(_CARD_SOURCES[personal.source], id_number, name):
            case Ok(value=login):
                token = login["citizen_token"]
                personal.set("citizen_token", token)
                personal.set("citizen_ref", login["citizen"]["citizen_ref"])
            case Err():
                return None
    if not token:
        return None
    return Citizen(token, personal.get("citizen_ref"), name or "")


def is_offline(error: PlatformError) -> bool:
    """The platform could not be reached or failed: nothing was decided there."""
    return isinstance(error, (Offline, ServerError, InvalidResponse)) or (
        isinstance(error, Rejected) and error.status in (401, 403, 408, 429))


class Observed(Generic[S]):
    """A flow's ``state``, ``message_key`` and ``values`` (for the message), with listeners."""

    state: S
    message_key: str = ""

    def __init__(self, initial: S) -> None:
        self.state = initial
        self.values: dict[str, object] = {}
        self._listeners: list[Callable[[Any], None]] = []

    def on_change(self, listener: Callable[[Any], None]) -> None:
        self._listeners.append(listener)

    def _set(self, state: S, message_key: str = "", **values: object) -> S:
        self.state, self.message_key, self.values = state, message_key, values
        for listener in list(self._listeners):
            listener(self)
        return state


class Delivery(str, Enum):
    DELIVERED = "delivered"  # the platform answered: ``result`` holds its answer
    REFUSED = "refused"  # the platform refused it for good: ``error`` is its code
    QUEUED = "queued"  # kept on this kiosk, sent as soon as the platform can be reached


@dataclass(frozen=True)
class Outcome:
    delivery: Delivery
    result: dict[str, Any] | None = None
    error: str = ""


class Queue(Protocol):
    """The part of :class:`offline_cache.outbox.Outbox` the flows use."""

    def enqueue(self, operation: str, request: dict[str, Any],
                path_params: dict[str, str] | None = None) -> Any: ...

    def wait_until_final(self, seq: int, timeout_s: float) -> Any: ...

    def entries(self, state: Any = None) -> list[Any]: ...


def send(outbox: Queue, operation: str, request: dict[str, Any], wait_s: float) -> Outcome:
    """Commit ``request`` to the outbox, then wait up to ``wait_s`` for the platform's answer;
    a first delivery attempt that failed means the platform is out of reach: queued."""
    entry = outbox.enqueue(operation, request)
    deadline = time.monotonic() + wait_s
    while True:
        final = outbox.wait_until_final(entry.seq, 0.1)
        state = getattr(final.state, "value", final.state) if final else "pending"
        if state == "delivered":
            return Outcome(Delivery.DELIVERED, final.result)
        if state == "parked":
            return Outcome(Delivery.REFUSED, error=(final.last_error or "").partition(" ")[2])
        if final is None or final.attempts > 0 or time.monotonic() > deadline:
            return Outcome(Delivery.QUEUED)


def local_time(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def countdown(until: datetime, now: datetime) -> tuple[int, int, int]:
    """Days, hours and minutes left until ``until`` (zeros once it has passed)."""
    left = max(until - now, timedelta(0))
    minutes = int(left.total_seconds() // 60)
    return minutes // 1440, minutes % 1440 // 60, minutes % 60


class PhoneEntry:
    """A mobile number typed on the on-screen digit pad, for a reply (optional)."""

    LENGTH = 11

    def __init__(self) -> None:
        self.digits = ""

    def press(self, key: str) -> None:
        if key == "back":
            self.digits = self.digits[:-1]
        elif key == "clear":
            self.digits = ""
        elif key.isdigit() and len(self.digits) < self.LENGTH:
            self.digits += key

    @property
    def valid(self) -> bool:
        """Empty (no reply wanted) or a complete mainland mobile number."""
        return not self.digits or (len(self.digits) == self.LENGTH and self.digits[0] == "1")
