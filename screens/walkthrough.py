"""Headless demo: tap through the main screens like a citizen would and screenshot each."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from kivy.uix.widget import Widget

log = logging.getLogger(__name__)
SETTLE_S = 0.6  # lets screen transitions and text layout finish before a screenshot


def tap(widget: Widget) -> None:
    """A real touch (down and up) at the centre of ``widget``, through Kivy's input pipeline."""
    x, y = widget.to_window(*widget.center)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()


def save_screenshot(path: Path) -> Path:
    """Save what the window shows now as ``path`` (Kivy numbers its files; we rename)."""
    written = Path(Window.screenshot(name=str(path)))
    written.replace(path)
    return path


class Walkthrough:
    """Visits home, every journey, the accessibility panel and the English home screen."""

    def __init__(self, app, folder: Path) -> None:
        self.app = app
        self.folder = folder
        self.saved: list[Path] = []
        self._steps: list[tuple[Callable[[], None], str]] = []

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.app.bind(on_start=lambda _app: Clock.schedule_once(self._wait_until_ready, 0))

    def _wait_until_ready(self, _dt: float) -> None:
        """Start once the journeys are loaded (in the background after the first frame)."""
        if self.app.core.journeys_ready.is_set():
            Clock.schedule_once(lambda _dt: self._plan(), SETTLE_S)
        else:
            Clock.schedule_once(self._wait_until_ready, 0.1)

    def _plan(self) -> None:
        root = self.app.root
        home = self.app.manager.get_screen("home")
        journeys = list(self.app.core.navigator.journeys)
        steps: list[tuple[Callable[[], None], str]] = [(lambda: None, "home-zh")]
        for journey in journeys:
            steps.append((lambda j=journey: tap(home.tile(j)), f"{journey}-zh"))
            steps.append((lambda: tap(root.ids.home_button), ""))
        steps.append((lambda: tap(root.ids.accessibility_button), "accessibility-zh"))
        steps.append((lambda: tap(root.ids.home_button), ""))
        steps.append((lambda: tap(root.ids.language_button), "home-en"))
        steps.append((lambda: tap(home.tile(journeys[0])), f"{journeys[0]}-en"))
        steps.append((lambda: tap(root.ids.finish_button), ""))
        self._steps = steps
        Clock.schedule_once(self._next, SETTLE_S)

    def _next(self, _dt: float) -> None:
        if not self._steps:
            log.info("walkthrough done", extra={"screenshots": len(self.saved)})
            self.app.stop()
            return
        action, name = self._steps.pop(0)
        action()
        Clock.schedule_once(lambda _dt: self._shoot(name), SETTLE_S)

    def _shoot(self, name: str) -> None:
        if name:
            self.saved.append(save_screenshot(self.folder / f"{len(self.saved) + 1:02d}-{name}.png"))
        # Next frame: Kivy times the settle delay from the start of this frame, and saving a
        # screenshot can take longer than that delay.
        Clock.schedule_once(self._next, 0)
