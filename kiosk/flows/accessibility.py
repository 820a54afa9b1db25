"""The accessibility panel as a plain-Python flow: each action changes one of the citizen's
settings within its allowed range and says what it did (when voice guidance is on).

Settings live in the session's preferences, so they return to the terminal's defaults when the
session ends.
"""

from __future__ import annotations

from kiosk.accessibility import ELDERLY_TEXT_SIZE, TEXT_CAP_MM
from kiosk.session import Session
from kiosk.speech.reader import ScreenReader
from kiosk.speech.speaker import RATES, VOLUME_STEPS_DB

CONTRASTS = ("default", "high_light", "high_dark")
SWITCHES = ("voice", "headset", "low_position", "extended_time", "elderly")


class AccessibilityPanel:
    def __init__(self, session: Session, reader: ScreenReader) -> None:
        self._session = session
        self._reader = reader

    @property
    def preferences(self):
        return self._session.preferences

    def set_text_size(self, level: int) -> None:
        if level not in TEXT_CAP_MM:
            raise ValueError(f"text size must be one of {sorted(TEXT_CAP_MM)}")
        self._session.set_preferences(text_size=level)
        self._reader.say_keys("accessibility.text_size.label", f"accessibility.text_size.{level}")

    def set_contrast(self, mode: str) -> None:
        if mode not in CONTRASTS:
            raise ValueError(f"contrast must be one of {CONTRASTS}")
        self._session.set_preferences(contrast=mode)
        self._reader.say_keys("accessibility.contrast.label", f"accessibility.contrast.{mode}")

    def toggle(self, switch: str) -> None:
        """Turn voice, headset, low position, extended time or elderly mode on or off."""
        if switch not in SWITCHES:
            raise ValueError(f"no switch {switch!r}")
        on = not getattr(self.preferences, switch)
        changes: dict[str, object] = {switch: on}
        if switch == "elderly" and on:
            changes["text_size"] = max(self.preferences.text_size, ELDERLY_TEXT_SIZE)
        self._session.set_preferences(**changes)
        state = "on" if on else "off"
        if switch == "voice" and not on:
            self._reader.stop()
        self._reader.say_key(f"accessibility.{switch}.{state}")

    def change_rate(self, steps: int) -> None:
        """Slower (negative) or faster (positive), by 0.25× steps within 0.5×–2×."""
        index = RATES.index(self.preferences.speech_rate) + steps
        rate = RATES[min(max(index, 0), len(RATES) - 1)]
        self._session.set_preferences(speech_rate=rate)
        self._reader.say_key("accessibility.rate.now", rate=f"{rate:g}")

    def change_volume(self, steps: int) -> None:
        step = min(max(self.preferences.volume_step + steps, 0), len(VOLUME_STEPS_DB) - 1)
        self._session.set_preferences(volume_step=step)
        self._reader.say_key("accessibility.volume.now", step=step + 1, steps=len(VOLUME_STEPS_DB))
