"""Maintenance mode screen: a thin view over :class:`provisioning.maintenance.MaintenanceFlow`.

Five taps in the top-left corner within three seconds show the PIN pad; the flow decides
everything else. Device tests and card reads run on worker threads; results come back through
``mainthread``. Leaving returns to the citizen home screen.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from kivy.app import App
from kivy.clock import Clock, mainthread
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.textinput import TextInput

from kiosk.config import DeviceClass
from provisioning.maintenance import MaintenanceFlow, Outcome, State, resync_catalogue

Builder.load_file(str(Path(__file__).with_suffix(".kv")))
CORNER_MM, TAPS, WINDOW_S = 15, 5, 3.0


class MaintenanceScreen(Screen):
    message = StringProperty("")
    pin_dots = StringProperty("")
    is_open = BooleanProperty(False)
    output = StringProperty("")
    device_names = ListProperty([])

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._flow: MaintenanceFlow | None = None
        self._pin = ""
        self._taps: list[float] = []
        Window.bind(on_touch_down=self._corner_tap)

    def on_kv_post(self, _base_widget) -> None:
        self._parts = (self.ids.pad.__self__, self.ids.inside.__self__)  # kept while detached
        self._body = self.ids.pad.parent
        self.on_is_open(self, self.is_open)

    def on_is_open(self, _screen, is_open: bool) -> None:
        """Only the PIN pad or only the maintenance controls are in the tree, never both."""
        if not hasattr(self, "_body"):
            return
        show, hide = (self._parts[1], self._parts[0]) if is_open else self._parts
        if hide.parent is not None:
            self._body.remove_widget(hide)
        if show.parent is None:
            self._body.add_widget(show)

    def flow(self) -> MaintenanceFlow:
        if self._flow is None:
            core = App.get_running_app().core
            path = os.environ.get("GOVKIOSK_CONFIG")  # set by the systemd unit
            self._flow = MaintenanceFlow(
                core.config, core.devices, core.device_status, core.navigator.go_home,
                Path(path) if path else None,
                resync=lambda: resync_catalogue(core.config, core.platform),
            )  # fmt: skip
        return self._flow

    def _corner_tap(self, _window, touch) -> None:
        app = App.get_running_app()
        corner = app.mm(CORNER_MM)
        if touch.x > corner or touch.y < Window.height - corner:
            return
        now = time.monotonic()
        self._taps = [t for t in self._taps if now - t < WINDOW_S] + [now]
        if len(self._taps) >= TAPS:
            self._taps.clear()
            app.core.session.end("maintenance")  # a citizen's data never sits under the pad
            Clock.schedule_once(lambda _dt: self._enter(), 0)  # after the session's way home

    def _enter(self) -> None:
        self.show(self.flow().ask())
        self.manager.current = self.name
        self._watch_card()

    def on_leave(self, *_args) -> None:
        """Left by any route (exit, session end): close maintenance mode and forget the PIN."""
        self.clear()
        self.output = ""
        if self._flow is not None and self._flow.state is not State.CLOSED:
            self._flow.leave()
        self.is_open = False

    def show(self, outcome: Outcome) -> None:
        app = App.get_running_app()
        self.message = app.tr(outcome.key, **outcome.values)
        self.is_open = self.flow().state is State.OPEN
        self.device_names = list(self.flow().devices) if self.is_open else []

    def on_device_names(self, _screen, names: list[str]) -> None:
        from kivy.factory import Factory

        app = App.get_running_app()
        box = self.ids.tests
        box.clear_widgets()
        for name in names:
            button = Factory.MaintButton(text=app.tr("maintenance.test", device=name))
            button.size_hint_x, button.width = None, app.mm(60)
            button.bind(on_release=lambda _b, n=name: self.test(n))
            box.add_widget(button)
            raw = Factory.MaintButton(text=app.tr("maintenance.raw_log", device=name))
            raw.size_hint_x, raw.width = None, app.mm(60)
            raw.bind(on_release=lambda _b, n=name: self.toggle_raw_log(n))
            box.add_widget(raw)
            if self.flow().config.peripherals[name].device_class is DeviceClass.LOCKER:
                door = TextInput(hint_text=app.tr("maintenance.door"), input_filter="int",
                                 multiline=False, font_size=app.text_body,
                                 size_hint=(None, None), width=app.mm(30), height=app.mm(14))  # fmt: skip
                opener = Factory.MaintButton(text=app.tr("maintenance.open_door", device=name))
                opener.size_hint_x, opener.width = None, app.mm(60)
                opener.bind(on_release=lambda _b, n=name, d=door: self.test(n, int(d.text or 0)))
                box.add_widget(door)
                box.add_widget(opener)

    # --- PIN pad ------------------------------------------------------------------------------
    def digit(self, d: str) -> None:
        if len(self._pin) < 12:
            self._pin += d
            self.pin_dots = "●" * len(self._pin)

    def clear(self) -> None:
        self._pin, self.pin_dots = "", ""

    def submit(self) -> None:
        pin, self._pin, self.pin_dots = self._pin, "", ""
        self.show(self.flow().enter_pin(pin))

    def _watch_card(self) -> None:
        flow = self.flow()
        if flow.card_reader is None:
            return

        def watch() -> None:
            waiting = (State.ASKING, State.LOCKED_OUT)
            while flow.state in waiting and self.manager.current == self.name:
                outcome = flow.wait_for_card(1.0)
                if outcome is not None:
                    self._show_later(outcome)

        threading.Thread(target=watch, name="maintenance-card", daemon=True).start()

    @mainthread
    def _show_later(self, outcome: Outcome) -> None:
        self.show(outcome)

    # --- inside -------------------------------------------------------------------------------
    def status(self) -> None:
        rows = self.flow().device_status()
        self.output = "\n".join(f"{name}: {state}" for name, state in rows.items()) or "-"

    def test(self, name: str, door: int | None = None) -> None:
        app = App.get_running_app()
        self.output = app.tr("maintenance.testing", device=name)

        def work() -> None:
            report = self.flow().test_device(name, door or None)
            key = "maintenance.test_ok" if report.ok else "maintenance.test_failed"
            text = app.tr(key, device=name, error=report.error or "", cause=report.cause or "")
            self._set_output(text + "\n" + "\n".join(report.steps))

        threading.Thread(target=work, name="maintenance-test", daemon=True).start()

    @mainthread
    def _set_output(self, text: str) -> None:
        self.output = text

    def toggle_raw_log(self, name: str) -> None:
        on = self.flow().toggle_raw_log(name)
        state = (
            "-"
            if on is None
            else App.get_running_app().tr(f"maintenance.raw_log_{'on' if on else 'off'}")
        )
        self.output = f"{name}: {state}"

    def logs(self) -> None:
        self.output = "\n".join(self.flow().recent_logs(30)) or "-"

    def resync(self) -> None:
        app = App.get_running_app()

        def work() -> None:
            self._set_output(app.tr("maintenance.resynced", result=self.flow().resync()))

        threading.Thread(target=work, name="maintenance-resync", daemon=True).start()

    def enrol(self, opsman_url: str, code: str) -> None:
        def work() -> None:
            outcome = self.flow().enrol(opsman_url, code)
            self._set_output(App.get_running_app().tr(outcome.key, **outcome.values))

        threading.Thread(target=work, name="maintenance-enrol", daemon=True).start()

    def idle(self, minutes: int) -> None:
        flow = self.flow()
        outcome = flow.change_setting("timeouts.idle_s", flow.config.timeouts.idle_s + 60 * minutes)
        self.show(outcome)

    def leave(self) -> None:
        self.flow().leave()  # goes home; on_leave tidies up
        if self.manager.current == self.name:
            self.manager.current = "home"
