"""Appointments against the reference platform: book, slot taken meanwhile, cancel before and
after the deadline, check in for a priority ticket, offline."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from kiosk.flows.booking import BookableItem, BookingFlow, BookingSettings, BookingState
from kiosk.flows.citizen_services import LOCAL_TZ
from kiosk.flows.printing import PrintingFlow, PrintState
from kiosk.i18n import translate
from platform_sim.store import id_check_digit
from platform_sim.testing import simulated_platform
from tests.kiosk.flows.citizen_world import build_world
from tests.peripherals.printer.harness import start_rig

ITEM = BookableItem("11010500100001", "个体工商户设立登记", "Registering a sole trader")


@pytest.fixture
def world(tmp_path):
    with simulated_platform(tmp_path / "platform") as sim:
        world = build_world(sim, tmp_path)
        yield world
        world.stop()


@pytest.fixture
def citizen(world):
    return [world.login("zhangwei")]


@pytest.fixture
def flow(world, citizen):
    return BookingFlow(world.client, lambda: citizen[0], lambda: [ITEM], world.print_document,
                       BookingSettings(centre_name="示范区政务服务中心"), now=world.now)


def _text(flow, language="zh_CN"):
    return translate(flow.message_key, language, **flow.values)


def _book_first_slot(flow):
    assert flow.choose_booking() is BookingState.ITEMS
    assert flow.choose_item(ITEM.code) is BookingState.SLOTS
    slot = _later_day(flow)
    assert flow.book(slot.slot_id) is BookingState.BOOKED
    return slot


def _later_day(flow):
    """A slot after today, so that deadlines and check-in do not depend on the hour."""
    today = flow.now().astimezone(LOCAL_TZ).date().isoformat()
    return next(s for s in flow.slots if s.date > today)


def _stranger(world, n: int):
    first17 = f"11010119900101{n:03d}"
    body = world.client.verify_identity("id_card", first17 + id_check_digit(first17), f"路人{n}")
    return body.value["citizen_token"]


def test_a_booking_shows_number_booker_time_place_content_and_prints_the_slip(world, flow):
    slot = _book_first_slot(flow)
    booked = flow.appointment
    assert booked.booking_no.startswith("YY") and booked.slot.slot_id == slot.slot_id
    assert "示范区政务服务中心" in booked.place and booked.rules
    assert world.sim.rows("SELECT state, item_code FROM bookings") == [("booked", ITEM.code)]

    flow.print_slip()
    job = world.printed[-1]
    assert job.document == "appointment_slip"
    assert job.data["appointment_no"] == booked.booking_no
    assert job.data["applicant"] == "张伟"
    assert job.data["item_name"] == ITEM.name_zh
    assert job.data["appointment_date"] == slot.date and slot.start in job.data["time_slot"]
    assert job.data["place"] == booked.place

    assert flow.show_appointments() is BookingState.APPOINTMENTS
    [listed] = flow.appointments
    days, hours, minutes = flow.countdown(listed)
    left = slot.starts_at - world.now()
    assert abs(timedelta(days=days, hours=hours, minutes=minutes) - left) < timedelta(minutes=2)


def test_a_slot_taken_meanwhile_books_nothing_and_offers_the_remaining_slots(world, flow):
    assert flow.choose_booking() is BookingState.ITEMS
    flow.choose_item(ITEM.code)
    wanted = _later_day(flow)
    for n in range(wanted.capacity_left):  # others fill it while the citizen reads the list
        assert world.client.book_appointment(wanted.slot_id, ITEM.code, _stranger(world, n),
                                             f"other-booking-{n:08d}").ok

    assert flow.book(wanted.slot_id) is BookingState.SLOTS
    assert flow.message_key == "booking.slot_taken"
    assert "刚刚约满" in _text(flow)
    assert wanted.slot_id not in {s.slot_id for s in flow.slots} and flow.slots
    assert flow.appointment is None
    assert flow.show_appointments() is BookingState.APPOINTMENTS and not flow.appointments


def test_cancel_before_the_deadline_frees_the_booking(world, flow):
    _book_first_slot(flow)
    flow.show_appointments()
    [booked] = flow.appointments
    assert flow.can_cancel(booked)

    assert flow.cancel(booked.booking_no) is BookingState.CANCELLED
    assert world.sim.rows("SELECT state FROM bookings") == [("cancelled",)]
    assert flow.show_appointments() is BookingState.APPOINTMENTS and not flow.appointments


def test_cancel_after_the_deadline_is_refused_and_the_rules_are_explained(world, flow, citizen):
    _book_first_slot(flow)
    deadline = flow.appointment.cancel_deadline
    world.sim.server.advance_clock((deadline - world.now()).total_seconds() + 60)
    citizen[0] = world.login("zhangwei")  # a new visit: the old login has expired

    assert flow.show_appointments() is BookingState.APPOINTMENTS
    [booked] = flow.appointments
    assert not flow.can_cancel(booked)
    assert flow.cancel(booked.booking_no) is BookingState.REFUSED
    text = _text(flow)
    assert f"{deadline.astimezone(LOCAL_TZ):%Y-%m-%d %H:%M}" in text and booked.rules in text
    assert world.sim.rows("SELECT state FROM bookings") == [("booked",)]


def test_check_in_on_the_day_gives_a_priority_ticket_that_prints(world, flow):
    slot = _book_first_slot(flow)
    booking_no = flow.appointment.booking_no
    flow.show_appointments()
    assert flow.check_in(booking_no) is BookingState.REFUSED  # not today yet
    assert flow.message_key == "booking.check_in_not_today"

    day_start = datetime.fromisoformat(f"{slot.date}T08:00").replace(tzinfo=LOCAL_TZ)
    world.sim.server.advance_clock((day_start - world.now()).total_seconds())
    assert flow.is_today(flow.appointments[0])
    assert flow.check_in(booking_no) is BookingState.CHECKED_IN
    assert flow.ticket.priority_group == "booked" and flow.ticket.ticket_no.startswith("A")
    flow.print_ticket()
    assert world.printed[-1].document == "queue_ticket"
    assert world.printed[-1].data["ticket_no"] == flow.ticket.ticket_no
    assert flow.check_in(booking_no) is BookingState.REFUSED  # a booking checks in once


def test_offline_nothing_is_booked_and_the_citizen_is_told(world, flow):
    flow.choose_booking()
    flow.choose_item(ITEM.code)
    world.platform_down()

    assert flow.book(flow.slots[0].slot_id) is BookingState.UNAVAILABLE
    assert "未做任何预约" in _text(flow) and "nothing was booked" in _text(flow, "en")
    assert flow.show_appointments() is BookingState.UNAVAILABLE
    world.platform_down(False)
    assert world.sim.rows("SELECT COUNT(*) FROM bookings") == [(0,)]


def test_booking_without_login_asks_for_identity(world):
    flow = BookingFlow(world.client, lambda: None, lambda: [ITEM])
    assert flow.choose_booking() is BookingState.NEED_LOGIN
    assert flow.show_appointments() is BookingState.NEED_LOGIN
    assert not flow.can_print


def test_the_slip_and_the_priority_ticket_come_out_of_the_printer_simulator(world, citizen):
    rig = start_rig()
    try:
        printing = PrintingFlow(rig.printer, rig.bus, "zh_CN", "12345")
        flow = BookingFlow(world.client, lambda: citizen[0], lambda: [ITEM],
                           printing.print_document, BookingSettings(centre_name="示范区政务服务中心"),
                           now=world.now)
        slot = _book_first_slot(flow)
        assert flow.print_slip() is PrintState.DONE
        slip = rig.sim.pages[-1].text()
        for expected in (flow.appointment.booking_no, "张伟", ITEM.name_zh, slot.date, "上午"
                         if slot.period == "morning" else "下午", "一楼综合窗口"):
            assert expected in slip

        day_start = datetime.fromisoformat(f"{slot.date}T08:00").replace(tzinfo=LOCAL_TZ)
        world.sim.server.advance_clock((day_start - world.now()).total_seconds())
        flow.check_in(flow.appointment.booking_no)
        assert flow.print_ticket() is PrintState.DONE
        ticket = rig.sim.pages[-1].text()
        assert flow.ticket.ticket_no in ticket and "A区" in ticket and "前面等候" in ticket
    finally:
        rig.stop()
