"""好差评 against the reference platform: five levels with none chosen, reasons for the low ones,
real name or anonymous, one evaluation per service event, offline evaluations delivered once."""

from __future__ import annotations

import json

import pytest

from kiosk.events import SessionEnded
from kiosk.events import ServiceCompleted
from kiosk.flows.evaluation import LEVELS, EvaluationFlow, EvaluationState
from kiosk.i18n import translate
from offline_cache.delivery import OutboxWorker
from offline_cache.outbox import EntryState, Outbox
from platform_sim.testing import simulated_platform
from tests.kiosk.flows.citizen_world import build_world


@pytest.fixture
def world(tmp_path):
    with simulated_platform(tmp_path / "platform") as sim:
        world = build_world(sim, tmp_path)
        yield world
        world.stop()


def _flow(world, citizen=None, outbox=None, visit="a1b2c3d4e5f6"):
    return EvaluationFlow(world.client, lambda: outbox or world.outbox, lambda: citizen,
                          lambda: visit, world.bus, wait_s=2.0)


def _stored(world, event_id):
    return [(level, json.loads(request)) for level, request in world.sim.rows(
        "SELECT level, request FROM evaluations WHERE service_event_id = ?", event_id)]


def test_five_levels_in_the_standard_order_none_chosen_nothing_sent_until_one_is(world):
    flow = _flow(world)
    assert flow.start() is EvaluationState.CHOOSE
    assert [translate(f"evaluation.level.{n}", "zh_CN") for n in LEVELS] == [
        "非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert flow.level is None and not flow.can_submit
    assert flow.submit() is EvaluationState.CHOOSE
    assert world.outbox.count() == 0

    flow.choose_level(4)
    assert flow.submit() is EvaluationState.THANKS
    assert "感谢您的评价" in translate(flow.message_key, "zh_CN")
    [(level, request)] = _stored(world, "VS-a1b2c3d4e5f6")
    assert level == 4 and request["anonymous"] and request["citizen_ref"] is None


def test_a_low_level_needs_a_reason_and_may_leave_a_number_and_the_name(world):
    citizen = world.login("lina")
    flow = _flow(world, citizen)
    world.bus.publish(ServiceCompleted("PK-ORD-000002", "pickup"))
    flow.start()
    assert flow.event.kind == "pickup" and flow.can_sign
    assert {r.code for r in flow.reasons} >= {"attitude", "slow", "other"}

    flow.choose_level(1)
    assert flow.needs_reasons and not flow.can_submit
    flow.toggle_reason("slow")
    for key in "1380000":
        flow.press_contact(key)
    assert not flow.can_submit  # a number, if any, must be complete
    for key in "0002":
        flow.press_contact(key)
    flow.sign(with_name=True)
    assert flow.can_submit and flow.submit() is EvaluationState.THANKS

    [(level, request)] = _stored(world, "PK-ORD-000002")
    assert level == 1 and request["reasons"] == ["slow"] and request["contact"] == "13800000002"
    assert request["citizen_ref"] == "C-lina" and not request["anonymous"]
    assert flow.completed == []  # evaluated: no longer offered
    world.bus.publish(ServiceCompleted("SQ2026112500000002", "submission"))
    assert flow.start() is EvaluationState.CHOOSE and flow.event.kind == "submission"


def test_a_second_evaluation_of_the_same_event_is_refused_here_and_by_the_platform(world, tmp_path):
    first = _flow(world)
    first.start("SQ2026112500000001")
    first.choose_level(5)
    assert first.submit() is EvaluationState.THANKS

    assert first.start("SQ2026112500000001") is EvaluationState.ALREADY  # same kiosk
    assert "只能评价一次" in translate(first.message_key, "zh_CN")

    other_kiosk = Outbox(tmp_path / "other-outbox.db")
    worker = OutboxWorker(other_kiosk, world.client, world.bus, retry_min_s=0.05).start()
    try:
        second = _flow(world, outbox=other_kiosk)
        assert second.start("SQ2026112500000001") is EvaluationState.CHOOSE
        second.choose_level(1)
        second.toggle_reason("other")
        assert second.submit() is EvaluationState.ALREADY
    finally:
        worker.stop()
        other_kiosk.close()
    assert [level for level, _ in _stored(world, "SQ2026112500000001")] == [5]


def test_an_evaluation_made_offline_is_delivered_exactly_once_later(world):
    flow = _flow(world, visit="offline0visit")
    flow.start()  # online earlier: the platform's reasons are kept for offline use
    world.platform_down()
    flow.start()
    flow.choose_level(2)
    flow.toggle_reason("attitude")
    assert flow.submit() is EvaluationState.QUEUED
    assert "自动提交" in translate(flow.message_key, "zh_CN")
    assert flow.start() is EvaluationState.ALREADY  # held here: not a second time

    world.sim.server.faults.update(drop_rate=0.5, seed=7)  # back, but answers get lost
    world.platform_down(False)
    [entry] = world.outbox.entries()
    final = world.outbox.wait_until_final(entry.seq, 20)
    assert final.state is EntryState.DELIVERED
    assert [level for level, _ in _stored(world, "VS-offline0visit")] == [2]


def test_finished_services_are_forgotten_when_the_session_ends(world):
    flow = _flow(world)
    world.bus.publish(ServiceCompleted("SQ2026112500000009", "submission"))
    assert flow.start() is EvaluationState.CHOOSE and flow.event.kind == "submission"
    world.bus.publish(SessionEnded("s", "finished"))
    flow.start()
    assert flow.event.kind == "visit" and not flow.can_sign

