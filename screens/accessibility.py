"""Accessibility panel, reachable from every screen through the header button.

A thin view over :class:`kiosk.flows.accessibility.AccessibilityPanel`: buttons call the flow,
the labels show the citizen's current settings.
"""

from __future__ import annotations

from kivy.app import App
from kivy.properties import BooleanProperty, ObjectProperty
from kivy.uix.button import Button
from kivy.uix.screenmanager import Screen


class OptionButton(Button):
    """A choice or switch; ``selected`` shows which option is in force."""

    selected = BooleanProperty(False)


class AccessibilityScreen(Screen):
    prefs = ObjectProperty(None, rebind=True)

    def on_kv_post(self, _base_widget) -> None:
        self.refresh()

    def on_pre_enter(self, *_args) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.prefs = App.get_running_app().core.session.preferences

    def panel(self):
        return App.get_running_app().core.accessibility

    def text_size(self, level: int) -> None:
        self.panel().set_text_size(level)
        self.refresh()

    def contrast(self, mode: str) -> None:
        self.panel().set_contrast(mode)
        self.refresh()

    def toggle(self, switch: str) -> None:
        self.panel().toggle(switch)
        self.refresh()

    def rate(self, steps: int) -> None:
        self.panel().change_rate(steps)
        self.refresh()

    def volume(self, steps: int) -> None:
        self.panel().change_volume(steps)
        self.refresh()
