"""Appointments and queue tickets: a thin view over :class:`~kiosk.flows.booking.BookingFlow` and
:class:`~kiosk.flows.queue.QueueFlow` (built by :func:`kiosk.flows.citizen_setup.citizen_services`).

Taps go to the flows on a worker thread (they wait for the platform); every change of a flow
re-renders the lists on Kivy's clock. States are shown inline, never in a pop-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen

from kiosk.flows.booking import Appointment, BookingFlow, BookingState, Slot
from kiosk.flows.citizen_services import local_time
from kiosk.flows.queue import QueueFlow, QueueState, Ticket
from kiosk.i18n import translate
from screens.accessibility import OptionButton
from screens.guide import qr_texture
from screens.widgets import BodyLabel, PrimaryButton

PAGE = 8


class DetailLabel(BodyLabel):
    """A line of details, left-aligned."""


class TicketNumber(Label):
    pass


class CardBox(BoxLayout):
    """One appointment: its details and what can be done with it."""


def services(app: App):
    """The citizen-service flows of this kiosk, built once per core."""
    core = app.core
    if not hasattr(core, "citizen_services"):
        from kiosk.flows.citizen_setup import citizen_services

        core.citizen_services = citizen_services(core)
    return core.citizen_services


def slot_text(slot: Slot, lang: str, places: bool = True) -> str:
    """Date, weekday, period and hours of ``slot``, with the places left if ``places``."""
    weekday = date.fromisoformat(slot.date).weekday()
    return translate("booking.slot" if places else "booking.slot_time", lang, date=slot.date,
                     start=slot.start, end=slot.end, left=slot.capacity_left,
                     weekday=translate(f"booking.weekday.{weekday}", lang),
                     period=translate(f"booking.period.{slot.period}", lang))


class BookingScreen(Screen):
    title_key = StringProperty("booking.title")
    message = StringProperty("")
    mode = StringProperty("booking")  # booking | queue

    def on_kv_post(self, _base_widget) -> None:
        app = App.get_running_app()
        flows = services(app)
        self.booking: BookingFlow = flows.booking
        self.queue: QueueFlow = flows.queue
        self.printing = flows.printing
        self.page = 0
        self._shown: tuple[str, object] = ("", None)
        for flow in (self.booking, self.queue, self.printing):
            if flow is not None:
                flow.on_change(lambda _flow: Clock.schedule_once(lambda _dt: self.render()))
        app.bind(lang=lambda *_: self.render())

    def on_pre_enter(self, *_args) -> None:
        self.mode, self.page = "booking", 0
        self.booking.start()
        self.render()

    # --- input, forwarded to the flows ------------------------------------------------------
    def run(self, action: Callable[..., object], *args: object) -> None:
        """Call the flow off the main loop; ``worker`` is the latest such call."""
        self.worker = threading.Thread(target=action, args=args, daemon=True)
        self.worker.start()

    def take_ticket(self) -> None:
        self.mode = "queue"
        self.run(self.queue.start)

    def back(self) -> None:
        if self.mode == "booking" and self.booking.state is BookingState.MENU:
            App.get_running_app().go_home()
        else:
            self.mode, self.page = "booking", 0
            self.booking.start()

    def next_page(self) -> None:
        pages = max(1, -(-len(self.booking.items) // PAGE))
        self.page = (self.page + 1) % pages
        self.render()

    # --- rendering --------------------------------------------------------------------------
    def render(self) -> None:
        lang = App.get_running_app().lang
        content, actions = self.ids.content, self.ids.actions
        for box in (content, actions, self.ids.above):
            box.clear_widgets()
        content.cols = 2
        flow = self.queue if self.mode == "queue" else self.booking
        if (self.mode, flow.state) != self._shown:  # a new step starts at the top
            self._shown, self.ids.scroll.scroll_y = (self.mode, flow.state), 1
        self.title_key = "booking.menu.ticket" if self.mode == "queue" else "booking.title"
        self.message = translate(flow.message_key or "booking.menu", lang, **flow.values)
        if self.mode == "queue":
            self._render_queue(lang)
        else:
            self._render_booking(lang)
        if self.printing is not None and self.printing.message and self._ticket_or_slip():
            content.add_widget(DetailLabel(text=self.printing.message))
        home = self.booking.state is BookingState.MENU and self.mode == "booking"
        self._action("booking.home" if home else "booking.back", self.back, lang)

    def _ticket_or_slip(self) -> bool:
        if self.mode == "queue":
            return self.queue.state is QueueState.TICKET
        return self.booking.state in (BookingState.BOOKED, BookingState.CHECKED_IN)

    def _render_booking(self, lang: str) -> None:
        flow, state = self.booking, self.booking.state
        if state is BookingState.MENU:
            self.ids.content.cols = 3
            self.message = translate("booking.menu", lang)
            self._option("booking.menu.book", lambda: self.run(flow.choose_booking), lang)
            self._option("booking.menu.mine", lambda: self.run(flow.show_appointments), lang)
            self._option("booking.menu.ticket", self.take_ticket, lang)
        elif state is BookingState.NEED_LOGIN:
            self._action("booking.login", lambda: App.get_running_app().open_journey("qr_login"),
                         lang)
        elif state is BookingState.ITEMS:
            shown = flow.items[self.page * PAGE:(self.page + 1) * PAGE]
            for item in shown:
                self._choice(item.name(lang), lambda code=item.code: self.run(flow.choose_item, code))
            pages = -(-len(flow.items) // PAGE)
            if pages > 1:
                self._action("booking.more_items", self.next_page, lang, page=self.page + 1,
                             pages=pages)
        elif state is BookingState.SLOTS:
            for slot in flow.slots:
                button = self._choice(slot_text(slot, lang),
                                      lambda s=slot.slot_id: self.run(flow.book, s))
                button.slot_id = slot.slot_id
        elif state is BookingState.NO_SLOTS:
            self._action("booking.menu.ticket", self.take_ticket, lang)
        elif state in (BookingState.BOOKED, BookingState.CANCELLED):
            self._details(flow.appointment, lang, with_name=True)
            if state is BookingState.BOOKED and flow.can_print:
                self._action("booking.print_slip", lambda: self.run(flow.print_slip), lang)
            self._action("booking.menu.mine", lambda: self.run(flow.show_appointments), lang)
        elif state is BookingState.APPOINTMENTS:
            self.ids.content.cols = 1
            for appointment in flow.appointments:
                self._card(appointment, lang)
        elif state is BookingState.CHECKED_IN:
            self._ticket(flow.ticket, lang)
            if flow.can_print:
                self._action("booking.print_ticket", lambda: self.run(flow.print_ticket), lang)
        elif state is BookingState.REFUSED:
            self._action("booking.menu.mine", lambda: self.run(flow.show_appointments), lang)

    def _render_queue(self, lang: str) -> None:
        flow = self.queue
        if flow.state is QueueState.CATEGORIES:
            row = BoxLayout(size_hint_y=None, spacing=App.get_running_app().mm(3),
                            orientation="horizontal")
            row.add_widget(DetailLabel(text=translate("queue.priority.label", lang)))
            for group in flow.priority_groups:
                button = OptionButton(text=translate(f"queue.priority.{group}", lang),
                                      selected=flow.priority_group == group)
                button.bind(on_release=lambda _b, g=group: flow.choose_priority(g))
                row.add_widget(button)
            row.bind(minimum_height=row.setter("height"))
            self.ids.above.add_widget(row)
            for category in flow.categories:
                self._choice(translate("queue.category", lang, name=category.name(lang),
                                       waiting=category.waiting),
                             lambda c=category.category_id: self.run(flow.take, c))
        elif flow.state is QueueState.TICKET:
            self._ticket(flow.ticket, lang)
            if flow.can_print:
                self._action("booking.print_ticket", lambda: self.run(flow.print_ticket), lang)
            self._action("queue.refresh", lambda: self.run(flow.refresh), lang)

    # --- pieces -----------------------------------------------------------------------------
    def _option(self, key: str, on_release: Callable[[], None], lang: str) -> None:
        self._choice(translate(key, lang), on_release)

    def _choice(self, text: str, on_release: Callable[[], None]) -> OptionButton:
        button = OptionButton(text=text)
        button.bind(on_release=lambda _b: on_release())
        self.ids.content.add_widget(button)
        return button

    def _action(self, key: str, on_release: Callable[[], None], lang: str, **values) -> None:
        button = PrimaryButton(text=translate(key, lang, **values))
        button.bind(on_release=lambda _b: on_release())
        self.ids.actions.add_widget(button)

    def _details(self, a: Appointment | None, lang: str, with_name: bool = False) -> None:
        if a is None:
            return
        self.ids.content.cols = 1
        item = next((i for i in self.booking.items if i.code == a.item_code), None)
        name = self.booking.citizen_name() if with_name else ""
        lines = [("booking.detail.number", a.booking_no)]
        if name:
            lines.append(("booking.detail.name", name))
        lines += [("booking.detail.time", slot_text(a.slot, lang, places=False)),
                  ("booking.detail.place", a.place),
                  ("booking.detail.content", item.name(lang) if item else a.item_code),
                  ("booking.detail.deadline", f"{local_time(a.cancel_deadline):%Y-%m-%d %H:%M}"),
                  ("booking.detail.rules", a.rules)]
        for key, value in lines:
            self.ids.content.add_widget(DetailLabel(text=translate(key, lang, value=value)))

    def _card(self, a: Appointment, lang: str) -> None:
        flow = self.booking
        card = CardBox()
        days, hours, minutes = flow.countdown(a)
        key = "booking.countdown_today" if flow.is_today(a) else "booking.countdown"
        for text in (translate("booking.detail.number", lang, value=a.booking_no),
                     translate("booking.detail.time", lang,
                               value=slot_text(a.slot, lang, places=False)),
                     translate(key, lang, days=days, hours=hours, minutes=minutes),
                     translate("booking.detail.deadline", lang,
                               value=f"{local_time(a.cancel_deadline):%Y-%m-%d %H:%M}")):
            card.ids.lines.add_widget(DetailLabel(text=text))
        buttons = card.ids.buttons
        if flow.can_cancel(a):
            cancel = OptionButton(text=translate("booking.cancel", lang))
            cancel.bind(on_release=lambda _b: self.run(flow.cancel, a.booking_no))
            buttons.add_widget(cancel)
        if flow.is_today(a):
            check_in = OptionButton(text=translate("booking.check_in", lang))
            check_in.bind(on_release=lambda _b: self.run(flow.check_in, a.booking_no))
            buttons.add_widget(check_in)
        self.ids.content.add_widget(card)

    def _ticket(self, ticket: Ticket | None, lang: str) -> None:
        if ticket is None:
            return
        content = self.ids.content
        panel = BoxLayout(orientation="vertical", size_hint_y=None)
        panel.add_widget(DetailLabel(text=translate("queue.ticket.number", lang), halign="center"))
        panel.add_widget(TicketNumber(text=ticket.ticket_no))
        for key, values in (("queue.ticket.ahead", {"count": ticket.ahead}),
                            ("queue.ticket.place", {"place": ticket.place})):
            panel.add_widget(DetailLabel(text=translate(key, lang, **values), halign="center"))
        if ticket.priority_group:
            group = translate(f"queue.priority.{ticket.priority_group}", lang)
            panel.add_widget(DetailLabel(text=translate("queue.ticket.priority", lang, group=group),
                                         halign="center"))
        panel.bind(minimum_height=panel.setter("height"))
        content.add_widget(panel)
        qr = BoxLayout(orientation="vertical", size_hint_y=None)
        qr.add_widget(Image(texture=qr_texture(ticket.follow_url), size_hint_y=None,
                            height=App.get_running_app().mm(45)))
        qr.add_widget(DetailLabel(text=translate("queue.ticket.follow", lang), halign="center"))
        panel.bind(height=qr.setter("height"))  # side by side, both from the top
        content.add_widget(qr)
