"""Pickup screen (24小时自助取件柜): code keypad, "use my ID card", notice QR, which door, done.

A thin view over :class:`kiosk.flows.pickup.PickupFlow` from ``app.core.lockers``: keys and
taps go to the flow on a worker thread (platform and bus calls block); every change of the flow
re-renders on Kivy's clock. After a door opens the same worker follows it until it is shut,
even if the citizen walks away and the kiosk goes home (a door left open still raises its
event); leaving the screen only cancels a wait for a QR code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.button import Button
from kivy.uix.screenmanager import Screen

from kiosk.flows.pickup import PickupFlow, PickupState

DOOR_STATES = (PickupState.OPENING, PickupState.DOOR_OPEN, PickupState.LEFT_OPEN,
               PickupState.DONE)  # fmt: skip
CODE_STATES = (PickupState.IDLE, PickupState.NOT_FOUND, PickupState.NEED_IDENTITY,
               PickupState.IDENTITY_MISMATCH)  # fmt: skip


class KeypadButton(Button):
    key = StringProperty("")


class OrderButton(Button):
    order_id = StringProperty("")


class PickupScreen(Screen):
    state = StringProperty(PickupState.IDLE.value)
    message = StringProperty("")
    code = StringProperty("")
    door = StringProperty("")
    show_keypad = BooleanProperty(True)
    show_door = BooleanProperty(False)
    can_print = BooleanProperty(False)
    can_scan = BooleanProperty(False)

    _flow: PickupFlow | None = None

    def on_kv_post(self, _base_widget) -> None:
        for key in "123456789":
            self.ids.keypad.add_widget(KeypadButton(key=key, on_release=self._digit))
        self.ids.keypad.add_widget(KeypadButton(key="del", on_release=lambda _b: self.delete()))
        self.ids.keypad.add_widget(KeypadButton(key="0", on_release=self._digit))
        self.ids.keypad.add_widget(KeypadButton(key="ok", on_release=lambda _b: self.submit()))
        App.get_running_app().bind(lang=lambda *_: self.render())

    def on_pre_enter(self, *_args) -> None:
        app = App.get_running_app()
        site = app.core.lockers
        self.code, self._flow = "", None
        if site is None:
            self._show(PickupState.UNAVAILABLE.value, app.tr("pickup.not_configured", app.lang))
            return
        self.can_print, self.can_scan = site.can_print, site.scanner is not None
        self._show(PickupState.LOOKING_UP.value, app.tr("pickup.looking_up", app.lang))

        def prepare() -> None:  # the first use reconciles the bank with the boards: blocking
            flow = site.pickup_flow()
            flow.on_change(lambda _flow: Clock.schedule_once(lambda _dt: self.render()))
            self._flow = flow
            flow.start()

        self._work(prepare)

    def on_leave(self, *_args) -> None:
        if self._flow is not None and self._flow.state is PickupState.SCANNING:
            self._flow.stop()

    # --- input, forwarded to the flow -------------------------------------------------------
    def _digit(self, button: KeypadButton) -> None:
        if len(self.code) < 8:
            self.code += button.key

    def delete(self) -> None:
        self.code = self.code[:-1]

    def submit(self) -> None:
        code, self.code = self.code, ""
        if self._flow is not None and code:
            self._then_watch(lambda flow: flow.enter_code(code))

    def use_identity(self) -> None:
        if self._flow is not None:
            self._then_watch(lambda flow: flow.identity_presented())

    def scan_notice(self) -> None:
        site = App.get_running_app().core.lockers
        if self._flow is not None and site is not None and site.scanner is not None:
            self._then_watch(lambda flow: flow.scan_notice(site.scanner))

    def choose(self, button: OrderButton) -> None:
        if self._flow is not None:
            self._then_watch(lambda flow: flow.choose(button.order_id))

    def print_slip(self) -> None:
        site, flow = App.get_running_app().core.lockers, self._flow
        if site is not None and flow is not None:
            self._work(lambda: site.print_slip(flow))

    def again(self) -> None:
        if self._flow is not None:
            self._work(self._flow.start)

    # --- workers and rendering ----------------------------------------------------------------
    def _then_watch(self, step: Callable[[PickupFlow], PickupState]) -> None:
        flow = self._flow

        def run() -> None:
            if step(flow) is PickupState.DOOR_OPEN:
                flow.watch_door()

        self._work(run)

    @staticmethod
    def _work(target: Callable[[], object]) -> None:
        threading.Thread(target=target, daemon=True, name="pickup").start()

    def _show(self, state: str, message: str) -> None:
        self.state, self.message = state, message
        self.show_keypad = state in {s.value for s in CODE_STATES}
        self.show_door = state in {s.value for s in DOOR_STATES}

    def render(self) -> None:
        flow = self._flow
        if flow is None:
            return
        app = App.get_running_app()
        self.door = flow.door_label
        self._show(flow.state.value, app.tr(flow.message_key, app.lang, **flow.values))
        choices = self.ids.choices
        choices.clear_widgets()
        if flow.state is PickupState.CHOOSE:
            for order in flow.orders:
                choices.add_widget(OrderButton(text=order.title, order_id=order.order_id,
                                               on_release=self.choose))  # fmt: skip
