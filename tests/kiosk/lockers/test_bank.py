"""The locker bank on disk: sizes, service states, holds, audit, and nothing personal."""

from __future__ import annotations

from pathlib import Path

from kiosk.lockers.bank import LockerBank
from peripherals.locker.profile import load_layout

LAYOUT = load_layout("demo-2x24", 24, range(1, 33))


def test_the_smallest_free_usable_compartment_is_chosen(tmp_path):
    bank = LockerBank(tmp_path / "b.sqlite", LAYOUT)
    assert bank.free_compartment("S").key == "1-1"
    assert bank.free_compartment("L").key == "1-21"
    bank.set_out_of_service("1-1", "broken hinge", "staff:S001")
    intent = bank.begin("deposit", "ORD-9", "1-2", "staff:S001")
    assert bank.free_compartment("S").key == "1-3"  # 1-1 out of service, 1-2 being filled
    bank.failed(intent, "no_reply", door_known_shut=False)
    assert bank.compartment("1-2").held_for_staff and bank.free_compartment("S").key == "1-3"
    bank.release_for_staff("1-2", None, "staff:S001")
    assert bank.free_compartment("S").key == "1-2"
    for c in bank.compartments():
        if c.size in "SM" and c.key != "1-1":
            bank.set_out_of_service(c.key, "full", "staff:S001")
    assert bank.free_compartment("S").size == "L"  # no small or medium left: a large one
    actions = [r.action for r in bank.audit_log()]
    assert actions[:4] == ["out_of_service", "open_requested", "open_failed", "checked"]


def test_a_door_in_use_cannot_be_opened_for_another_intent(tmp_path):
    bank = LockerBank(tmp_path / "b.sqlite", LAYOUT)
    first = bank.begin("pickup", "ORD-1", "1-3", "citizen:code")
    assert bank.begin("pickup", "ORD-2", "1-3", "citizen:code") is None
    bank.opened(first)
    assert bank.begin("pickup", "ORD-2", "1-3", "citizen:code") is None
    bank.closed(first)
    assert bank.begin("pickup", "ORD-2", "1-3", "citizen:code") is not None
    assert bank.ever_opened("ORD-1") and not bank.ever_opened("ORD-2")


def test_state_survives_a_restart(tmp_path):
    bank = LockerBank(tmp_path / "b.sqlite", LAYOUT)
    intent = bank.begin("deposit", "ORD-7", "2-5", "staff:S001")
    bank.opened(intent)
    bank.closed(intent)
    bank.close()
    again = LockerBank(tmp_path / "b.sqlite", LAYOUT)
    assert again.holding("ORD-7").key == "2-5" and again.compartment("2-5").label == "B05"
    assert len(again.audit_log()) == 3


def test_no_personal_data_reaches_the_disk(tmp_path):
    """Pickup with an ID card: the bank and the outbox hold neither the ID number nor the name."""
    from platform_sim.testing import simulated_platform
    from tests.kiosk.flows.pickup_world import HOLDER, build_world

    with simulated_platform(tmp_path / "platform") as platform:
        world = build_world(platform, tmp_path / "kiosk")
        world.present_id(0)
        world.pickup.enter_code("246810")
        world.pickup.watch_door()
        world.stop()
    stored = b"".join(p.read_bytes() for p in Path(tmp_path / "kiosk").glob("*.sqlite*"))
    assert b"ORD-000001" in stored  # the audit and the outbox are there …
    assert HOLDER[0].encode() not in stored and b"246810" not in stored  # … nothing personal
