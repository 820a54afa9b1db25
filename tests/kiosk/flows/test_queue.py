"""Queue tickets against the reference platform: number, people ahead, zone, priority, paper, offline."""

from __future__ import annotations

import pytest

from kiosk.flows.queue import QueueFlow, QueueState
from kiosk.i18n import translate
from platform_sim.testing import simulated_platform
from tests.kiosk.flows.citizen_world import build_world


@pytest.fixture
def world(tmp_path):
    with simulated_platform(tmp_path / "platform") as sim:
        world = build_world(sim, tmp_path)
        yield world
        world.stop()


@pytest.fixture
def flow(world):
    return QueueFlow(world.client, world.print_document, "示范区政务服务中心")


def test_a_ticket_shows_its_number_the_people_ahead_and_the_zone_and_prints(world, flow):
    assert flow.start() is QueueState.CATEGORIES
    social = next(c for c in flow.categories if c.name_zh == "社保医保")
    assert social.waiting == 0
    assert set(flow.priority_groups) == {"elderly", "disabled", "military"}  # "booked": check-in

    assert flow.take(social.category_id) is QueueState.TICKET
    first = flow.ticket
    assert first.ticket_no == "B001" and first.ahead == 0 and first.zone == "B区"
    flow.start()
    flow.take(social.category_id)
    assert flow.ticket.ticket_no == "B002" and flow.ticket.ahead == 1

    flow.print_ticket()
    job = world.printed[-1]
    assert job.document == "queue_ticket"
    assert (job.data["ticket_no"], job.data["waiting"]) == ("B002", "1")
    assert job.data["service_area"] == "B区"
    assert job.data["progress_url"] == flow.ticket.follow_url and "B002" in job.lookup_url
    flow.start()
    assert next(c for c in flow.categories if c.name_zh == "社保医保").waiting == 2


def test_a_priority_group_goes_ahead_of_ordinary_tickets(flow):
    flow.start()
    general = flow.categories[0].category_id
    for _ in range(3):
        flow.take(general)
        flow.start()
    flow.choose_priority("elderly")
    assert flow.priority_group == "elderly"
    flow.take(general)
    assert flow.ticket.priority_group == "elderly" and flow.ticket.ahead == 0
    flow.start()
    flow.choose_priority("military")
    flow.choose_priority("military")  # tapped again: dropped
    assert flow.priority_group is None
    with pytest.raises(ValueError):
        flow.choose_priority("booked")


def test_offline_no_ticket_and_the_citizen_is_sent_to_the_desk(world, flow):
    world.platform_down()
    assert flow.start() is QueueState.UNAVAILABLE
    assert "咨询台" in translate(flow.message_key, "zh_CN")
    world.platform_down(False)
    assert flow.start() is QueueState.CATEGORIES
    world.platform_down()
    assert flow.take(flow.categories[0].category_id) is QueueState.UNAVAILABLE
    assert flow.ticket is None
    world.platform_down(False)
    assert world.sim.rows("SELECT COUNT(*) FROM tickets") == [(0,)]
