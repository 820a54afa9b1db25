"""What the forms screen shows in each step: built from the flows' state on every change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kivy.app import App
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button

from kiosk.flows.citizen_services import local_time
from kiosk.flows.form import FormStep
from kiosk.flows.printing import PrintState
from kiosk.flows.progress import ProgressStep
from kiosk.forms.checklist import ChecklistItem, MaterialStatus
from kiosk.forms.keyboard import KeyboardMode
from kiosk.forms.model import FieldType, FormField
from kiosk.forms.validate import Problem, field_problem, regions
from kiosk.i18n import translate
from kiosk.identity.id_number import mask_id_number
from screens.accessibility import OptionButton
from screens.widgets import BodyLabel, PrimaryButton

if TYPE_CHECKING:
    from screens.forms import FormsScreen


class FieldButton(Button):
    """One field of the form: its label and the answer; tap to change it."""

    name = StringProperty("")


class DetailLabel(BodyLabel):
    """A left-aligned line of the content."""


def shown_value(spec_field: FormField, value: Any, lang: str) -> str:
    """An answer as the screen shows it (ID numbers masked, choices by name)."""
    if value in (None, "", [], False):
        return translate("forms.field.empty", lang)
    match spec_field.type:
        case FieldType.ID_NUMBER:
            return mask_id_number(value)
        case FieldType.ADDRESS:
            return " ".join(p for p in value if p)
        case FieldType.CHOICE:
            option = next((o for o in spec_field.options if o.value == value), None)
            return (option.zh if lang == "zh_CN" else option.en) if option else str(value)
        case FieldType.CHECKBOX:
            return translate("forms.field.checked", lang)
    return str(value)


def problem_text(screen: FormsScreen, problem: Problem, lang: str) -> str:
    label = ""
    if problem.field and screen.flow.spec is not None:
        label = screen.flow.spec.field(problem.field).label(lang)
    return translate(f"forms.problem.{problem.code}", lang, label=label, detail=problem.detail)


def render(screen: FormsScreen) -> None:
    lang, ids, flow = App.get_running_app().lang, screen.ids, screen.flow
    for box in (ids.content, ids.side, ids.actions):
        box.clear_widgets()
    screen.editing = flow.entry is not None
    screen.signing = screen.mode == "form" and flow.state is FormStep.SIGN
    guide = flow.guide
    screen.title = (guide.name if lang == "zh_CN" else guide.name_en) if guide and \
        screen.mode == "form" else translate("forms.title", lang)
    screen.message = translate(flow.message_key, lang, **flow.values) if flow.message_key else ""
    shown = (screen.mode, flow.state, flow.editing, screen.region_field, len(screen.region))
    if shown != getattr(screen, "shown", None):  # a new step starts at the top
        screen.shown, ids.scroll.scroll_y = shown, 1
    if screen.mode == "pick":
        _pick(screen, lang)
    elif screen.mode == "progress":
        _progress(screen, lang)
    elif screen.region_field:
        _regions(screen, lang)
    elif flow.entry is not None:
        _editor(screen, lang)
    else:
        STEPS.get(flow.state, _outcome)(screen, lang)
    _action(screen, "common.back", screen.back, lang)


# --- pieces -------------------------------------------------------------------------------
def _line(screen: FormsScreen, text: str) -> DetailLabel:
    label = DetailLabel(text=text)
    screen.ids.content.add_widget(label)
    return label


def _option(screen: FormsScreen, text: str, on_release: Callable[[], Any],
            selected: bool = False, box: Any = None) -> OptionButton:
    button = OptionButton(text=text, selected=selected)
    button.bind(on_release=lambda _b: on_release())
    (box or screen.ids.content).add_widget(button)
    return button


def _action(screen: FormsScreen, key: str, on_release: Callable[[], Any], lang: str,
            enabled: bool = True, **values: Any) -> PrimaryButton:
    button = PrimaryButton(text=translate(key, lang, **values), disabled=not enabled)
    button.key = key
    button.bind(on_release=lambda _b: on_release())
    screen.ids.actions.add_widget(button)
    return button


def _row(screen: FormsScreen) -> BoxLayout:
    app = App.get_running_app()
    row = BoxLayout(size_hint_y=None, spacing=app.mm(3))
    row.bind(minimum_height=row.setter("height"))
    screen.ids.content.add_widget(row)
    return row


# --- steps --------------------------------------------------------------------------------
def _pick(screen: FormsScreen, lang: str) -> None:
    screen.message = translate("forms.pick.message", lang)
    guides = App.get_running_app().core.guides
    store, reading = guides.store, guides.guide.code if guides.guide else ""
    for code in sorted(screen.flow.forms, key=lambda c: c != reading):  # the open guide first
        guide = store.guide(code)
        if guide is not None:
            _option(screen, guide.name if lang == "zh_CN" else guide.name_en,
                    lambda c=code: screen.start(c))
    _action(screen, "forms.progress.open", screen.open_progress, lang)


def _no_form(screen: FormsScreen, lang: str) -> None:
    screen.message = translate("forms.no_form", lang)


def _situation(screen: FormsScreen, lang: str) -> None:
    screen.message = translate("forms.situation.message", lang)
    for situation in screen.flow.guide.situations:
        text = situation.name + (f"：{situation.conditions}" if situation.conditions else "")
        _option(screen, text, lambda n=situation.name: screen.flow.choose_situation(n))


def _fill(screen: FormsScreen, lang: str) -> None:
    flow = screen.flow
    screen.message = screen.message or translate("forms.fill.message", lang)
    for spec_field in flow.fields():
        value = flow.answers.get(spec_field.name)
        if spec_field.type is FieldType.CHOICE:
            _line(screen, spec_field.label(lang))
            row = _row(screen)
            for option in spec_field.options:
                _option(screen, option.zh if lang == "zh_CN" else option.en,
                        lambda f=spec_field.name, v=option.value: flow.set_value(f, v),
                        selected=value == option.value, box=row)
        elif spec_field.type is FieldType.CHECKBOX:
            _option(screen, spec_field.label(lang),
                    lambda f=spec_field.name, v=value: flow.set_value(f, not v), selected=bool(value))
        else:
            tag = translate("forms.field.prefilled", lang) if spec_field.name in flow.prefilled \
                else ""
            button = FieldButton(name=spec_field.name, text=translate(
                "forms.field.line", lang, label=spec_field.label(lang),
                value=shown_value(spec_field, value, lang), tag=tag))
            button.bind(on_release=lambda _b, f=spec_field: screen.edit(f))
            screen.ids.content.add_widget(button)
        if value not in (None, "", [], False) and (code := flow.problem(spec_field.name)):
            _line(screen, problem_text(screen, Problem(code, spec_field.name), lang))
    _action(screen, "forms.next", flow.to_materials, lang)
    if screen.flow.session.personal.source:
        _action(screen, "forms.draft.save", lambda: screen.run(flow.save_draft), lang)
        _action(screen, "forms.draft.resume", lambda: screen.run(flow.resume_draft), lang)


def _editor(screen: FormsScreen, lang: str) -> None:
    flow, entry = screen.flow, screen.flow.entry
    spec_field = flow.spec.field(flow.editing)
    screen.message = ""
    _line(screen, spec_field.label(lang)).bold = True
    _line(screen, spec_field.help(lang) or translate("forms.edit.message", lang))
    if spec_field.type is FieldType.ADDRESS:
        _line(screen, " ".join(flow.answers.get(spec_field.name, [])[:3]))
    typed = entry.text + (f" {entry.composing}" if entry.composing else "")
    _line(screen, typed or translate("forms.field.empty", lang)).bold = True
    if spec_field.sample:
        _line(screen, translate("forms.edit.sample", lang, sample=spec_field.sample))
    if entry.text and spec_field.type is not FieldType.ADDRESS and \
            (code := field_problem(spec_field, entry.text)):
        _line(screen, problem_text(screen, Problem(code, spec_field.name), lang))
    screen.ids.side.add_widget(screen.keyboard)
    _action(screen, "forms.edit.done", screen.finish_edit, lang)


def _regions(screen: FormsScreen, lang: str) -> None:
    level = regions()
    for chosen in screen.region:
        level = level[chosen]
    screen.message = translate(f"forms.region.{len(screen.region)}", lang)
    if screen.region:
        _line(screen, " ".join(screen.region))
    for name in level:
        _option(screen, name, lambda n=name: screen.pick_region(n))


def _materials(screen: FormsScreen, lang: str) -> None:
    flow = screen.flow
    screen.message = screen.message or translate("forms.materials.message", lang)
    for item in flow.checklist.items:
        _material(screen, item, lang)
    _action(screen, "forms.next", flow.to_sign, lang)


def _material(screen: FormsScreen, item: ChecklistItem, lang: str) -> None:
    flow = screen.flow
    required = translate("forms.material.required" if item.required else
                         "forms.material.optional", lang)
    _line(screen, translate("forms.material.line", lang, name=item.name, form=item.form,
                            copies=item.copies, required=required,
                            status=translate(f"forms.material.{item.status.value}", lang)))
    if item.name in screen.samples_shown:
        _line(screen, translate("forms.material.sample", lang, text=item.sample_text or "—"))
        _line(screen, translate("forms.material.error", lang, text=item.error_example or "—"))
    row = _row(screen)
    choices = []
    if item.status in (MaterialStatus.MISSING, MaterialStatus.CAPTURED):
        choices.append(("capture", lambda: screen.run(flow.capture, item.name)))
    if item.deferrable and item.status is MaterialStatus.MISSING:
        choices.append(("defer", lambda: flow.defer(item.name)))
    if item.status in (MaterialStatus.CAPTURED, MaterialStatus.DEFERRED):
        choices.append(("undo", lambda: flow.undo_material(item.name)))
    if item.sample_text or item.error_example:
        choices.append(("show_sample", lambda: _toggle_sample(screen, item.name)))
    for action, on_release in choices:
        button = _option(screen, translate(f"forms.material.{action}", lang), on_release,
                         selected=action == "show_sample" and item.name in screen.samples_shown,
                         box=row)
        button.material, button.action = item.name, action


def _toggle_sample(screen: FormsScreen, name: str) -> None:
    screen.samples_shown ^= {name}
    screen.rerender()


def _sign(screen: FormsScreen, lang: str) -> None:
    flow = screen.flow
    screen.message = translate("forms.sign.message", lang)
    _line(screen, translate("forms.sign.declaration", lang))
    if deferred := flow.checklist.deferred():
        _line(screen, translate("forms.sign.commitment", lang,
                                materials="、".join(i.name for i in deferred)))
    screen.ids.side.add_widget(screen.pad)
    screen.pad.redraw()
    _action(screen, "forms.sign.clear", lambda: (flow.signature.clear(), screen.rerender()), lang)
    _action(screen, "forms.next", flow.to_review, lang, enabled=flow.signature.signed)


def _review(screen: FormsScreen, lang: str) -> None:
    flow = screen.flow
    problems = flow.review_problems()
    screen.message = translate("forms.review.problems" if problems else "forms.review.ok", lang,
                               count=len(problems))
    for problem in problems:
        _line(screen, "· " + problem_text(screen, problem, lang))
    _line(screen, translate("forms.review.check", lang)).bold = True
    for spec_field in flow.fields():
        _line(screen, translate("forms.field.line", lang, label=spec_field.label(lang), tag="",
                                value=shown_value(spec_field, flow.answers.get(spec_field.name),
                                                  lang)))
    for item in flow.checklist.items:
        _line(screen, f"{item.name}：{translate(f'forms.material.{item.status.value}', lang)}")
    _action(screen, "forms.submit", lambda: screen.run(flow.submit), lang,
            enabled=flow.can_submit())


def _submitting(screen: FormsScreen, lang: str) -> None:
    screen.message = translate("forms.submitting", lang)


def _outcome(screen: FormsScreen, lang: str) -> None:
    flow = screen.flow
    printing = screen.services.printing
    if flow.state in (FormStep.DONE, FormStep.SAVED):
        done = flow.printed or (printing is not None and printing.state is PrintState.DONE)
        printed = "forms.not_printed" if not done else \
            "forms.printed" if flow.state is FormStep.DONE else "forms.printed_pending"
        _line(screen, translate(printed, lang))
        if printing is not None and printing.message and not done:
            _line(screen, printing.message)
            if printing.can_reprint:
                _action(screen, "forms.reprint", screen.reprint, lang)
    _action(screen, "forms.finish", App.get_running_app().finish_session, lang)


def _progress(screen: FormsScreen, lang: str) -> None:
    lookup, entry = screen.progress, screen.lookup
    key = lookup.message_key or "progress.enter"
    screen.message = translate(key, lang, **lookup.values)
    _line(screen, entry.text.upper() or translate("progress.hint", lang)).bold = True
    if lookup.state is ProgressStep.FOUND:
        for event in lookup.application.get("history", []):
            at = local_time(datetime.fromisoformat(event["at"]))
            _line(screen, translate(f"progress.history.{event['status']}", lang,
                                    at=f"{at:%Y-%m-%d %H:%M}"))
        for name in lookup.application.get("missing_materials", []):
            _line(screen, translate("progress.missing", lang, name=name))
    if screen.keyboard.entry is not entry:
        screen.keyboard.attach(entry, screen.rerender, (KeyboardMode.DIGITS, KeyboardMode.LETTERS))
    screen.ids.side.add_widget(screen.keyboard)
    _action(screen, "progress.look_up", screen.look_up, lang, enabled=bool(entry.text))
    if lookup.scanner is not None:
        _action(screen, "progress.scan", lambda: screen.run(lookup.scan), lang)


STEPS: dict[FormStep, Callable[[FormsScreen, str], None]] = {
    FormStep.NO_FORM: _no_form, FormStep.SITUATION: _situation, FormStep.FILL: _fill,
    FormStep.MATERIALS: _materials, FormStep.SIGN: _sign, FormStep.REVIEW: _review,
    FormStep.SUBMITTING: _submitting,
}
