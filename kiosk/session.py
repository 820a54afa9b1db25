"""The citizen session: who is at the kiosk, their settings, and when they are gone.

A session starts at the first touch and ends on "finish", on idle timeout (after a warning with a
countdown) or when the identity card it logged in with is removed. Ending it wipes the personal
data, resets language and accessibility to the terminal's defaults and publishes
:class:`~kiosk.events.SessionEnded`; the views go home on that event.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from enum import Enum
from typing import Callable

from kiosk.events import (
    EventBus,
    IdentityCardRemoved,
    IdleWarning,
    IdleWarningCleared,
    LanguageChanged,
    PreferencesChanged,
    SessionEnded,
    SessionStarted,
)
from kiosk.logs import REDACTOR


@dataclass(frozen=True)
class Preferences:
    """Per-citizen display settings, reset to the terminal's defaults when a session ends."""

    language: str = "zh_CN"
    text_size: int = 2
    contrast: str = "default"
    voice: bool = False
    speech_rate: float = 1.0
    volume_step: int = 5
    headset: bool = False
    low_position: bool = False
    extended_time: bool = False
    elderly: bool = False

    @property
    def timeout_factor(self) -> int:
        return 3 if self.extended_time or self.elderly else 1


class PersonalData:
    """Personal fields of the citizen (name, ID number, phone …), held in memory only.

    Every value is registered with the log redactor while held, so it cannot reach a log line.
    """

    def __init__(self) -> None:
        self._fields: dict[str, str] = {}
        self.source: str | None = None  # "idcard" | "sscard" | "qr" once identified

    def set(self, field: str, value: str) -> None:
        self._fields[field] = value
        REDACTOR.register(value)

    def get(self, field: str) -> str | None:
        return self._fields.get(field)

    def __bool__(self) -> bool:
        return bool(self._fields)

    def wipe(self) -> None:
        REDACTOR.forget(*self._fields.values())
        self._fields.clear()
        self.source = None


class SessionState(Enum):
    IDLE = "idle"  # nobody at the kiosk
    ACTIVE = "active"
    WARNING = "warning"  # idle warning with countdown on screen


class Session:
    """Tracks one citizen's visit; call :meth:`tick` about once a second."""

    def __init__(
        self,
        bus: EventBus,
        defaults: Preferences,
        idle_s: int,
        warning_s: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bus = bus
        self._defaults = defaults
        self._idle_s = idle_s
        self._warning_s = warning_s
        self._clock = clock
        self.state = SessionState.IDLE
        self.id: str | None = None
        self.preferences = defaults
        self.personal = PersonalData()
        self._last_activity = clock()
        bus.subscribe(IdentityCardRemoved, self._on_card_removed)

    @property
    def idle_limit_s(self) -> int:
        return self._idle_s * self.preferences.timeout_factor

    @property
    def warning_limit_s(self) -> int:
        return self._warning_s * self.preferences.timeout_factor

    def touch(self) -> None:
        """Any input from the citizen: starts a session or keeps it alive."""
        self._last_activity = self._clock()
        if self.state is SessionState.IDLE:
            self.id = uuid.uuid4().hex
            self.state = SessionState.ACTIVE
            self._bus.publish(SessionStarted(self.id))
        elif self.state is SessionState.WARNING:
            self.state = SessionState.ACTIVE
            self._bus.publish(IdleWarningCleared())

    def tick(self) -> None:
        """Advance the idle timer: warn, count down, and end the session at the limit."""
        if self.state is SessionState.IDLE:
            return
        idle = self._clock() - self._last_activity
        if idle >= self.idle_limit_s + self.warning_limit_s:
            self.end("idle")
        elif idle >= self.idle_limit_s:
            self.state = SessionState.WARNING
            left = self.idle_limit_s + self.warning_limit_s - idle
            self._bus.publish(IdleWarning(seconds_left=max(1, round(left))))

    def set_preferences(self, **changes: object) -> None:
        """Change this citizen's settings (language, text size …); counts as activity."""
        old_language = self.preferences.language
        self.preferences = replace(self.preferences, **changes)
        self.touch()
        if self.preferences.language != old_language:
            self._bus.publish(LanguageChanged(self.preferences.language))
        self._bus.publish(PreferencesChanged(self.preferences))

    def finish(self) -> None:
        """The citizen pressed "finish"."""
        self.end("finished")

    def end(self, reason: str) -> None:
        if self.state is SessionState.IDLE:
            return
        ended_id = self.id or ""
        self.personal.wipe()
        language_changed = self.preferences.language != self._defaults.language
        preferences_changed = self.preferences != self._defaults
        self.preferences = self._defaults
        self.state = SessionState.IDLE
        self.id = None
        if language_changed:
            self._bus.publish(LanguageChanged(self._defaults.language))
        if preferences_changed:
            self._bus.publish(PreferencesChanged(self._defaults))
        self._bus.publish(SessionEnded(ended_id, reason))

    def _on_card_removed(self, event: IdentityCardRemoved) -> None:
        if self.personal.source in ("idcard", "sscard"):
            self.end("card_removed")
