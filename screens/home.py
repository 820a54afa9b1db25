"""Home screen: welcome and one large tile per journey (four per page in senior mode)."""

from __future__ import annotations

import math

from kivy.app import App
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import Screen

from screens.widgets import Tile

ELDERLY_TILES_PER_PAGE = 4


class HomeScreen(Screen):
    page = NumericProperty(0)
    pages = NumericProperty(1)

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        app.bind(elderly=lambda *_: self._show_page(0))
        self._show_page(0)

    def next_page(self) -> None:
        self._show_page((self.page + 1) % self.pages)

    def tile(self, journey: str) -> Tile | None:
        """The tile of ``journey`` if it is on the page shown."""
        return next((t for t in self.ids.tiles.children if t.journey == journey), None)

    def _show_page(self, page: int) -> None:
        app = App.get_running_app()
        journeys = list(app.core.navigator.journeys.values())
        per_page = ELDERLY_TILES_PER_PAGE if app.elderly else len(journeys)
        self.pages = math.ceil(len(journeys) / per_page)
        self.page = page
        tiles = self.ids.tiles
        tiles.clear_widgets()
        tiles.cols = 2 if app.elderly else 3
        for journey in journeys[page * per_page:(page + 1) * per_page]:
            tiles.add_widget(
                Tile(journey=journey.name, title_key=journey.title_key, subtitle_key=journey.subtitle_key)
            )
