"""Complaints against the reference platform: the short form, the number, offline delivery once."""

from __future__ import annotations

import json

import pytest

from kiosk.flows.complaint import PROBLEMS, ComplaintFlow, ComplaintState
from kiosk.i18n import translate
from offline_cache.outbox import EntryState
from platform_sim.testing import simulated_platform
from tests.kiosk.flows.citizen_world import build_world


@pytest.fixture
def world(tmp_path):
    with simulated_platform(tmp_path / "platform") as sim:
        world = build_world(sim, tmp_path)
        yield world
        world.stop()


def _held(world):
    return [json.loads(r) for (r,) in world.sim.rows("SELECT request FROM complaints")]


def test_a_complaint_is_received_with_a_number_and_names_the_hotline(world):
    flow = ComplaintFlow(lambda: world.outbox, wait_s=2.0)
    flow.start()
    assert "12345" in translate(flow.message_key, "en", **flow.values)
    flow.choose_category("efficiency")
    assert not flow.can_submit  # at least one problem
    flow.toggle_problem("long_wait")
    flow.toggle_problem("sent_back_and_forth")
    for key in "13912345678":
        flow.press_contact(key)

    assert flow.submit() is ComplaintState.RECEIVED
    assert flow.complaint_no.startswith("TS")
    assert flow.complaint_no in translate(flow.message_key, "zh_CN", **flow.values)
    [held] = _held(world)
    assert held["category"] == "efficiency" and held["contact"] == "13912345678"
    assert "排队等候时间过长" in held["text"] and "多次往返仍未办成" in held["text"]
    assert set(held) == {"category", "text", "contact"}  # nothing about who complained


def test_every_category_offers_problems_that_make_a_valid_complaint(world):
    flow = ComplaintFlow(lambda: world.outbox)
    for category, problems in PROBLEMS.items():
        flow.start()
        flow.choose_category(category)
        flow.toggle_problem(problems[-1])
        assert 5 <= len(flow.text()) <= 2000
        with pytest.raises(ValueError):
            flow.toggle_problem("not_a_problem")


def test_a_complaint_made_offline_is_kept_and_delivered_once(world):
    world.platform_down()
    flow = ComplaintFlow(lambda: world.outbox, wait_s=0.5)
    flow.start()
    flow.choose_category("facilities")
    flow.toggle_problem("kiosk_fault")
    assert flow.submit() is ComplaintState.QUEUED
    assert "12345" in translate(flow.message_key, "zh_CN", **flow.values)

    world.platform_down(False)
    [entry] = world.outbox.entries()
    assert world.outbox.wait_until_final(entry.seq, 20).state is EntryState.DELIVERED
    assert len(_held(world)) == 1
