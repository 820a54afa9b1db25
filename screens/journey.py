"""The screen of a journey that is not built yet: it says so plainly, and offers the way back."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.flows.navigation import Journey


class JourneyScreen(Screen):
    title_key = StringProperty("")

    def __init__(self, journey: Journey, **kwargs) -> None:
        self.title_key = journey.title_key
        super().__init__(**kwargs)
