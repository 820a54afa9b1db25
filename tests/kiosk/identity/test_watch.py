"""The card watch: removal ends the session once; a stopped watch never reports."""

from __future__ import annotations

import time

from kiosk.events import EventBus, IdentityCardRemoved, SessionEnded
from kiosk.identity.watch import CardWatch
from kiosk.result import Err
from tests.fakes.identity import FakeIdCardReader, failed


def test_removal_is_reported_once_and_reader_errors_are_not_removals():
    bus, seen = EventBus(), []
    bus.subscribe(IdentityCardRemoved, seen.append)
    reader = FakeIdCardReader("idcard")
    reader.card_present = lambda: Err(failed("idcard", "no_reply"))  # silent reader
    watch = CardWatch(bus, interval_s=0.02)
    watch.watch(reader)
    time.sleep(0.15)
    assert seen == []
    reader.card_present = FakeIdCardReader("idcard", present=False).card_present
    time.sleep(0.15)
    assert seen == [IdentityCardRemoved("idcard")]


def test_the_watch_stops_at_session_end():
    bus, seen = EventBus(), []
    bus.subscribe(IdentityCardRemoved, seen.append)
    reader = FakeIdCardReader("idcard")
    CardWatch(bus, interval_s=0.02).watch(reader)
    bus.publish(SessionEnded("s1", "finished"))
    reader.present = False
    time.sleep(0.15)
    assert seen == []
