"""The form journey: from a guide to a submitted application and a printed notice.

situation (业务情形) → fill (prefilled from the login, corrected by the citizen) → materials
(document camera, or 容缺 where allowed) → sign (the form, and the 容缺 commitment) → review:
every problem listed at once (一次性告知) → submit through the outbox → the notice is printed.

Plain Python; ``screens/forms.py`` is a view. :meth:`FormFlow.submit` and :meth:`capture` wait
on the outbox and the camera, so the screen calls them from a worker thread.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from kiosk.events import EventBus, ServiceCompleted, SessionEnded
from kiosk.flows.citizen_services import Citizen, Observed
from kiosk.flows.printing import PrintJob, PrintState
from kiosk.forms.checklist import Checklist
from kiosk.forms.keyboard import KeyboardMode, TextEntry
from kiosk.forms.model import FieldType, FormField, FormSpec
from kiosk.forms.notices import NoticeSettings, notice, pending_slip
from kiosk.forms.signature import Signature
from kiosk.forms.validate import Problem, field_problem, form_problems
from kiosk.guides.model import Guide
from kiosk.platform.submission import Refused, SavedOffline, Submitted, submit
from kiosk.result import Err, Ok
from kiosk.session import Session

ENTRY_MODES = {FieldType.TEXT_ZH: KeyboardMode.PINYIN, FieldType.TEXT_EN: KeyboardMode.LETTERS,
               FieldType.ADDRESS: KeyboardMode.PINYIN}


class FormStep(str, Enum):
    NO_FORM = "no_form"  # this item cannot be applied for on the kiosk
    SITUATION = "situation"
    FILL = "fill"
    MATERIALS = "materials"
    SIGN = "sign"
    REVIEW = "review"
    SUBMITTING = "submitting"
    DONE = "done"  # the platform answered; the notice printed (or not: ``printed``)
    SAVED = "saved"  # kept on the kiosk; the 待提交凭证 printed
    REFUSED = "refused"


class FormFlow(Observed[FormStep]):
    def __init__(self, forms: dict[str, FormSpec], session: Session, bus: EventBus,
                 outbox: Callable[[], Any], citizen: Callable[[], Citizen | None],
                 settings: NoticeSettings, printer: Callable[[PrintJob], PrintState] | None,
                 camera: Any | None = None, client: Any | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC),
                 wait_s: float = 3.0) -> None:
        """``client`` (the platform client) keeps drafts under the citizen's login."""
        super().__init__(FormStep.NO_FORM)
        self._client, self._bus = client, bus
        self.forms, self.session, self._outbox, self._citizen = forms, session, outbox, citizen
        self.settings, self.printer, self.camera, self.now = settings, printer, camera, now
        self.wait_s = wait_s
        self.reset()
        bus.subscribe(SessionEnded, lambda _e: self.reset())

    def reset(self) -> None:
        """Forget everything (session end): answers, photos, strokes."""
        self.guide: Guide | None = None
        self.spec: FormSpec | None = None
        self.situation = ""
        self.answers: dict[str, Any] = {}
        self.prefilled: set[str] = set()
        self.checklist = Checklist([])
        self.signature = Signature()
        self.entry: TextEntry | None = None
        self.editing = ""
        self.answer: dict[str, Any] = {}
        self.printed = False
        self._set(FormStep.NO_FORM)

    # --- start ------------------------------------------------------------------------------
    def has_form(self, code: str) -> bool:
        return code in self.forms

    def start(self, guide: Guide) -> FormStep:
        self.reset()
        self.guide, self.spec = guide, self.forms.get(guide.code)
        if self.spec is None:
            return self._set(FormStep.NO_FORM, "forms.no_form")
        self._prefill()
        if guide.situations:
            return self._set(FormStep.SITUATION)
        return self._begin_fill("")

    def choose_situation(self, name: str) -> FormStep:
        assert self.guide is not None
        if name not in {s.name for s in self.guide.situations}:
            raise ValueError(f"no situation {name!r} for {self.guide.code}")
        return self._begin_fill(name)

    def _begin_fill(self, situation: str) -> FormStep:
        assert self.guide is not None and self.spec is not None
        self.situation = situation
        verified = self.session.personal.source is not None
        self.checklist = Checklist.build(self.guide, self.spec, situation, verified)
        return self._set(FormStep.FILL)

    def _prefill(self) -> None:
        assert self.spec is not None
        personal = self.session.personal
        for f in self.spec.fields:
            if f.prefill and (value := personal.get(f.prefill)):
                self.answers[f.name] = value
                self.prefilled.add(f.name)

    # --- fields -----------------------------------------------------------------------------
    def fields(self) -> list[FormField]:
        """The fields of the chosen situation, in order (the signature is signed, not typed)."""
        assert self.spec is not None
        return [f for f in self.spec.shown(self.situation) if f.type is not FieldType.SIGNATURE]

    def problem(self, name: str) -> str | None:
        assert self.spec is not None
        return field_problem(self.spec.field(name), self.answers.get(name))

    def set_value(self, name: str, value: Any) -> None:
        """The citizen's answer; a prefilled value they change counts as corrected."""
        if value in ("", [], None, False):
            self.answers.pop(name, None)
        else:
            self.answers[name] = value
        self.prefilled.discard(name)
        self._set(self.state)

    def edit(self, name: str, dictionary: Any = None) -> TextEntry:
        """Open the keyboard on a text field (for an address: its street part)."""
        assert self.spec is not None
        spec_field = self.spec.field(name)
        current = self.answers.get(name, "")
        text = current[3] if spec_field.type is FieldType.ADDRESS and current else current
        mode = ENTRY_MODES.get(spec_field.type, KeyboardMode.DIGITS)
        self.entry = TextEntry(text if isinstance(text, str) else "", mode, spec_field.max_length,
                               dictionary)
        self.editing = name
        self._set(self.state)
        return self.entry

    def finish_edit(self, keep: bool = True) -> None:
        assert self.spec is not None and self.entry is not None
        name, text = self.editing, self.entry.text.strip()
        if keep:
            if self.spec.field(name).type is FieldType.ADDRESS:
                region = list(self.answers.get(name, ["", "", ""])[:3])
                self.set_value(name, region + [text] if any(region) or text else [])
            else:
                self.set_value(name, text)
        self.entry, self.editing = None, ""
        self._set(self.state)

    def set_region(self, name: str, province: str, city: str, district: str) -> None:
        street = self.answers.get(name, ["", "", "", ""])
        self.set_value(name, [province, city, district, street[3] if len(street) == 4 else ""])

    # --- steps ------------------------------------------------------------------------------
    def to_situation(self) -> FormStep:
        """Back to the choice of situation; the answers given so far are kept."""
        assert self.guide is not None
        return self._set(FormStep.SITUATION if self.guide.situations else FormStep.FILL)

    def to_materials(self) -> FormStep:
        return self._set(FormStep.MATERIALS)

    def to_fill(self) -> FormStep:
        return self._set(FormStep.FILL)

    def needs_signature(self) -> bool:
        assert self.spec is not None
        signs_form = any(f.type is FieldType.SIGNATURE for f in self.spec.shown(self.situation))
        return signs_form or bool(self.checklist.deferred())

    def to_sign(self) -> FormStep:
        return self._set(FormStep.SIGN) if self.needs_signature() else self.to_review()

    def to_review(self) -> FormStep:
        return self._set(FormStep.REVIEW)

    # --- drafts on the platform (resume on any kiosk) ---------------------------------------
    def save_draft(self) -> bool:
        """Save the answers under the citizen's login (blocks on the platform)."""
        assert self.guide is not None and self.spec is not None
        citizen = self._citizen() if self._client is not None else None
        if citizen is None:
            self._set(self.state, "forms.draft.login_needed")
            return False
        form = {k: v for k, v in self.answers.items()
                if self.spec.field(k).type is not FieldType.SIGNATURE}
        body = {"form": form, **({"situation": self.situation} if self.situation else {})}
        match self._client.save_draft(self.guide.code, body, citizen.token):
            case Ok():
                self._set(self.state, "forms.draft.saved")
                return True
        self._set(self.state, "forms.draft.failed")
        return False

    def resume_draft(self) -> bool:
        """Take the citizen's saved answers for this item, if any; what the login gave wins."""
        assert self.guide is not None and self.spec is not None
        citizen = self._citizen() if self._client is not None else None
        if citizen is None:
            return False
        match self._client.draft(self.guide.code, citizen.token):
            case Ok(value=draft):
                names = {f.name for f in self.spec.fields}
                for name, value in draft["form"].items():
                    if name in names and name not in self.prefilled:
                        self.answers[name] = value
                self._set(self.state, "forms.draft.resumed")
                return True
        return False

    # --- materials --------------------------------------------------------------------------
    def capture(self, name: str) -> bool:
        """Photograph ``name`` with the document camera; False (and a message) if it failed."""
        if self.camera is None:
            self._set(self.state, "forms.camera.none")
            return False
        match self.camera.capture():
            case Ok(value=image):
                self.checklist.capture(name, image.data, image.media_type)
                self._set(self.state, "forms.camera.captured", material=name)
                return True
            case Err():
                self._set(self.state, "forms.camera.failed")
                return False
        return False

    def defer(self, name: str) -> None:
        """容缺: hand ``name`` in later; the commitment is signed before submitting."""
        self.checklist.defer(name)
        self._set(self.state)

    def undo_material(self, name: str) -> None:
        self.checklist.undo(name)
        self._set(self.state)

    # --- pre-review -------------------------------------------------------------------------
    def review_problems(self, today: date | None = None) -> list[Problem]:
        """Everything to fix or bring, at once: fields, age, materials, signature."""
        assert self.spec is not None
        answers = {k: v for k, v in self.answers.items()
                   if self.spec.field(k).shown_in(self.situation)}
        signature_fields = [f for f in self.spec.shown(self.situation)
                            if f.type is FieldType.SIGNATURE]
        problems = [p for p in form_problems(self.spec, self.situation, answers, today)
                    if p.field not in {f.name for f in signature_fields}]
        problems += [Problem("material_missing", detail=i.name) for i in self.checklist.missing()]
        if self.needs_signature() and not self.signature.signed:
            problems.append(Problem("not_signed"))
        return problems

    def can_submit(self) -> bool:
        """Only missing materials may remain: the platform then asks for them in writing."""
        return all(p.code == "material_missing" for p in self.review_problems())

    # --- submit -----------------------------------------------------------------------------
    def submit(self) -> FormStep:
        """Queue the photos, the signature and the application; print what the citizen gets."""
        assert self.guide is not None and self.spec is not None
        if self.state is not FormStep.REVIEW or not self.can_submit():
            return self.state
        self._set(FormStep.SUBMITTING, "forms.submitting")
        outbox = self._outbox()
        material_ids = []
        for shot in self.checklist.captures():
            outbox.enqueue("uploadMaterial", shot.data, {"material_id": shot.material_id},
                           content_type=shot.media_type)
            material_ids.append(shot.material_id)
        form = {k: v for k, v in self.answers.items() if self.spec.field(k).shown_in(self.situation)}
        if self.signature.signed:
            signature_id = uuid.uuid4().hex
            outbox.enqueue("uploadMaterial", self.signature.png(), {"material_id": signature_id},
                           content_type="image/png")
            material_ids.append(signature_id)
            for f in self.spec.shown(self.situation):
                if f.type is FieldType.SIGNATURE:
                    form[f.name] = signature_id
        request: dict[str, Any] = {"item_code": self.guide.code, "form": form,
                                   "materials": material_ids}
        if self.situation:
            request["situation"] = self.situation
        if self.checklist.deferred():
            request["deficiency_commitment"] = True
        if missing := [i.name for i in self.checklist.missing()]:
            request["missing_materials"] = missing
        applicant = str(self.answers.get("name", ""))
        match submit(outbox, "submitApplication", request, wait_s=self.wait_s):
            case Submitted(answer=answer):
                self.answer = answer
                self._bus.publish(ServiceCompleted(answer["receipt_no"], "submission"))
                layout, data = notice(answer, self.guide, self.checklist, applicant,
                                      self.settings, self.now())
                url = str(data["progress_url"])
                self.printed = self._print(PrintJob(answer["receipt_no"], layout, data, url))
                return self._set(FormStep.DONE, f"forms.done.{layout}",
                                 receipt_no=answer["receipt_no"])
            case SavedOffline(seq=seq):
                data = pending_slip(seq, self.guide, applicant, self.settings, self.now())
                job = PrintJob(f"pending-{uuid.uuid4().hex}", "pending_submission", data, "")
                self.printed = self._print(job)
                return self._set(FormStep.SAVED, "forms.saved", entry_no=data["entry_no"])
            case Refused(rejection=rejection):
                return self._set(FormStep.REFUSED, rejection.message_key)
        return self.state

    def _print(self, job: PrintJob) -> bool:
        return self.printer is not None and self.printer(job) is PrintState.DONE
