"""The 好差评 and complaint screen against the in-process reference platform: five neutral
levels, reasons and a reply number for low ones, one evaluation per service event, offline."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest
from PIL import Image, ImageStat

from kiosk.events import ServiceCompleted
from kiosk.flows.evaluation import EvaluationState
from tests.screens.citizen_ui import (
    button,
    buttons,
    control,
    log_in,
    tap_in_view,
    texts,
    wait_until,
)

LEVEL_TEXTS = ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]


def _held(kiosk, event_id: str) -> list[dict]:
    """What the platform recorded for ``event_id`` (read from its store)."""
    path = kiosk.core.config.data_dir / "platform-sim" / "platform.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT request FROM evaluations WHERE service_event_id = ?",
                          (event_id,)).fetchall()
    return [json.loads(r) for (r,) in rows]


@pytest.fixture
def open_screen(kiosk):
    def open_it(event_id: str | None = None, kind: str = "submission"):
        kiosk.core.session.touch()
        if event_id:
            kiosk.core.bus.publish(ServiceCompleted(event_id, kind))
        kiosk.tap(next(t for t in kiosk.app.manager.get_screen("home").ids.tiles.children
                       if t.journey == "evaluation"))
        screen = kiosk.app.manager.current_screen
        wait_until(kiosk, lambda: not screen.worker.is_alive())
        return screen

    yield open_it
    control(kiosk, "faults", down=False)


def _levels(screen):
    return sorted(screen.ids.levels.children, key=lambda b: b.x)


def _event() -> str:
    return f"SQ{uuid.uuid4().int % 10**16:016d}"


def test_five_levels_equal_and_neutral_none_chosen_then_a_rating_is_recorded(kiosk, open_screen):
    event = _event()
    screen = open_screen(event)
    levels = _levels(screen)
    assert [b.text for b in levels] == LEVEL_TEXTS
    assert len({(round(b.width), round(b.height)) for b in levels}) == 1
    assert len({tuple(b.background_color) + tuple(b.color) for b in levels}) == 1
    assert not any(b.selected for b in levels)
    assert not [b for b in buttons(screen.ids.actions) if "提交" in b.text]
    shot = Image.open(kiosk.screenshot("evaluation-levels")).convert("RGB")
    frames = []
    for b in levels:  # what the citizen sees: the same frame and fill around each label
        x, y = b.to_window(b.x, b.y)
        box = (round(x) + 2, shot.height - round(y + b.height) + 2,
               round(x + b.width) - 2, shot.height - round(y) - 2)
        edge = shot.crop((box[0], box[1], box[2], box[1] + 6))
        frames.append(tuple(round(v) for v in ImageStat.Stat(edge).mean))
    spread = [max(channel) - min(channel) for channel in zip(*frames)]
    assert max(spread) <= 3, frames  # antialiasing aside, all five look the same

    tap_in_view(kiosk, lambda: levels[1], lambda: screen.evaluation.level == 4)
    assert _levels(screen)[1].selected and sum(b.selected for b in _levels(screen)) == 1
    kiosk.tap(button(screen.ids.actions, "提交评价"))
    wait_until(kiosk, lambda: screen.evaluation.state is EvaluationState.THANKS)
    assert "感谢您的评价" in screen.ids.message.text
    [held] = _held(kiosk, event)
    assert held["level"] == 4 and held["anonymous"]


def test_a_low_rating_asks_why_takes_a_reply_number_and_may_carry_the_name(kiosk, open_screen):
    login = log_in(kiosk)
    event = _event()
    screen = open_screen(event, "pickup")
    assert "自助取件" in "\n".join(texts(screen.ids.above))
    tap_in_view(kiosk, lambda: _levels(screen)[4], lambda: screen.evaluation.level == 1)
    assert "请选择不满意的原因" in screen.ids.message.text
    kiosk.screenshot("evaluation-low")
    assert not [b for b in buttons(screen.ids.actions) if "提交" in b.text]  # a reason first
    flow = screen.evaluation
    tap_in_view(kiosk, lambda: button(screen.ids.content, "办理时间太长"), lambda: flow.chosen_reasons)
    tap_in_view(kiosk, lambda: button(screen.ids.content, "实名评价"), lambda: not flow.anonymous)
    tap_in_view(kiosk, lambda: button(screen.ids.content, "留电话"), lambda: screen.entering_contact)
    for n, digit in enumerate("13912345678", 1):
        tap_in_view(kiosk, lambda: next(b for b in buttons(screen.ids.content) if b.text == digit),
                    lambda n=n: len(flow.contact.digits) == n)
    assert "13912345678" in texts(screen.ids.above)
    kiosk.screenshot("evaluation-contact")
    kiosk.tap(button(screen.ids.actions, "完成"))
    kiosk.screenshot("evaluation-low-ready")
    kiosk.tap(button(screen.ids.actions, "提交评价"))
    wait_until(kiosk, lambda: screen.evaluation.state is EvaluationState.THANKS)
    [held] = _held(kiosk, event)
    assert held["level"] == 1 and held["reasons"] == ["slow"]
    assert held["contact"] == "13912345678"
    assert held["citizen_ref"] == login["citizen"]["citizen_ref"] and not held["anonymous"]


def test_a_second_evaluation_of_the_same_service_is_refused(kiosk, open_screen):
    event = _event()
    screen = open_screen(event)
    tap_in_view(kiosk, lambda: _levels(screen)[0], lambda: screen.evaluation.level == 5)
    kiosk.tap(button(screen.ids.actions, "提交评价"))
    wait_until(kiosk, lambda: screen.evaluation.state is EvaluationState.THANKS)
    kiosk.tap(kiosk.app.root.ids.home_button if "home_button" in kiosk.app.root.ids
              else button(screen.ids.actions, "返回首页"))

    screen = open_screen(event)
    assert screen.evaluation.state is EvaluationState.ALREADY
    assert "只能评价一次" in screen.ids.message.text and not screen.ids.levels.children
    assert len(_held(kiosk, event)) == 1


def test_an_evaluation_made_offline_is_delivered_exactly_once_later(kiosk, open_screen):
    event = _event()
    screen = open_screen(event)
    control(kiosk, "faults", down=True)
    tap_in_view(kiosk, lambda: _levels(screen)[2], lambda: screen.evaluation.level == 3)
    kiosk.tap(button(screen.ids.actions, "提交评价"))
    wait_until(kiosk, lambda: screen.evaluation.state is EvaluationState.QUEUED)
    assert "已保存在本终端" in screen.ids.message.text
    kiosk.screenshot("evaluation-offline")
    assert _held(kiosk, event) == []

    outbox = kiosk.core.platform.outbox

    def delivered() -> bool:
        return any((e.result or {}).get("service_event_id") == event for e in outbox.entries())

    control(kiosk, "faults", down=False, drop_rate=0.5, seed=3)  # back, answers get lost
    try:
        wait_until(kiosk, delivered, timeout_s=60)
    finally:
        control(kiosk, "faults", drop_rate=0)
    assert [h["level"] for h in _held(kiosk, event)] == [3]


def test_a_complaint_from_the_evaluation_screen_names_12345_and_gets_a_number(kiosk, open_screen):
    screen = open_screen()
    kiosk.tap(button(screen.ids.actions, "我要投诉"))
    wait_until(kiosk, lambda: "办事效率" in texts(screen.ids.content))
    assert "12345" in "\n".join(texts(screen.ids.above))
    complaint = screen.complaint
    tap_in_view(kiosk, lambda: button(screen.ids.content, "办事效率"), lambda: complaint.category)
    tap_in_view(kiosk, lambda: button(screen.ids.content, "排队等候时间过长"), lambda: complaint.problems)
    kiosk.screenshot("complaint-form")
    kiosk.tap(button(screen.ids.actions, "提交投诉"))
    wait_until(kiosk, lambda: screen.complaint.complaint_no != "")
    assert screen.complaint.complaint_no in screen.ids.message.text
