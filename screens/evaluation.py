"""好差评 and complaints: a thin view over :class:`~kiosk.flows.evaluation.EvaluationFlow` and
:class:`~kiosk.flows.complaint.ComplaintFlow`.

The five levels are one row of identical buttons in the standard's order, none selected and
none in a colour of its own, so the layout does not steer the choice. Sending waits for the
outbox on a worker thread; the outcome is shown inline.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.screenmanager import Screen

from kiosk.flows.complaint import HOTLINE, PROBLEMS, ComplaintFlow, ComplaintState
from kiosk.flows.evaluation import LEVELS, EvaluationFlow, EvaluationState
from kiosk.i18n import translate
from screens.accessibility import OptionButton
from screens.booking import DetailLabel, services
from screens.widgets import PrimaryButton

DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "back", "clear")


class LevelButton(OptionButton):
    level = NumericProperty(0)


class EvaluationScreen(Screen):
    title_key = StringProperty("evaluation.title")
    message = StringProperty("")
    mode = StringProperty("evaluation")  # evaluation | complaint

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        flows = services(app)  # built now: the evaluation flow hears of finished services
        self.evaluation: EvaluationFlow = flows.evaluation
        self.complaint: ComplaintFlow = flows.complaint
        self.entering_contact = False
        for flow in (self.evaluation, self.complaint):
            flow.on_change(lambda _flow: Clock.schedule_once(lambda _dt: self.render()))
        app.bind(lang=lambda *_: self.render())

    def on_pre_enter(self, *_args) -> None:
        self.mode, self.entering_contact = "evaluation", False
        for box in (self.ids.above, self.ids.levels, self.ids.content, self.ids.actions):
            box.clear_widgets()  # nothing of the last citizen's evaluation while it loads
        self.message, self.ids.scroll.scroll_y = "", 1
        self.run(self.evaluation.start)

    # --- input, forwarded to the flows ------------------------------------------------------
    def run(self, action: Callable[..., object], *args: object) -> None:
        """Call the flow off the main loop; ``worker`` is the latest such call."""
        self.worker = threading.Thread(target=action, args=args, daemon=True)
        self.worker.start()

    def open_complaint(self) -> None:
        self.mode, self.entering_contact = "complaint", False
        self.ids.scroll.scroll_y = 1
        self.complaint.start()

    def toggle_contact(self) -> None:
        self.entering_contact = not self.entering_contact
        self.render()

    def back(self) -> None:
        if self.entering_contact:
            self.toggle_contact()
        elif self.mode == "complaint":
            self.mode = "evaluation"
            self.run(self.evaluation.start)
        else:
            App.get_running_app().go_home()

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        lang = App.get_running_app().lang
        for box in (self.ids.above, self.ids.levels, self.ids.content, self.ids.actions):
            box.clear_widgets()
        self.ids.content.cols = 2
        flow = self.complaint if self.mode == "complaint" else self.evaluation
        self.title_key = f"{self.mode}.title"
        self.message = translate(flow.message_key or "evaluation.choose", lang, **flow.values)
        if self.entering_contact:
            self._contact_pad(flow, lang)
        elif self.mode == "complaint":
            self._render_complaint(lang)
        else:
            self._render_evaluation(lang)
        if self.mode == "evaluation":
            self._action("evaluation.complain", self.open_complaint, lang)
        self._action("booking.back" if self.entering_contact or self.mode == "complaint"
                     else "evaluation.home", self.back, lang)

    def _render_evaluation(self, lang: str) -> None:
        flow = self.evaluation
        if flow.needs_reasons and flow.state is EvaluationState.CHOOSE:
            self.message = translate("evaluation.reasons", lang)  # one line: room for reasons
        elif flow.event is not None:
            key = f"evaluation.of.{flow.event.kind}"
            self._line(self.ids.above, translate(key, lang, event=flow.event.service_event_id))
        if flow.state is not EvaluationState.CHOOSE:
            return
        for level in LEVELS:  # the standard's order; equal size, same colours
            button = LevelButton(level=level, text=translate(f"evaluation.level.{level}", lang),
                                 selected=flow.level == level)
            button.bind(on_release=lambda b: flow.choose_level(b.level))
            self.ids.levels.add_widget(button)
        content = self.ids.content
        if flow.needs_reasons:
            content.cols = 3
            for reason in flow.reasons:
                self._option(content, reason.label(lang), reason.code in flow.chosen_reasons,
                             lambda code=reason.code: flow.toggle_reason(code))
        if flow.can_sign:
            for with_name in (False, True):
                key = "evaluation.sign.name" if with_name else "evaluation.sign.anonymous"
                self._option(content, translate(key, lang), flow.anonymous != with_name,
                             lambda w=with_name: flow.sign(w))
        if flow.needs_reasons:
            self._contact_button(flow, lang)
        if flow.can_submit:
            self._action("evaluation.submit", lambda: self.run(flow.submit), lang)

    def _render_complaint(self, lang: str) -> None:
        flow = self.complaint
        self._line(self.ids.above, translate("complaint.hotline", lang, hotline=HOTLINE))
        if flow.state is not ComplaintState.FORM:
            return
        content = self.ids.content
        content.cols = len(PROBLEMS)
        for category in PROBLEMS:
            self._option(content, translate(f"complaint.category.{category}", lang),
                         flow.category == category,
                         lambda c=category: flow.choose_category(c))
        if flow.category is not None:
            self._line(self.ids.above, translate("complaint.problems", lang))
            for problem in PROBLEMS[flow.category]:
                self._option(content, translate(f"complaint.problem.{problem}", lang),
                             problem in flow.problems, lambda p=problem: flow.toggle_problem(p))
            self._contact_button(flow, lang)
        if flow.can_submit:
            self._action("complaint.submit", lambda: self.run(flow.submit), lang)

    # --- pieces -----------------------------------------------------------------------------
    def _contact_button(self, flow: EvaluationFlow | ComplaintFlow, lang: str) -> None:
        text = (translate("evaluation.contact_value", lang, value=flow.contact.digits)
                if flow.contact.digits else translate("evaluation.contact", lang))
        self._option(self.ids.content, text, bool(flow.contact.digits), self.toggle_contact)

    def _contact_pad(self, flow: EvaluationFlow | ComplaintFlow, lang: str) -> None:
        self._line(self.ids.above, translate("evaluation.contact_prompt", lang))
        shown = flow.contact.digits or "—"
        if not flow.contact.valid:
            shown += "  " + translate("evaluation.contact_invalid", lang)
        self._line(self.ids.above, shown)
        content = self.ids.content
        content.cols = 6  # two rows: the whole pad on view
        for key in DIGITS:
            label = key if key.isdigit() else translate(f"evaluation.key.{key}", lang)
            self._option(content, label, False, lambda k=key: flow.press_contact(k))
        if flow.contact.valid:
            self._action("evaluation.contact_done", self.toggle_contact, lang)

    def _line(self, box, text: str) -> None:
        box.add_widget(DetailLabel(text=text, halign="center"))

    def _option(self, box, text: str, selected: bool, on_release: Callable[[], object]) -> None:
        button = OptionButton(text=text, selected=selected)
        button.bind(on_release=lambda _b: on_release())
        box.add_widget(button)

    def _action(self, key: str, on_release: Callable[[], None], lang: str) -> None:
        button = PrimaryButton(text=translate(key, lang))
        button.bind(on_release=lambda _b: on_release())
        self.ids.actions.add_widget(button)
