"""Form filling and submission: a thin view over :class:`kiosk.flows.form.FormFlow` and
:class:`kiosk.flows.progress.ProgressLookup` (built by :func:`kiosk.forms.setup.form_services`).

Every change of a flow re-renders on Kivy's clock; camera, platform and printer calls run on a
worker thread. Everything shows inline (keyboard, region picker, sample texts), never in a
pop-up. ID numbers are shown masked outside the editor and typed with "digit entered" spoken.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.graphics import Color, Line
from kivy.properties import BooleanProperty, StringProperty
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.flows.form import FormFlow, FormStep
from kiosk.forms.ime import shared_dictionary
from kiosk.forms.keyboard import KeyboardMode, TextEntry
from kiosk.forms.model import FieldType, FormField
from kiosk.forms.setup import FormServices, form_services
from screens import forms_view
from screens.keyboard import OnScreenKeyboard

MASKED = (FieldType.ID_NUMBER, FieldType.PHONE)  # keys spoken as "digit entered" only
FIELD_MODES = {
    FieldType.TEXT_ZH: (KeyboardMode.PINYIN, KeyboardMode.SYMBOLS),
    FieldType.TEXT_EN: (KeyboardMode.LETTERS, KeyboardMode.SYMBOLS),
    FieldType.ADDRESS: (KeyboardMode.PINYIN, KeyboardMode.DIGITS, KeyboardMode.SYMBOLS),
    FieldType.USCC: (KeyboardMode.DIGITS, KeyboardMode.LETTERS),
}


class SignaturePad(Widget):
    """Draws with the finger into the flow's :class:`~kiosk.forms.signature.Signature`."""

    def __init__(self, flow: FormFlow, on_stroke: Callable[[], None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.flow, self.on_stroke = flow, on_stroke
        self.bind(pos=self.redraw, size=self.redraw)

    def _point(self, touch) -> tuple[float, float]:
        return (touch.x - self.x) / max(self.width, 1), 1 - (touch.y - self.y) / max(self.height, 1)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        self.flow.signature.start(*self._point(touch))
        self.redraw()
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return False
        self.flow.signature.extend(*self._point(touch))
        self.redraw()
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            self.on_stroke()
            return True
        return False

    def redraw(self, *_args) -> None:
        app = App.get_running_app()
        self.canvas.after.clear()
        with self.canvas.after:
            Color(*app.c_text)
            for stroke in self.flow.signature.strokes:
                points = [c for x, y in stroke
                          for c in (self.x + x * self.width, self.y + (1 - y) * self.height)]
                Line(points=points * (2 if len(points) == 2 else 1), width=app.mm(0.5))


class FormsScreen(Screen):
    title = StringProperty("")
    message = StringProperty("")
    mode = StringProperty("pick")  # pick | form | progress
    editing = BooleanProperty(False)
    signing = BooleanProperty(False)

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        if not hasattr(app.core, "form_services"):
            app.core.form_services = form_services(app.core)
        self.services: FormServices = app.core.form_services
        self.flow, self.progress = self.services.form, self.services.progress
        self.region_field = ""  # the address field whose region is being picked
        self.region: list[str] = []  # province, city chosen so far
        self.samples_shown: set[str] = set()
        self.lookup = TextEntry(mode=KeyboardMode.DIGITS, max_length=26)
        self.worker: threading.Thread | None = None
        self.keyboard = OnScreenKeyboard()
        self.rerender = Clock.create_trigger(lambda _dt: self.render())  # one render per frame
        self.pad = SignaturePad(self.flow, self.rerender)
        for flow in (self.flow, self.progress):
            flow.on_change(lambda _f: self.rerender())
        app.bind(lang=lambda *_: self.rerender())
        threading.Thread(target=shared_dictionary, daemon=True).start()  # warm the IME

    def on_pre_enter(self, *_args) -> None:
        self.mode, self.region_field, self.region, self.samples_shown = "pick", "", [], set()
        self.flow.reset()
        self.progress.reset()
        self.render()

    def on_leave(self, *_args) -> None:
        self.keyboard.detach()

    # --- input, forwarded to the flows ------------------------------------------------------
    def run(self, action: Callable[..., object], *args: object) -> None:
        """Call a flow off the main loop; ``worker`` is the latest such call."""
        self.worker = threading.Thread(target=action, args=args, daemon=True)
        self.worker.start()

    def start(self, code: str) -> None:
        guide = App.get_running_app().core.guides.store.guide(code)
        self.mode = "form"
        self.flow.start(guide)

    def open_progress(self) -> None:
        self.mode = "progress"
        self.lookup = TextEntry(mode=KeyboardMode.DIGITS, max_length=26)
        self.progress.reset()

    def edit(self, spec_field: FormField) -> None:
        if spec_field.type is FieldType.ADDRESS and not self.region_field:
            self.region_field, self.region = spec_field.name, []  # the region first, then the street
            self.render()
            return
        self.region_field = ""
        entry = self.flow.edit(spec_field.name, shared_dictionary())
        modes = FIELD_MODES.get(spec_field.type, (KeyboardMode.DIGITS,))
        entry.set_mode(modes[0])
        self.keyboard.attach(entry, self.rerender, modes, spec_field.type in MASKED)

    def pick_region(self, name: str) -> None:
        self.region.append(name)
        if len(self.region) < 3:
            self.render()
            return
        field_name = self.region_field
        self.flow.set_region(field_name, *self.region)
        self.region = []
        self.edit(self.flow.spec.field(field_name))

    def finish_edit(self, keep: bool = True) -> None:
        self.flow.finish_edit(keep)

    def reprint(self) -> None:
        """The notice again, once the printer is fixed (paper, cover)."""
        printing = self.services.printing
        if printing is not None:
            self.run(lambda: (printing.reprint(), self.rerender()))

    def look_up(self) -> None:
        self.run(self.progress.look_up, self.lookup.text.upper())

    def back(self) -> None:
        flow, step = self.flow, self.flow.state
        if self.region_field:
            self.region_field, self.region = "", []
        elif self.editing:
            flow.finish_edit(keep=False)
        elif self.mode == "pick":
            App.get_running_app().go_home()
            return
        elif self.mode == "progress" or step in (FormStep.NO_FORM, FormStep.SITUATION,
                                                 FormStep.DONE, FormStep.SAVED, FormStep.REFUSED):
            self.on_pre_enter()  # back to the list of items
            return
        elif step is FormStep.SUBMITTING:
            return
        elif step is FormStep.FILL:
            flow.to_situation() if flow.guide.situations else self.on_pre_enter()
        elif step is FormStep.MATERIALS:
            flow.to_fill()
        elif step is FormStep.SIGN:
            flow.to_materials()
        elif step is FormStep.REVIEW:
            flow.to_sign() if flow.needs_signature() else flow.to_materials()
        self.render()

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        forms_view.render(self)
