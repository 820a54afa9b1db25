"""Home screen: welcome and one large tile per journey."""

from __future__ import annotations

from kivy.app import App
from kivy.uix.screenmanager import Screen

from screens.widgets import Tile


class HomeScreen(Screen):
    def on_kv_post(self, _base_widget) -> None:
        tiles = self.ids.tiles
        for journey in App.get_running_app().core.navigator.journeys.values():
            tiles.add_widget(
                Tile(journey=journey.name, title_key=journey.title_key, subtitle_key=journey.subtitle_key)
            )
