"""Driving the booking and evaluation screens against the in-process reference platform."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import requests
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.label import Label

from platform_sim.store import id_check_digit


def wait_until(kiosk, predicate: Callable[[], bool], timeout_s: float = 30.0) -> None:
    """Pump frames until ``predicate`` holds (the flows answer on worker threads)."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, "the screen did not get there in time"
        kiosk.pump(1)
        time.sleep(0.01)
    kiosk.pump()


def texts(widget) -> list[str]:
    """Every text shown inside ``widget``, top to bottom as laid out."""
    return [w.text for w in widget.walk(restrict=True) if isinstance(w, Label) and w.text]


def buttons(widget) -> list:
    return [w for w in widget.walk(restrict=True)
            if isinstance(w, ButtonBehavior) and w.opacity > 0]


def button(widget, text: str):
    """The one button whose text contains ``text``."""
    [found] = [b for b in buttons(widget) if text in getattr(b, "text", "")]
    return found


def tap_in_view(kiosk, find: Callable[[], object], done: Callable[[], bool] | None = None) -> None:
    """Scroll the widget ``find()`` returns into view as the citizen would, tap it once the
    layout has settled, and wait until the tap is over (a scrolling area releases a short touch
    to its content 0.2 s later) and ``done`` holds. The widget is looked up again before the
    tap: a screen that re-renders replaces its buttons."""
    from screens.focus import scroll_into_view, visible_rect, window_rect

    widget = find()
    if visible_rect(widget) != window_rect(widget):
        scroll_into_view(widget, 0)
    last, settled = None, 0
    for _ in range(30):  # texture sizes, grid and scroll view take a few frames to settle
        kiosk.pump(1)
        now = window_rect(widget)
        settled = settled + 1 if now == last else 0
        last = now
        if settled == 2:
            break
    widget = find()
    kiosk.tap(widget)
    wait_until(kiosk, lambda: widget.state == "normal" and (done is None or done()))


def control(kiosk, what: str, **body: object) -> dict:
    """The reference platform's loopback control surface (``/_sim/faults``, ``/_sim/clock``)."""
    url = f"{kiosk.core.platform.client.base_url}/_sim/{what}"
    reply = requests.post(url, json=body, timeout=5)
    reply.raise_for_status()
    return reply.json()


def new_citizen(kiosk, name: str = "测试市民") -> dict:
    """A citizen new to the platform (its store outlives test runs): their login."""
    first17 = f"1101011970{random.randrange(10**7):07d}"
    return kiosk.core.platform.client.verify_identity(
        "id_card", first17 + id_check_digit(first17), name).value


def log_in(kiosk) -> dict:
    """A new citizen logs in at the kiosk."""
    login = new_citizen(kiosk)
    session = kiosk.core.session
    session.touch()
    session.personal.source = "qr"
    session.personal.set("citizen_token", login["citizen_token"])
    session.personal.set("citizen_ref", login["citizen"]["citizen_ref"])
    session.personal.set("name", login["citizen"]["name"])
    return login
