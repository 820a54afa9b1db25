"""Service evaluation (好差评): one evaluation per service event (一事一评), on five levels.

The levels are offered in the standard's order, 非常满意 → 非常不满意, all alike and none
chosen in advance: the citizen picks one and then confirms. For the two lowest the citizen
chooses at least one reason (the platform's list) and may leave a contact number for the reply.
A logged-in citizen may evaluate under their name; anyone may evaluate anonymously.

What is evaluated: a service finished at this kiosk (journeys publish :class:`ServiceCompleted`,
e.g. a submission's receipt number or a pickup's ``service_event_id``), or else this visit
itself. The evaluation goes through the outbox, so it is kept across a network outage and a
restart and delivered exactly once; a second evaluation of the same event is refused here if
this kiosk already holds one, else by the platform (409 ``already_evaluated``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from kiosk.events import EventBus, ServiceCompleted, SessionEnded
from kiosk.flows.citizen_services import (
    Citizen,
    Delivery,
    Observed,
    PhoneEntry,
    Queue,
    send,
)
from kiosk.platform.errors import PlatformError
from kiosk.result import Ok, Result

LEVELS = (5, 4, 3, 2, 1)
"""非常满意, 满意, 基本满意, 不满意, 非常不满意: shown in this order, equal in size and colour."""
LOW_LEVELS = (2, 1)
OPERATION = "submitEvaluation"


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str

    def label(self, language: str) -> str:
        return self.zh if language == "zh_CN" else self.en


FALLBACK_REASONS = (Reason("other", "其他", "Other"),)
"""Offline before the platform's list was ever fetched: the one reason every list has."""


class ReasonSource(Protocol):
    def evaluation_reasons(self) -> Result[dict[str, Any], PlatformError]: ...


class EvaluationState(str, Enum):
    CHOOSE = "choose"  # level, reasons, contact, name or anonymous; then confirm
    SENDING = "sending"
    THANKS = "thanks"  # the platform recorded it
    QUEUED = "queued"  # kept on this kiosk; sent when the platform is reachable
    ALREADY = "already"  # this service event has been evaluated
    REFUSED = "refused"  # the platform refused it for another reason


class EvaluationFlow(Observed[EvaluationState]):
    def __init__(
        self,
        reasons: ReasonSource,
        outbox: Callable[[], Queue],
        citizen: Callable[[], Citizen | None],
        visit_id: Callable[[], str | None],
        bus: EventBus,
        wait_s: float = 5.0,
    ) -> None:
        super().__init__(EvaluationState.CHOOSE)
        self._reasons, self._outbox, self._citizen = reasons, outbox, citizen
        self._visit_id, self._wait_s = visit_id, wait_s
        self.completed: list[ServiceCompleted] = []
        """Services finished in this session, newest last, not evaluated yet."""
        self.reasons: tuple[Reason, ...] = FALLBACK_REASONS
        self.event: ServiceCompleted | None = None
        self.level: int | None = None
        self.chosen_reasons: set[str] = set()
        self.contact = PhoneEntry()
        self.comment = ""
        self.anonymous = True
        self.can_sign = False
        bus.subscribe(ServiceCompleted, lambda event: self.completed.append(event))
        bus.subscribe(SessionEnded, lambda _event: self.completed.clear())

    def start(self, service_event_id: str | None = None) -> EvaluationState:
        """Evaluate ``service_event_id``, else the latest finished service, else this visit."""
        chosen = [e for e in self.completed if e.service_event_id == service_event_id]
        if chosen or (service_event_id is None and self.completed):
            self.event = (chosen or self.completed)[-1]
        else:
            visit = service_event_id or f"VS-{self._visit_id() or 'anonymous'}"
            self.event = ServiceCompleted(visit, "visit")
        self.level, self.chosen_reasons, self.comment = None, set(), ""
        self.contact = PhoneEntry()
        self.can_sign, self.anonymous = self._citizen() is not None, True
        match self._reasons.evaluation_reasons():
            case Ok(value=body):
                self.reasons = tuple(Reason(r["code"], r["zh"], r["en"]) for r in body["reasons"])
        if self._held_here(self.event.service_event_id):
            return self._set(EvaluationState.ALREADY, "evaluation.already")
        return self._set(EvaluationState.CHOOSE, "evaluation.choose")

    # --- the citizen's choices ---------------------------------------------------------------
    def choose_level(self, level: int) -> EvaluationState:
        if level not in LEVELS:
            raise ValueError(f"no evaluation level {level}")
        self.level = level
        if level not in LOW_LEVELS:
            self.chosen_reasons.clear()
        return self._changed()

    def toggle_reason(self, code: str) -> EvaluationState:
        if code not in {r.code for r in self.reasons}:
            raise ValueError(f"unknown reason {code!r}")
        self.chosen_reasons ^= {code}
        return self._changed()

    def press_contact(self, key: str) -> EvaluationState:
        self.contact.press(key)
        return self._changed()

    def set_comment(self, text: str) -> EvaluationState:
        self.comment = text.strip()[:500]
        return self._changed()

    def sign(self, with_name: bool) -> EvaluationState:
        """Evaluate under the logged-in citizen's name (实名) or anonymously."""
        self.anonymous = not (with_name and self.can_sign)
        return self._changed()

    @property
    def needs_reasons(self) -> bool:
        return self.level in LOW_LEVELS

    @property
    def can_submit(self) -> bool:
        return (self.state is EvaluationState.CHOOSE and self.level is not None
                and (not self.needs_reasons or bool(self.chosen_reasons)) and self.contact.valid)

    # --- sending ---------------------------------------------------------------------------
    def submit(self) -> EvaluationState:
        if not self.can_submit or self.event is None or self.level is None:
            return self.state
        event_id = self.event.service_event_id
        if self._held_here(event_id):
            return self._set(EvaluationState.ALREADY, "evaluation.already")
        request: dict[str, Any] = {"service_event_id": event_id, "level": self.level,
                                   "anonymous": self.anonymous}
        if self.needs_reasons:
            request["reasons"] = sorted(self.chosen_reasons)
        if self.comment:
            request["comment"] = self.comment
        if self.contact.digits:
            request["contact"] = self.contact.digits
        citizen = self._citizen()
        if not self.anonymous and citizen and citizen.ref:
            request["citizen_ref"] = citizen.ref
        self._set(EvaluationState.SENDING, "evaluation.sending")
        outcome = send(self._outbox(), OPERATION, request, self._wait_s)
        self.completed = [e for e in self.completed if e.service_event_id != event_id]
        if outcome.delivery is Delivery.DELIVERED:
            return self._set(EvaluationState.THANKS, "evaluation.thanks")
        if outcome.delivery is Delivery.QUEUED:
            return self._set(EvaluationState.QUEUED, "evaluation.queued")
        if outcome.error == "already_evaluated":
            return self._set(EvaluationState.ALREADY, "evaluation.already")
        return self._set(EvaluationState.REFUSED, "evaluation.refused")

    def _held_here(self, event_id: str) -> bool:
        """This kiosk already holds an evaluation of ``event_id`` (waiting or delivered)."""
        for entry in self._outbox().entries():
            if entry.operation != OPERATION or getattr(entry.state, "value", "") == "parked":
                continue
            if (entry.request or entry.result or {}).get("service_event_id") == event_id:
                return True
        return False

    def _changed(self) -> EvaluationState:
        return self._set(self.state, self.message_key, **self.values)
