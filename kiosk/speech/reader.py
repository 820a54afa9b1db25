"""What the kiosk says: screens on arrival, the focused control, prompts, errors and results.

The reader speaks only when the citizen has voice guidance on, in their language, at their rate
and volume. Masked input (PINs, ID numbers being typed) is never read out: it says that a digit
was entered. ``spoken`` keeps the recent utterances for the maintenance screen and tests.
"""

from __future__ import annotations

from collections import deque

from kiosk.events import EventBus, IdleWarning, IdleWarningCleared, SessionEnded
from kiosk.i18n import translate
from kiosk.session import Session
from kiosk.speech.speaker import Speaker, Voice


class ScreenReader:
    def __init__(self, bus: EventBus, session: Session, speaker: Speaker) -> None:
        self._session = session
        self._speaker = speaker
        self.spoken: deque[str] = deque(maxlen=200)
        self._warned = False
        bus.subscribe(IdleWarning, self._on_idle_warning)
        bus.subscribe(IdleWarningCleared, self._on_warning_over)
        bus.subscribe(SessionEnded, self._on_warning_over)

    @property
    def active(self) -> bool:
        return self._session.preferences.voice

    def say(self, *texts: str) -> None:
        """Speak these already-translated texts as one utterance (if voice guidance is on)."""
        if not self.active:
            return
        prefs = self._session.preferences
        text = "\n".join(t for t in texts if t)
        self.spoken.append(text)
        voice = Voice(rate=prefs.speech_rate, volume_step=prefs.volume_step, headset=prefs.headset)
        self._speaker.say(text, prefs.language, voice)

    def say_key(self, key: str, **values: object) -> None:
        self.say(translate(key, self._session.preferences.language, **values))

    def say_keys(self, *keys: str) -> None:
        """Speak several messages as one utterance, e.g. a setting's name and its new value."""
        language = self._session.preferences.language
        self.say(*(translate(key, language) for key in keys))

    def masked_entry(self) -> None:
        """A character went into a masked field: say so without saying which."""
        self.say_key("speech.digit_entered")

    def stop(self) -> None:
        self._speaker.stop()

    def _on_warning_over(self, _event: object) -> None:
        self._warned = False
        self._speaker.stop()

    def _on_idle_warning(self, event: IdleWarning) -> None:
        """Spoken when the warning appears, and again 10 and 5 seconds before the end."""
        first, self._warned = not self._warned, True
        if first or event.seconds_left in (10, 5):
            lang = self._session.preferences.language
            self.say(
                translate("idle.title", lang),
                translate("idle.countdown", lang, seconds=event.seconds_left),
                translate("speech.idle_continue_hint", lang),
            )
