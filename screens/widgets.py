"""Shared widgets of the shell: header buttons, journey tiles, idle warning (styled in widgets.kv)."""

from __future__ import annotations

from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.label import Label


class KioskRoot(FloatLayout):
    """Header above the screen manager, with the idle warning laid over both."""


class HeaderButton(Button):
    pass


class PrimaryButton(Button):
    pass


class BodyLabel(Label):
    pass


class TitleLabel(Label):
    pass


class Tile(ButtonBehavior, BoxLayout):
    """A large home-screen tile that opens one journey."""

    journey = StringProperty("")
    title_key = StringProperty("")
    subtitle_key = StringProperty("")


class IdleWarningPanel(BoxLayout):
    """"Are you still there?" with a countdown and a continue button."""


class IdleLayer(FloatLayout):
    """Lies over the whole window. While the idle warning shows and ``modal`` is set it takes
    every touch; not modal (senior mode), only the warning panel does; hidden, none."""

    shown = BooleanProperty(False)
    modal = BooleanProperty(True)

    def on_touch_down(self, touch):
        if not self.shown:
            return False
        return super().on_touch_down(touch) or self.modal

    def on_touch_move(self, touch):
        if not self.shown:
            return False
        return super().on_touch_move(touch) or self.modal

    def on_touch_up(self, touch):
        if not self.shown:
            return False
        return super().on_touch_up(touch) or self.modal
