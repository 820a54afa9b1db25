"""A small synchronous event bus so flows, peripherals and telemetry never import each other.

Events are plain dataclasses. Handlers run in the publisher's thread, in subscription order;
a view that must touch the UI hands the event over to its own main loop. A handler that raises
is logged and does not stop the others (a buggy listener must not take a device down).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")
Handler = Callable[[Any], None]


class EventBus:
    """Publish events by type; subscribe to a type or to every event (``object``)."""

    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)
        self._lock = threading.Lock()

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> Callable[[], None]:
        """Call ``handler`` for each event of ``event_type`` (or a subclass); returns an unsubscriber."""
        with self._lock:
            self._handlers[event_type].append(handler)

        def unsubscribe() -> None:
            with self._lock:
                if handler in self._handlers[event_type]:
                    self._handlers[event_type].remove(handler)

        return unsubscribe

    def publish(self, event: object) -> None:
        with self._lock:
            handlers = [
                h for t in type(event).__mro__ for h in self._handlers.get(t, ())
            ]
        for handler in handlers:
            try:
                handler(event)
            except Exception:  # noqa: BLE001 - one bad listener must not stop the rest
                log.exception("event handler failed", extra={"event": type(event).__name__})


@dataclass(frozen=True)
class SessionStarted:
    session_id: str


@dataclass(frozen=True)
class IdleWarning:
    """The citizen has been idle; the session ends in ``seconds_left`` unless they continue."""

    seconds_left: int


@dataclass(frozen=True)
class IdleWarningCleared:
    pass


@dataclass(frozen=True)
class SessionEnded:
    session_id: str
    reason: str  # "finished" | "idle" | "card_removed"


@dataclass(frozen=True)
class LanguageChanged:
    language: str


@dataclass(frozen=True)
class JourneysReady:
    """The journeys' flows are built (after the first frame); their screens can be shown."""


@dataclass(frozen=True)
class PreferencesChanged:
    """The citizen's display or speech settings changed (or were reset at session end)."""

    preferences: object  # kiosk.session.Preferences


@dataclass(frozen=True)
class IdentityCardRemoved:
    """A reader reports that the card the citizen logged in with has left the reader."""

    reader: str


@dataclass(frozen=True)
class ServiceCompleted:
    """A journey finished a service the citizen may evaluate (好差评, one per service event)."""

    service_event_id: str
    kind: str  # submission | pickup | booking | …
