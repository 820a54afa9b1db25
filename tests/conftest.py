"""Shared fixtures. Kivy allows one window per process, so the app fixture is session-wide."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import screens  # noqa: F401  (sets Kivy's environment before any test imports Kivy)

from kiosk.config import DEMO_CONFIG, KioskConfig, parse_config
from tests.fakes.speaker import RecordingSpeaker

TEST_SCREEN = {"width_px": 1280, "height_px": 720}

# Every test run keeps its data and logs (outbox, catalogue store, keys) to itself, so runs
# side by side never deliver each other's submissions. The font cache stays shared.
_RUN_HOME = tempfile.mkdtemp(prefix="govkiosk-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(_RUN_HOME, "data")
os.environ["XDG_STATE_HOME"] = os.path.join(_RUN_HOME, "state")

# Kivy opens its window on the first import of kivy.core.window, which a test module may do
# while being collected: fix the window before any of them is imported.
os.environ["SDL_VIDEODRIVER"] = "offscreen"
from kivy.config import Config  # noqa: E402

Config.set("graphics", "width", str(TEST_SCREEN["width_px"]))
Config.set("graphics", "height", str(TEST_SCREEN["height_px"]))


def demo_config(**overrides: dict) -> KioskConfig:
    """The bundled demo configuration with some sections replaced."""
    import tomllib

    raw = tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))
    for section, values in overrides.items():
        raw.setdefault(section, {}).update(values)
    import tomli_w

    return parse_config(tomli_w.dumps(raw))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class KivyHarness:
    app: object
    core: object
    clock: FakeClock
    shots: Path
    speaker: RecordingSpeaker

    def pump(self, frames: int = 3) -> None:
        """Run ``frames`` iterations of Kivy's event loop (clock, input, drawing)."""
        from kivy.base import EventLoop

        for _ in range(frames):
            EventLoop.idle()

    def tap(self, widget) -> None:
        from kivy.uix.scrollview import ScrollView

        from screens.walkthrough import tap

        tap(widget)
        self.pump()
        node = widget.parent
        while node is not None and node is not node.parent:
            if isinstance(node, ScrollView):  # it tells a tap from a swipe 0.2 s after release
                self.pump_for(0.3)
                break
            node = node.parent

    def pump_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.pump(1)
            time.sleep(0.01)

    def screenshot(self, name: str) -> Path:
        from screens.walkthrough import save_screenshot

        self.pump()
        return save_screenshot(self.shots / f"{name}.png")

    def press(self, key: int, codepoint: str = "") -> None:
        """A key from the keypad, through the window's key event."""
        from kivy.core.window import Window

        Window.dispatch("on_key_down", key, 0, codepoint, [])
        Window.dispatch("on_key_up", key, 0)
        self.pump()

    def reset(self) -> None:
        self.core.session.end("finished")
        self.core.navigator.go_home()
        self.pump()
        self.speaker.said.clear()


@pytest.fixture(scope="session")
def kivy_harness(tmp_path_factory) -> KivyHarness:
    """The real kiosk app, headless (SDL offscreen, software GL), driven frame by frame."""
    from kivy.base import EventLoop

    from kiosk.app import build_core
    from kiosk.fonts import find_cjk_font
    from screens.app import KioskApp, use_cjk_font

    config = demo_config(screen={**TEST_SCREEN, "width_mm": 317.0, "height_mm": 178.0},
                         # its own outbox and platform store, not the user's nor another run's
                         paths={"data_dir": str(tmp_path_factory.mktemp("kiosk-data"))})
    clock = FakeClock()
    speaker = RecordingSpeaker()
    core = build_core(config, demo=True, clock=clock, speaker=speaker)
    core.load_journeys()  # what `kiosk run` does in the background after the first frame
    use_cjk_font(find_cjk_font(config.cache_dir))
    app = KioskApp(core)
    EventLoop.ensure_window()
    app._run_prepare()  # what App.run() does before entering the main loop
    harness = KivyHarness(app, core, clock, tmp_path_factory.mktemp("screens"), speaker)
    harness.pump(5)
    yield harness
    app.stop()


@pytest.fixture
def kiosk(kivy_harness) -> KivyHarness:
    """The app at the home screen with no session, reset after the test."""
    kivy_harness.reset()
    yield kivy_harness
    kivy_harness.reset()
