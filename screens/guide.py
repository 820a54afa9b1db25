"""Guide lookup screen: on-screen keyboard, live results, browsing, guide detail, QR, print.

A thin view over :class:`kiosk.flows.guide.GuideFlow` (``app.core.guides``): keys and taps go
to the flow; every change of the flow re-renders the lists on Kivy's clock. Printing blocks,
so it runs on a worker thread and its outcome comes back through the flow's listener.
"""

from __future__ import annotations

import io
import threading

import qrcode
from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.flows.guide import BrowseKind, GuideFlow, GuideState
from kiosk.guides.text import detail_sections

KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
"""The letters and digits of ``kiosk.flows.guide.KEYBOARD_KEYS`` in keyboard order."""


class KeyButton(Button):
    key = StringProperty("")


class ResultButton(Button):
    code = StringProperty("")


class GroupButton(Button):
    key = StringProperty("")


class SectionTitle(Label):
    pass


class SectionLine(Label):
    pass


def qr_texture(url: str):
    """The QR code of ``url`` as a Kivy texture."""
    buffer = io.BytesIO()
    qrcode.make(url, box_size=8, border=2).save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture


class GuideScreen(Screen):
    state = StringProperty(GuideState.SEARCH.value)
    query = StringProperty("")
    title = StringProperty("")
    updated = StringProperty("")
    typo = BooleanProperty(False)
    qr = ObjectProperty(None, allownone=True)

    def flow(self) -> GuideFlow:
        return App.get_running_app().core.guides

    def on_kv_post(self, _base_widget) -> None:
        for row in KEY_ROWS:
            for key in row:
                self.ids.keyboard.add_widget(KeyButton(key=key, on_release=self._key))
        for key in ("space", "back", "clear"):
            self.ids.keyboard_actions.add_widget(KeyButton(key=key, on_release=self._key))
        self.flow().on_change(lambda _flow: Clock.schedule_once(lambda _dt: self.render()))
        App.get_running_app().bind(lang=lambda *_: self.render())

    def on_pre_enter(self, *_args) -> None:
        self.flow().reset()
        self.render()

    # --- input, forwarded to the flow -------------------------------------------------------
    def _key(self, button: KeyButton) -> None:
        self.flow().press_key(button.key)

    def browse(self, kind: str) -> None:
        self.flow().browse(BrowseKind(kind))

    def back(self) -> None:
        if self.flow().state in (GuideState.SEARCH, GuideState.UNAVAILABLE):
            App.get_running_app().go_home()
        else:
            self.flow().back()

    def print_guide(self) -> None:
        language = App.get_running_app().lang
        threading.Thread(target=self.flow().print_guide, args=(language,), daemon=True).start()

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        flow, lang = self.flow(), App.get_running_app().lang
        self.state, self.query, self.typo = flow.state.value, flow.query, flow.typo
        self.updated = flow.updated_text(lang)
        content = self.ids.content
        content.clear_widgets()
        self.ids.scroll.scroll_y = 1  # new content starts at its top
        if flow.guide is not None:
            guide = flow.guide
            self.title = guide.name if lang == "zh_CN" else guide.name_en
            self.qr = qr_texture(guide.online_url)
            for title, lines in detail_sections(guide, lang):
                content.add_widget(SectionTitle(text=title))
                for line in lines:
                    content.add_widget(SectionLine(text=line))
            return
        self.title, self.qr = "", None
        if flow.state is GuideState.BROWSE and not flow.results:
            for group in flow.groups:
                name = group.name_zh if lang == "zh_CN" else group.name_en
                content.add_widget(
                    GroupButton(
                        text=f"{name}（{group.items}）",
                        key=group.key,
                        on_release=lambda b: flow.open_group(b.key),
                    )
                )
        for hit in flow.results:
            name = hit.name_zh if lang == "zh_CN" else hit.name_en
            department = hit.department_zh if lang == "zh_CN" else hit.department_en
            content.add_widget(
                ResultButton(
                    text=f"{name}  ·  {department}",
                    code=hit.code,
                    on_release=lambda b: flow.open(b.code),
                )
            )
