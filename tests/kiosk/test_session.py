"""The citizen session without any UI: start, idle warning, timeout, finish, card removal."""

from __future__ import annotations

import pytest

from kiosk.events import (
    EventBus,
    IdentityCardRemoved,
    IdleWarning,
    IdleWarningCleared,
    LanguageChanged,
    SessionEnded,
    SessionStarted,
)
from kiosk.session import Preferences, Session, SessionState
from tests.conftest import FakeClock


@pytest.fixture
def world():
    bus, clock, seen = EventBus(), FakeClock(), []
    bus.subscribe(object, seen.append)
    session = Session(bus, Preferences(), idle_s=120, warning_s=30, clock=clock)
    return session, clock, seen


def test_first_touch_starts_a_session(world):
    session, _clock, seen = world
    assert session.state is SessionState.IDLE
    session.touch()
    assert session.state is SessionState.ACTIVE
    assert isinstance(seen[0], SessionStarted) and seen[0].session_id == session.id


def test_idle_warning_counts_down_and_session_ends_at_the_limit(world):
    session, clock, seen = world
    session.touch()
    session.personal.set("name", "李四")

    clock.advance(119)
    session.tick()
    assert session.state is SessionState.ACTIVE

    clock.advance(1)
    session.tick()
    assert session.state is SessionState.WARNING
    assert seen[-1] == IdleWarning(seconds_left=30)

    clock.advance(10)
    session.tick()
    assert seen[-1] == IdleWarning(seconds_left=20)

    clock.advance(20)
    session.tick()
    assert session.state is SessionState.IDLE
    assert isinstance(seen[-1], SessionEnded) and seen[-1].reason == "idle"
    assert session.personal.get("name") is None and not session.personal


def test_touch_during_the_warning_clears_it(world):
    session, clock, seen = world
    session.touch()
    clock.advance(125)
    session.tick()
    session.touch()
    assert session.state is SessionState.ACTIVE
    assert isinstance(seen[-1], IdleWarningCleared)
    clock.advance(119)
    session.tick()
    assert session.state is SessionState.ACTIVE


def test_finish_wipes_personal_data_and_resets_settings(world):
    session, _clock, seen = world
    session.touch()
    session.set_preferences(language="en", text_size=4, contrast="high_dark")
    session.personal.set("id_number", "11010519491231002X")
    session.personal.source = "idcard"

    session.finish()

    assert session.preferences == Preferences()
    assert session.personal.get("id_number") is None and session.personal.source is None
    assert LanguageChanged("zh_CN") in seen
    assert seen[-1].reason == "finished"


def test_extended_time_triples_the_timeouts(world):
    session, clock, _seen = world
    session.touch()
    session.set_preferences(extended_time=True)
    clock.advance(359)
    session.tick()
    assert session.state is SessionState.ACTIVE
    clock.advance(1 + 89)
    session.tick()
    assert session.state is SessionState.WARNING
    clock.advance(1)
    session.tick()
    assert session.state is SessionState.IDLE


@pytest.mark.parametrize(("source", "ends"), [("idcard", True), ("sscard", True), ("qr", False)])
def test_removing_the_login_card_ends_only_a_card_session(world, source, ends):
    session, _clock, seen = world
    session.touch()
    session.personal.set("name", "王五")
    session.personal.source = source

    session._bus.publish(IdentityCardRemoved(reader="r1"))

    assert (session.state is SessionState.IDLE) is ends
    ended = [e for e in seen if isinstance(e, SessionEnded)]
    assert [e.reason for e in ended] == (["card_removed"] if ends else [])


def test_ending_an_idle_kiosk_does_nothing(world):
    session, _clock, seen = world
    session.end("idle")
    assert seen == []
