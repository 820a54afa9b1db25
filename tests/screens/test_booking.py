"""The booking screen against the reference platform: book and print, slot taken meanwhile,
cancel before and after the deadline, queue ticket with QR, offline."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.flows.booking import BookingState
from kiosk.flows.citizen_services import LOCAL_TZ
from kiosk.flows.queue import QueueState
from tests.screens.citizen_ui import (
    button,
    buttons,
    control,
    log_in,
    new_citizen,
    tap_in_view,
    texts,
    wait_until,
)


@pytest.fixture
def screen(kiosk):
    tiles = {t.journey: t for t in kiosk.app.manager.get_screen("home").ids.tiles.children}
    kiosk.tap(tiles["booking"])
    screen = kiosk.app.manager.current_screen
    assert screen.name == "booking"
    yield screen
    control(kiosk, "faults", down=False)


def _state(screen, state):
    return lambda: screen.booking.state is state


def _book_a_later_slot(kiosk, screen):
    tap_in_view(kiosk, lambda: button(screen.ids.content, "预约办事时间"), _state(screen, BookingState.ITEMS))
    wait_until(kiosk, _state(screen, BookingState.ITEMS))
    tap_in_view(kiosk, lambda: buttons(screen.ids.content)[0], _state(screen, BookingState.SLOTS))
    wait_until(kiosk, _state(screen, BookingState.SLOTS))
    today = datetime.now(UTC).astimezone(LOCAL_TZ).date().isoformat()
    later = next(s for s in screen.booking.slots if s.date > today)
    [slot_button] = [b for b in buttons(screen.ids.content)
                     if getattr(b, "slot_id", None) == later.slot_id]
    return later, slot_button


def test_book_see_the_booking_message_then_cancel_it(kiosk, screen):
    log_in(kiosk)
    menu = texts(screen)
    assert "预约办事时间" in menu and "现场取号" in menu
    later, slot_button = _book_a_later_slot(kiosk, screen)
    kiosk.screenshot("booking-slots")
    tap_in_view(kiosk, lambda: slot_button)
    wait_until(kiosk, _state(screen, BookingState.BOOKED))
    shown = "\n".join(texts(screen))
    booking_no = screen.booking.appointment.booking_no
    for expected in ("预约成功", f"预约号：{booking_no}", "预约人：测试市民", later.date,
                     "办理地点：示范区政务服务中心", "预约内容：", "取消与爽约规则"):
        assert expected in shown
    kiosk.screenshot("booking-booked")

    kiosk.tap(button(screen.ids.actions, "我的预约"))
    wait_until(kiosk, _state(screen, BookingState.APPOINTMENTS))
    shown = "\n".join(texts(screen.ids.content))
    assert booking_no in shown and "距预约开始还有" in shown
    kiosk.screenshot("booking-mine")
    tap_in_view(kiosk, lambda: button(screen.ids.content, "取消预约"), _state(screen, BookingState.CANCELLED))
    wait_until(kiosk, _state(screen, BookingState.CANCELLED))
    assert "预约已取消" in screen.ids.message.text


def test_a_slot_taken_meanwhile_is_explained_and_other_slots_offered(kiosk, screen):
    log_in(kiosk)
    later, slot_button = _book_a_later_slot(kiosk, screen)
    client = kiosk.core.platform.client
    item = screen.booking.item.code
    for n in range(later.capacity_left):
        other = new_citizen(kiosk)["citizen_token"]
        assert client.book_appointment(later.slot_id, item, other, f"ui-taken-{n}-{other[:20]}").ok

    tap_in_view(kiosk, lambda: slot_button)
    wait_until(kiosk, lambda: screen.booking.message_key == "booking.slot_taken")
    assert "刚刚约满" in screen.ids.message.text
    offered = [getattr(b, "slot_id", None) for b in buttons(screen.ids.content)]
    assert offered and later.slot_id not in offered
    kiosk.screenshot("booking-slot-taken")


def test_queue_ticket_shows_number_people_ahead_zone_and_a_qr(kiosk, screen):
    tap_in_view(kiosk, lambda: button(screen.ids.content, "现场取号"), lambda: screen.mode == "queue")
    wait_until(kiosk, lambda: screen.queue.state is QueueState.CATEGORIES and screen.mode == "queue")
    kiosk.screenshot("queue-categories")
    tap_in_view(kiosk, lambda: button(screen.ids.above, "老年人"), lambda: screen.queue.priority_group)
    tap_in_view(kiosk, lambda: button(screen.ids.content, "出入境"))
    wait_until(kiosk, lambda: screen.queue.state is QueueState.TICKET)
    ticket = screen.queue.ticket
    shown = texts(screen)
    assert ticket.ticket_no in shown and ticket.ticket_no.startswith("D")
    assert f"前面还有 {ticket.ahead} 人" in shown and "办理区域：D区" in shown
    assert "优先：老年人" in shown
    kiosk.screenshot("queue-ticket")


def test_offline_booking_says_nothing_was_booked(kiosk, screen):
    log_in(kiosk)
    _later, slot_button = _book_a_later_slot(kiosk, screen)
    control(kiosk, "faults", down=True)
    tap_in_view(kiosk, lambda: slot_button)
    wait_until(kiosk, _state(screen, BookingState.UNAVAILABLE))
    assert "未做任何预约" in screen.ids.message.text
    kiosk.screenshot("booking-offline")
