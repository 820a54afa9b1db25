"""Complaints (投诉): a short form forwarded to the 12345 hotline's system, and the hotline.

The citizen picks what the complaint is about and one or more of the listed problems (the
kiosk has no Chinese input method, so the text is composed from them, in Chinese, as the
hotline reads it), and may leave a mobile number for the reply; without one it is anonymous
and needs no reply. The complainant's identity is never sent (000 §9.2.5: kept confidential).
The complaint goes through the outbox: kept across an outage, delivered exactly once; the
citizen is told whether it has been received or is waiting to be sent.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from kiosk.flows.citizen_services import Delivery, Observed, PhoneEntry, Queue, send
from kiosk.i18n import translate

HOTLINE = "12345"
OPERATION = "submitComplaint"
PROBLEMS: dict[str, tuple[str, ...]] = {
    "service_attitude": ("rude", "not_listened", "left_post"),
    "efficiency": ("long_wait", "sent_back_and_forth", "deadline_missed"),
    "item_guide": ("guide_unclear", "guide_outdated", "materials_changed"),
    "facilities": ("kiosk_fault", "printer_fault", "no_accessibility"),
    "other": ("fees", "privacy", "other_problem"),
}
"""Categories of the contract, each with the problems offered (message keys complaint.problem.*)."""


class ComplaintState(str, Enum):
    FORM = "form"
    SENDING = "sending"
    RECEIVED = "received"  # the platform gave a complaint number
    QUEUED = "queued"  # kept on this kiosk; sent when the platform is reachable
    REFUSED = "refused"


class ComplaintFlow(Observed[ComplaintState]):
    def __init__(self, outbox: Callable[[], Queue], wait_s: float = 5.0) -> None:
        super().__init__(ComplaintState.FORM)
        self._outbox, self._wait_s = outbox, wait_s
        self.category: str | None = None
        self.problems: list[str] = []
        self.contact = PhoneEntry()
        self.complaint_no = ""

    def start(self) -> ComplaintState:
        self.category, self.problems, self.complaint_no = None, [], ""
        self.contact = PhoneEntry()
        return self._set(ComplaintState.FORM, "complaint.choose", hotline=HOTLINE)

    def choose_category(self, category: str) -> ComplaintState:
        if category not in PROBLEMS:
            raise ValueError(f"unknown complaint category {category!r}")
        if category != self.category:
            self.category, self.problems = category, []
        return self._changed()

    def toggle_problem(self, problem: str) -> ComplaintState:
        if self.category is None or problem not in PROBLEMS[self.category]:
            raise ValueError(f"{problem!r} is not a problem of {self.category!r}")
        if problem in self.problems:
            self.problems.remove(problem)
        else:
            self.problems.append(problem)
        return self._changed()

    def press_contact(self, key: str) -> ComplaintState:
        self.contact.press(key)
        return self._changed()

    @property
    def can_submit(self) -> bool:
        return (self.state is ComplaintState.FORM and bool(self.problems)
                and self.contact.valid)

    def text(self) -> str:
        """The complaint as the hotline reads it (Chinese, whatever the screen language)."""
        assert self.category is not None
        head = translate(f"complaint.category.{self.category}", "zh_CN")
        body = "；".join(translate(f"complaint.problem.{p}", "zh_CN") for p in self.problems)
        return f"{head}：{body}。（自助终端提交）"

    def submit(self) -> ComplaintState:
        if not self.can_submit or self.category is None:
            return self.state
        request = {"category": self.category, "text": self.text()}
        if self.contact.digits:
            request["contact"] = self.contact.digits
        self._set(ComplaintState.SENDING, "complaint.sending")
        outcome = send(self._outbox(), OPERATION, request, self._wait_s)
        if outcome.delivery is Delivery.DELIVERED and outcome.result:
            self.complaint_no = outcome.result["complaint_no"]
            return self._set(ComplaintState.RECEIVED, "complaint.received",
                             number=self.complaint_no, hotline=HOTLINE)
        if outcome.delivery is Delivery.QUEUED:
            return self._set(ComplaintState.QUEUED, "complaint.queued", hotline=HOTLINE)
        return self._set(ComplaintState.REFUSED, "complaint.refused", hotline=HOTLINE)

    def _changed(self) -> ComplaintState:
        return self._set(self.state, self.message_key, **self.values)
