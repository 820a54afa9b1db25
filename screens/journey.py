"""The screen of a journey that is not available: not built on this terminal (said plainly), or
still loading in the first seconds after start-up ("one moment"); both offer the way back."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.flows.navigation import Journey


class JourneyScreen(Screen):
    title_key = StringProperty("")
    loading = BooleanProperty(False)

    def __init__(self, journey: Journey, loading: bool = False, **kwargs) -> None:
        self.title_key = journey.title_key
        self.loading = loading
        super().__init__(**kwargs)
