"""Queue tickets (取号): choose a business category, optionally a priority group of the site's
policy, get a numbered ticket with the people ahead and the zone or window (DB43/T 2422.3
§6.4.3), printed with a QR code a phone can follow the queue with.

A ticket number only means something when the platform's queue issued it, so taking one is a
direct call with an idempotency key; offline the citizen is sent to the front desk. Calls block:
the screen runs them on a worker thread and follows :attr:`state` through :meth:`on_change`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from kiosk.flows.citizen_services import Observed, is_offline, local_time, parse_utc
from kiosk.flows.printing import PrintJob
from kiosk.platform.client import new_idempotency_key
from kiosk.platform.errors import PlatformError
from kiosk.result import Err, Ok, Result

Answer = Result[dict[str, Any], PlatformError]
SELF_CHOSEN_GROUPS = ("elderly", "disabled", "military")
"""Priority groups a citizen may claim at the kiosk; ``booked`` comes from checking in."""


class QueuePlatform(Protocol):
    def queue_categories(self) -> Answer: ...
    def take_ticket(self, category_id: str, idempotency_key: str,
                    priority_group: str | None = None) -> Answer: ...
    def ticket(self, ticket_no: str) -> Answer: ...


class QueueState(str, Enum):
    WORKING = "working"
    CATEGORIES = "categories"
    TICKET = "ticket"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Category:
    category_id: str
    name_zh: str
    name_en: str
    waiting: int

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" else self.name_en


@dataclass(frozen=True)
class Ticket:
    ticket_no: str
    category_id: str
    ahead: int
    zone: str
    window: str | None
    priority_group: str | None
    issued_at: str
    follow_url: str

    @classmethod
    def from_platform(cls, body: Mapping[str, Any]) -> Ticket:
        return cls(body["ticket_no"], body["category_id"], body["ahead"], body["zone"],
                   body.get("window"), body.get("priority_group"), body["issued_at"],
                   body["follow_url"])

    @property
    def place(self) -> str:
        """Zone, and the window when the platform already assigned one."""
        return f"{self.zone} {self.window}" if self.window else self.zone


def ticket_job(ticket: Ticket, centre_name: str) -> PrintJob:
    """The paper ticket (排队号) of ``ticket``."""
    issued = local_time(parse_utc(ticket.issued_at))
    data = {"centre_name": centre_name, "ticket_no": ticket.ticket_no,
            "service_area": ticket.place, "waiting": str(ticket.ahead),
            "issued_at": f"{issued:%Y-%m-%d %H:%M}", "progress_url": ticket.follow_url}
    return PrintJob(f"ticket-{ticket.ticket_no}-{ticket.issued_at}", "queue_ticket", data,
                    ticket.follow_url)


class QueueFlow(Observed[QueueState]):
    def __init__(self, platform: QueuePlatform,
                 print_document: Callable[[PrintJob], Any] | None = None,
                 centre_name: str = "") -> None:
        super().__init__(QueueState.CATEGORIES)
        self._platform = platform
        self._print = print_document
        self.centre_name = centre_name
        self.categories: list[Category] = []
        self.priority_groups: tuple[str, ...] = ()
        self.priority_group: str | None = None
        self.ticket: Ticket | None = None

    @property
    def can_print(self) -> bool:
        return self._print is not None

    def start(self) -> QueueState:
        """Load the categories with how many are waiting, and the site's priority groups."""
        self.ticket, self.priority_group = None, None
        self._set(QueueState.WORKING, "queue.working")
        match self._platform.queue_categories():
            case Ok(value=body):
                self.categories = [Category(c["category_id"], c["name_zh"], c["name_en"],
                                            c["waiting"]) for c in body["categories"]]
                self.priority_groups = tuple(g for g in body["priority_groups"]
                                             if g in SELF_CHOSEN_GROUPS)
                return self._set(QueueState.CATEGORIES, "queue.choose_category")
            case Err(error=error):
                return self._unavailable(error)

    def choose_priority(self, group: str | None) -> QueueState:
        """Claim a priority group (tap again to drop it); staff may check the claim."""
        if group is not None and group not in self.priority_groups:
            raise ValueError(f"{group!r} is not a priority group of this site")
        self.priority_group = None if group == self.priority_group else group
        return self._set(self.state, self.message_key, **self.values)

    def take(self, category_id: str) -> QueueState:
        self._set(QueueState.WORKING, "queue.working")
        answer = self._platform.take_ticket(category_id, new_idempotency_key(),
                                            self.priority_group)
        match answer:
            case Ok(value=body):
                self.ticket = Ticket.from_platform(body)
                return self._set(QueueState.TICKET, "queue.ticket")
            case Err(error=error):
                return self._unavailable(error)

    def refresh(self) -> QueueState:
        """Where the ticket stands now (people ahead)."""
        if self.ticket is None:
            return self.state
        match self._platform.ticket(self.ticket.ticket_no):
            case Ok(value=body):
                self.ticket = Ticket.from_platform(body)
        return self._set(QueueState.TICKET, "queue.ticket")

    def print_ticket(self) -> Any:
        if self._print is None or self.ticket is None:
            return None
        return self._print(ticket_job(self.ticket, self.centre_name))

    def _unavailable(self, error: PlatformError) -> QueueState:
        key = "queue.unavailable" if is_offline(error) else "queue.refused"
        return self._set(QueueState.UNAVAILABLE, key)
