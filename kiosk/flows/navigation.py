"""Which screen is shown: the home screen and the journeys reachable from it.

The view's screen manager follows :attr:`Navigator.current`; flows and tests move it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from kiosk.events import EventBus, SessionEnded

HOME = "home"
PANELS = ("accessibility",)  # screens reachable from the header on every screen


@dataclass(frozen=True)
class Journey:
    """A tile on the home screen: its screen name, message key stem and whether it is built."""

    name: str
    built: bool = False

    @property
    def title_key(self) -> str:
        return f"journey.{self.name}.title"

    @property
    def subtitle_key(self) -> str:
        return f"journey.{self.name}.subtitle"


JOURNEYS: tuple[Journey, ...] = (
    Journey("guide", built=True),
    Journey("forms", built=True),
    Journey("qr_login", built=True),
    Journey("pickup", built=True),
    Journey("booking", built=True),
    Journey("evaluation", built=True),
)


class Navigator:
    """The current screen; listeners are told of every change."""

    def __init__(self, bus: EventBus, journeys: tuple[Journey, ...] = JOURNEYS) -> None:
        self.journeys = {j.name: j for j in journeys}
        self.current = HOME
        self._listeners: list[Callable[[str], None]] = []
        bus.subscribe(SessionEnded, lambda _event: self.go_home())

    def on_change(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def open(self, name: str) -> None:
        if name != HOME and name not in PANELS and name not in self.journeys:
            raise KeyError(f"no screen named {name!r}")
        self.current = name
        for listener in self._listeners:
            listener(name)

    def go_home(self) -> None:
        self.open(HOME)
