"""Appointments (预约) at the kiosk: choose an item, a free slot, book with the logged-in
identity, print the slip; list upcoming bookings with a countdown, cancel, check in.

DB31/T 862 §9.1.2.2: precise booking (a slot of a centre, date and period), cancellation,
priority for booked citizens (check-in gives a priority ticket) and a countdown. The booking
message shows number, booker, time, place and content (DB43/T 2422.3 §6.3.7). Cancellation and
no-show rules are the platform's (``rules``, ``cancel_deadline``) and are shown as published.

Booking, cancelling and checking in need the platform's answer at once (the slot may be gone),
so they are direct calls with an idempotency key, never queued: offline, the citizen is told
that nothing was booked. Every call blocks; the screen runs them on a worker thread and
follows :attr:`state` through :meth:`on_change`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any, Protocol

from kiosk.flows.citizen_services import (
    LOCAL_TZ,
    Citizen,
    Observed,
    countdown,
    is_offline,
    local_time,
    parse_utc,
)
from kiosk.flows.printing import PrintJob
from kiosk.flows.queue import Ticket, ticket_job
from kiosk.platform.client import new_idempotency_key
from kiosk.platform.errors import PlatformError, Rejected
from kiosk.result import Err, Ok, Result

Answer = Result[dict[str, Any], PlatformError]


class BookingPlatform(Protocol):
    def slots(self, item_code: str, date_from: str | None = None,
              days: int | None = None) -> Answer: ...
    def appointments(self, citizen_token: str) -> Answer: ...
    def book_appointment(self, slot_id: str, item_code: str, citizen_token: str,
                         idempotency_key: str) -> Answer: ...
    def cancel_appointment(self, booking_no: str, citizen_token: str,
                           idempotency_key: str) -> Answer: ...
    def check_in(self, booking_no: str, idempotency_key: str) -> Answer: ...


class BookingState(str, Enum):
    MENU = "menu"  # book, my appointments, take a ticket
    WORKING = "working"  # waiting for the platform
    NEED_LOGIN = "need_login"
    ITEMS = "items"
    SLOTS = "slots"
    NO_SLOTS = "no_slots"
    BOOKED = "booked"
    APPOINTMENTS = "appointments"  # upcoming, with countdown, cancel and check-in
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"  # priority ticket
    REFUSED = "refused"  # slot taken, deadline passed …: message says why, state stays usable
    UNAVAILABLE = "unavailable"  # platform unreachable: nothing was booked or changed


@dataclass(frozen=True)
class BookableItem:
    code: str
    name_zh: str
    name_en: str

    def name(self, language: str) -> str:
        return self.name_zh if language == "zh_CN" else self.name_en


@dataclass(frozen=True)
class Slot:
    slot_id: str
    centre: str
    date: str
    period: str  # morning | afternoon
    start: str
    end: str
    capacity_left: int

    @classmethod
    def from_platform(cls, body: Mapping[str, Any]) -> Slot:
        return cls(body["slot_id"], body["centre"], body["date"], body["period"], body["start"],
                   body["end"], body["capacity_left"])

    @property
    def starts_at(self) -> datetime:
        return datetime.fromisoformat(f"{self.date}T{self.start}").replace(tzinfo=LOCAL_TZ)


@dataclass(frozen=True)
class Appointment:
    booking_no: str
    item_code: str
    slot: Slot
    place: str
    state: str
    cancel_deadline: datetime
    rules: str

    @classmethod
    def from_platform(cls, body: Mapping[str, Any]) -> Appointment:
        return cls(body["booking_no"], body["item_code"], Slot.from_platform(body["slot"]),
                   body["place"], body["state"], parse_utc(body["cancel_deadline"]),
                   body["rules"])


@dataclass(frozen=True)
class BookingSettings:
    centre_name: str = ""
    centre_phone: str = "12345"
    slip_url: str = "https://zwfw.example.gov.cn/yy/{booking_no}"
    days_ahead: int = 14


class BookingFlow(Observed[BookingState]):
    def __init__(
        self,
        platform: BookingPlatform,
        citizen: Callable[[], Citizen | None],
        items: Callable[[], list[BookableItem]],
        print_document: Callable[[PrintJob], Any] | None = None,
        settings: BookingSettings = BookingSettings(),
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(BookingState.MENU)
        self._platform, self._citizen, self._items = platform, citizen, items
        self._print = print_document
        self.settings = settings
        self.now = now
        self.items: list[BookableItem] = []
        self.item: BookableItem | None = None
        self.slots: list[Slot] = []
        self.appointment: Appointment | None = None
        self.appointments: list[Appointment] = []
        self.ticket: Ticket | None = None

    @property
    def can_print(self) -> bool:
        return self._print is not None

    def start(self) -> BookingState:
        self.item, self.slots, self.appointment, self.ticket = None, [], None, None
        self.appointments = []
        return self._set(BookingState.MENU)

    # --- booking --------------------------------------------------------------------------
    def choose_booking(self) -> BookingState:
        if self._citizen() is None:
            return self._set(BookingState.NEED_LOGIN, "booking.need_login")
        self.items = self._items()
        return self._set(BookingState.ITEMS, "booking.choose_item")

    def choose_item(self, code: str) -> BookingState:
        self.item = next(i for i in self.items if i.code == code)
        return self._load_slots("booking.choose_slot")

    def _load_slots(self, message_key: str, **values: object) -> BookingState:
        assert self.item is not None
        self._set(BookingState.WORKING, "booking.working")
        match self._platform.slots(self.item.code, days=self.settings.days_ahead):
            case Ok(value=body):
                self.slots = [Slot.from_platform(s) for s in body["slots"] if s["capacity_left"]]
            case Err(error=error):
                return self._unavailable(error)
        if not self.slots:
            return self._set(BookingState.NO_SLOTS, "booking.no_slots")
        return self._set(BookingState.SLOTS, message_key, **values)

    def book(self, slot_id: str) -> BookingState:
        citizen = self._citizen()
        if citizen is None or self.item is None:
            return self._set(BookingState.NEED_LOGIN, "booking.need_login")
        self._set(BookingState.WORKING, "booking.working")
        answer = self._platform.book_appointment(slot_id, self.item.code, citizen.token,
                                                 new_idempotency_key())
        match answer:
            case Ok(value=body):
                self.appointment = Appointment.from_platform(body)
                return self._set(BookingState.BOOKED, "booking.booked")
            case Err(error=Rejected(error="slot_taken" | "slot_in_past" | "unknown_slot")):
                return self._load_slots("booking.slot_taken")
            case Err(error=Rejected(error="already_booked")):
                return self._load_slots("booking.already_booked")
            case Err(error=error):
                return self._unavailable(error)

    # --- upcoming appointments ------------------------------------------------------------
    def show_appointments(self) -> BookingState:
        citizen = self._citizen()
        if citizen is None:
            return self._set(BookingState.NEED_LOGIN, "booking.need_login")
        return self._reload_appointments(citizen, "booking.appointments")

    def _reload_appointments(self, citizen: Citizen, message_key: str,
                             **values: object) -> BookingState:
        self._set(BookingState.WORKING, "booking.working")
        match self._platform.appointments(citizen.token):
            case Ok(value=body):
                self.appointments = [Appointment.from_platform(a) for a in body["appointments"]]
            case Err(error=error):
                return self._unavailable(error)
        key = message_key if self.appointments else "booking.no_appointments"
        return self._set(BookingState.APPOINTMENTS, key, **values)

    def countdown(self, appointment: Appointment) -> tuple[int, int, int]:
        """预约倒计时: days, hours, minutes until the slot starts."""
        return countdown(appointment.slot.starts_at, self.now())

    def can_cancel(self, appointment: Appointment) -> bool:
        return self.now() < appointment.cancel_deadline

    def is_today(self, appointment: Appointment) -> bool:
        return appointment.slot.date == local_time(self.now()).date().isoformat()

    def cancel(self, booking_no: str) -> BookingState:
        citizen = self._citizen()
        if citizen is None:
            return self._set(BookingState.NEED_LOGIN, "booking.need_login")
        found = self._find(booking_no)
        self._set(BookingState.WORKING, "booking.working")
        match self._platform.cancel_appointment(booking_no, citizen.token, new_idempotency_key()):
            case Ok(value=body):
                self.appointment = Appointment.from_platform(body)
                return self._set(BookingState.CANCELLED, "booking.cancelled")
            case Err(error=Rejected(error="cancel_deadline_passed")):
                return self._refused("booking.cancel_too_late", found)
            case Err(error=Rejected(status=404 | 409)):
                return self._reload_appointments(citizen, "booking.not_booked_any_more")
            case Err(error=error):
                return self._unavailable(error)

    def check_in(self, booking_no: str) -> BookingState:
        """A booked citizen arrives: a priority queue ticket (预约优先办理)."""
        found = self._find(booking_no)
        self._set(BookingState.WORKING, "booking.working")
        match self._platform.check_in(booking_no, new_idempotency_key()):
            case Ok(value=body):
                self.ticket = Ticket.from_platform(body)
                return self._set(BookingState.CHECKED_IN, "booking.checked_in")
            case Err(error=Rejected(error="not_today")):
                return self._refused("booking.check_in_not_today", found)
            case Err(error=Rejected(status=404 | 409)):
                return self._refused("booking.check_in_refused", found)
            case Err(error=error):
                return self._unavailable(error)

    def citizen_name(self) -> str:
        """The booker's name (预约人姓名), shown with the booking."""
        citizen = self._citizen()
        return citizen.name if citizen else ""

    # --- printing --------------------------------------------------------------------------
    def print_slip(self) -> Any:
        """The appointment slip (预约凭证) of the booking just made."""
        if self._print is None or self.appointment is None:
            return None
        a, citizen = self.appointment, self._citizen()
        url = self.settings.slip_url.format(booking_no=a.booking_no)
        item = self.item or next((i for i in self.items if i.code == a.item_code), None)
        period = "上午" if a.slot.period == "morning" else "下午"
        data = {
            "centre_name": self.settings.centre_name or a.slot.centre,
            "appointment_no": a.booking_no,
            "applicant": citizen.name if citizen else "",
            "item_name": item.name_zh if item else a.item_code,
            "appointment_date": a.slot.date,
            "time_slot": f"{period} {a.slot.start}-{a.slot.end}",
            "place": a.place,
            "progress_url": url,
            "centre_phone": self.settings.centre_phone,
        }
        return self._print(PrintJob(f"slip-{a.booking_no}", "appointment_slip", data, url))

    def print_ticket(self) -> Any:
        if self._print is None or self.ticket is None:
            return None
        return self._print(ticket_job(self.ticket, self.settings.centre_name))

    # --- helpers ---------------------------------------------------------------------------
    def _find(self, booking_no: str) -> Appointment | None:
        return next((a for a in self.appointments if a.booking_no == booking_no), None)

    def _refused(self, message_key: str, appointment: Appointment | None) -> BookingState:
        self.appointment = appointment
        deadline = local_time(appointment.cancel_deadline) if appointment else None
        return self._set(BookingState.REFUSED, message_key,
                         deadline=f"{deadline:%Y-%m-%d %H:%M}" if deadline else "",
                         rules=appointment.rules if appointment else "")

    def _unavailable(self, error: PlatformError) -> BookingState:
        key = "booking.unavailable" if is_offline(error) else "booking.refused"
        return self._set(BookingState.UNAVAILABLE, key)
