"""Start the Kivy app: window settings must be fixed before Kivy creates the window."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.app import KioskCore
from kiosk.fonts import CjkFont


def run_kiosk(core: KioskCore, font: CjkFont, headless: bool, screenshot_dir: Path | None) -> bool:
    """Open the kiosk window (full screen with a display) and run until it is closed.

    Headless, the app walks through the main screens, saves a screenshot of each into
    ``screenshot_dir`` and stops.
    """
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
    from kivy.config import Config

    Config.set("graphics", "fullscreen", "0" if headless else "auto")
    Config.set("graphics", "width", str(core.config.screen.width_px))
    Config.set("graphics", "height", str(core.config.screen.height_px))
    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")

    from screens.app import KioskApp, use_cjk_font

    use_cjk_font(font)
    app = KioskApp(core)
    if headless and screenshot_dir is not None:
        from screens.walkthrough import Walkthrough

        Walkthrough(app, screenshot_dir).start()
    app.run()
    return app.restart_requested
