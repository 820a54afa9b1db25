"""Watches the card a citizen logged in with; its removal ends the session.

After a card login the reader is asked ``card_present()`` every ``interval_s`` (the ID-card
driver paces its polls to 300 ms anyway). When the card is gone, :class:`IdentityCardRemoved`
is published, on which the session ends itself; the watch stops at session end too. A reader
that fails to answer is asked again: only a card seen absent ends the session.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from kiosk.events import EventBus, IdentityCardRemoved, SessionEnded
from kiosk.result import Ok, Result


class CardReader(Protocol):
    device_id: str

    def card_present(self) -> Result[bool, Any]: ...


class CardWatch:
    def __init__(self, bus: EventBus, interval_s: float = 0.5) -> None:
        self._bus = bus
        self._interval_s = interval_s
        self._stop = threading.Event()
        bus.subscribe(SessionEnded, lambda _event: self.stop())

    def watch(self, reader: CardReader) -> None:
        """Start watching ``reader`` (replacing any earlier watch)."""
        self.stop()
        self._stop = threading.Event()
        threading.Thread(
            target=self._run, args=(reader, self._stop), name="card-watch", daemon=True
        ).start()

    def stop(self) -> None:
        """Stop watching; returns at once (a poll in flight finishes and is ignored)."""
        self._stop.set()

    def _run(self, reader: CardReader, stop: threading.Event) -> None:
        while not stop.wait(self._interval_s):
            gone = reader.card_present() == Ok(False)
            if gone and not stop.is_set():
                stop.set()
                self._bus.publish(IdentityCardRemoved(reader=reader.device_id))
                return
