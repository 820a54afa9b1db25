"""Login screen: choose a way, the kiosk's QR with a countdown, "place / insert your card" with
a pulsing hint, success, and every failure with its next step.

A thin view over :class:`kiosk.flows.qr_login.LoginFlow` (``app.core.login``): taps go to the
flow, which works on its own thread; its changes come back through Kivy's clock.
"""

from __future__ import annotations

import io

import qrcode
from kivy.animation import Animation
from kivy.app import App
from kivy.clock import Clock
from kivy.core.image import Image as CoreImage
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.screenmanager import Screen

from kiosk.flows.qr_login import METHODS, LoginFlow, LoginState

WAITING = {
    LoginState.SCAN_CODE.value,
    LoginState.PLACE_IDCARD.value,
    LoginState.INSERT_SSCARD.value,
    LoginState.PREPARING.value,
    LoginState.VERIFYING.value,
}


class MethodButton(Button):
    method = StringProperty("")


def qr_texture(text: str):
    buffer = io.BytesIO()
    qrcode.make(text, box_size=8, border=2).save(buffer, format="PNG")
    buffer.seek(0)
    return CoreImage(buffer, ext="png").texture


class QrLoginScreen(Screen):
    state = StringProperty(LoginState.CHOOSE.value)
    method = StringProperty("")
    message = StringProperty("")
    countdown = StringProperty("")
    qr = ObjectProperty(None, allownone=True)
    pulse = NumericProperty(0.0)  # 0..1, drives the "place your card" hint

    def flow(self) -> LoginFlow:
        return App.get_running_app().core.login

    def on_kv_post(self, _base_widget) -> None:
        flow = self.flow()
        for method in METHODS:
            if flow.available[method]:
                self.ids.methods.add_widget(MethodButton(method=method, on_release=self._choose))
        flow.on_change(lambda _flow: Clock.schedule_once(lambda _dt: self.render()))
        App.get_running_app().bind(lang=lambda *_: self.render())
        self._payload = ""
        self._animation = Animation(pulse=1.0, duration=0.8) + Animation(pulse=0.2, duration=0.8)
        self._animation.repeat = True
        Clock.schedule_interval(self._tick, 1.0)

    def on_pre_enter(self, *_args) -> None:
        if self.flow().state is not LoginState.LOGGED_IN:
            self.flow().back()
        self.render()

    def on_leave(self, *_args) -> None:
        if self.flow().state is not LoginState.LOGGED_IN:
            self.flow().back()

    # --- input, forwarded to the flow -------------------------------------------------------
    def _choose(self, button: MethodButton) -> None:
        self.flow().choose(button.method)

    def retry(self) -> None:
        self.flow().retry()

    def other_method(self) -> None:
        self.flow().back()

    def leave(self) -> None:
        App.get_running_app().go_home()

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        flow, app = self.flow(), App.get_running_app()
        self.state, self.method = flow.state.value, flow.method or ""
        self.message = app.tr(flow.message_key, app.lang, **flow.values)
        if flow.qr_payload != self._payload:
            self._payload = flow.qr_payload
            self.qr = qr_texture(flow.qr_payload) if flow.qr_payload else None
        self._tick(0)
        if self.state in WAITING:
            self._animation.start(self)
        else:
            self._animation.cancel(self)
            self.pulse = 0.0

    def _tick(self, _dt) -> None:
        flow, app = self.flow(), App.get_running_app()
        seconds = flow.seconds_left
        self.countdown = app.tr("login.qr.countdown", app.lang, seconds=seconds) if seconds else ""
