"""A speaker that records what it was asked to say (the real one is tested on its own)."""

from __future__ import annotations

from kiosk.speech.speaker import Voice


class RecordingSpeaker:
    def __init__(self) -> None:
        self.said: list[tuple[str, str, Voice]] = []
        self.stops = 0

    def say(self, text: str, language: str, voice: Voice) -> None:
        self.said.append((text, language, voice))

    def stop(self) -> None:
        self.stops += 1

    @property
    def texts(self) -> list[str]:
        return [text for text, _language, _voice in self.said]
