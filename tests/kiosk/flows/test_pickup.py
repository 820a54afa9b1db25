"""Pickup and deposit against the reference platform and the locker simulator over a real pty."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.flows.deposit import DepositState
from kiosk.flows.pickup import PickupState
from kiosk.lockers.bank import LockerBank
from kiosk.events import ServiceCompleted
from kiosk.lockers.events import (
    LockerDoorClosed,
    LockerDoorFailed,
    LockerDoorLeftOpen,
    LockerDoorOpened,
    PickupCodeEntryLocked,
    PickupIdentityMismatch,
)
from kiosk.receipts import build_receipt
from kiosk.result import Err, Ok
from peripherals.printer.interface import QrCode, TextLine
from peripherals.status import DeviceState, DeviceStatus
from platform_sim.testing import simulated_platform
from tests.fakes.identity import FakeScanner
from tests.kiosk.flows.pickup_world import STAFF_PHONE, build_world

CODE_1, CODE_2 = "246810", "135790"  # demo orders: ORD-000001 in 1-3, ORD-000002 in 2-1


@pytest.fixture
def world(tmp_path):
    with simulated_platform(tmp_path / "platform") as platform:
        world = build_world(platform, tmp_path)
        yield world
        world.stop()


def test_code_then_id_card_opens_the_right_door_once_and_confirms_once(world):
    flow = world.pickup
    assert flow.enter_code(CODE_1) is PickupState.NEED_IDENTITY  # DB31/T 862 §8.3.2
    assert world.locker.sim.pulses == []
    world.present_id(0)
    assert flow.identity_presented() is PickupState.DOOR_OPEN
    assert (flow.door_label, flow.values) == ("A03", {"door": "A03"})
    assert world.locker.sim.pulses == [(1, 3)]
    assert flow.watch_door() is PickupState.DONE  # the simulated citizen shuts it
    assert world.of(ServiceCompleted) == [ServiceCompleted("PK-ORD-000001", "pickup")]  # 好差评
    [entry] = world.outbox.entries()
    assert (entry.operation, entry.path_params) == ("markCollected", {"order_id": "ORD-000001"})
    world.deliver()
    assert world.order_row("ORD-000001")[0] == "collected"
    assert [
        type(e) for e in world.events if isinstance(e, (LockerDoorOpened, LockerDoorClosed))
    ] == [LockerDoorOpened, LockerDoorClosed]
    actions = [(r.actor, r.action, r.compartment) for r in world.bank.audit_log()]
    assert actions == [("citizen:idcard", a, "1-3") for a in ("open_requested", "opened", "closed")]
    assert flow.start() is PickupState.IDLE
    assert flow.enter_code(CODE_1) is PickupState.NOT_FOUND  # single use
    assert world.locker.sim.pulses == [(1, 3)]


def test_the_wrong_person_opens_nothing(world):
    world.present_id(1)
    assert world.pickup.enter_code(CODE_1) is PickupState.IDENTITY_MISMATCH
    assert world.locker.sim.pulses == [] and world.outbox.count() == 0
    assert [e.order_id for e in world.of(PickupIdentityMismatch)] == ["ORD-000001"]


def test_identity_alone_and_notification_qr_find_the_order(world):
    world.present_id(1)
    assert world.pickup.use_identity() is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(2, 1)]
    world.pickup.start()
    world.locker.sim.control("close 2 1")
    world.present_id(0)
    assert world.pickup.scan_qr("PICKUP:ORD-000001") is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(2, 1), (1, 3)]


def test_five_wrong_codes_lock_code_entry_even_after_a_restart(world, tmp_path):
    states = [
        world.pickup.enter_code(code) for code in ("000001", "000002", "12", "000004", "000005")
    ]
    assert states[:4] == [PickupState.NOT_FOUND] * 4
    assert world.pickup.values == {"minutes": 15} and states[4] is PickupState.CODE_LOCKED
    assert len(world.of(PickupCodeEntryLocked)) == 1
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.CODE_LOCKED  # even the right one
    restarted = LockerBank(tmp_path / "lockers.sqlite", world.bank.layout)
    assert restarted.code_entry_locked_for() > 800
    restarted.close()
    assert world.locker.sim.pulses == []


def test_jammed_door_is_tried_twice_then_staff_and_never_collected(world):
    world.locker.sim.control("jam 1 3")
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_FAILED
    assert world.pickup.values == {"staff_phone": STAFF_PHONE}
    assert world.locker.sim.pulses == [(1, 3), (1, 3)]
    assert world.outbox.count() == 0
    assert world.bank.compartment("1-3").out_of_service == "jammed"
    assert [e.reason for e in world.of(LockerDoorFailed)] == ["not_opened"]
    world.deliver()
    assert world.order_row("ORD-000001")[0] == "deposited"


def test_silent_board_is_never_taken_for_open_and_the_door_is_held(world):
    world.locker.sim.control("go_silent 1")
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_FAILED
    assert len(world.locker.sim.commands) >= 2 and world.locker.sim.pulses == []
    assert world.outbox.count() == 0
    assert world.bank.compartment("1-3").held_for_staff
    assert [e.reason for e in world.of(LockerDoorFailed)] == ["no_reply"]


def test_corrupted_replies_are_retried_and_the_door_still_opens(world):
    world.locker.sim.control("bad_checksum 2")
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(1, 3)]


def test_door_left_open_prompts_and_raises_an_event_then_closing_finishes(world):
    world.locker.sim.control("close_after never")
    world.present_id(0)
    world.pickup.enter_code(CODE_1)
    seen = []
    world.pickup.on_change(lambda flow: seen.append(flow.state))
    watcher = threading.Thread(target=world.pickup.watch_door)
    watcher.start()
    deadline = time.monotonic() + 3
    while PickupState.LEFT_OPEN not in seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert PickupState.LEFT_OPEN in seen and len(world.of(LockerDoorLeftOpen)) == 1
    world.locker.sim.control("close 1 3")
    watcher.join(3)
    assert world.pickup.state is PickupState.DONE
    assert [r.action for r in world.bank.audit_log()][-2:] == ["left_open", "closed"]


def test_platform_down_opens_nothing(world):
    world.platform.server.faults.update(down=True)
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.UNAVAILABLE
    assert world.locker.sim.pulses == []


def test_delivery_slip_after_collection(world):
    world.present_id(0)
    world.pickup.enter_code(CODE_1)
    assert world.pickup.slip("张*") is None  # not before the door is shut
    world.pickup.watch_door()
    job = world.pickup.slip("张*")
    receipt = build_receipt(job.document, job.data, 32)
    lines = [e.text for e in receipt.elements if isinstance(e, TextLine)]
    assert "送达回执" in lines and any("A03" in line for line in lines)
    assert any("ORD-000001" in line for line in lines)
    assert [e.payload for e in receipt.elements if isinstance(e, QrCode)] == [
        "https://zwfw.example.gov.cn/p/ORD-000001"
    ]


def test_staff_deposit_then_citizen_pickup_with_the_new_code(world):
    deposit = world.deposit
    assert deposit.login("S001", "000000") is DepositState.WRONG_PIN
    assert deposit.login("S001", "123456") is DepositState.ORDERS
    assert [o.order_id for o in deposit.orders] == ["ORD-000003"]
    assert deposit.deposit("ORD-000003") is DepositState.DOOR_OPEN
    assert deposit.door_label == "A01" and world.locker.sim.pulses == [(1, 1)]
    assert deposit.watch_door() is DepositState.DONE
    state, compartment, code = world.order_row("ORD-000003")
    assert (state, compartment) == ("deposited", "1-1")
    assert world.bank.holding("ORD-000003").key == "1-1"
    assert world.bank.audit_log()[0].actor == "staff:S001"
    world.present_id(2)
    assert world.pickup.enter_code(code) is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(1, 1), (1, 1)]


def test_deposit_skips_held_jammed_and_full_sizes(world):
    bank = world.bank
    small = [c for c in bank.compartments() if c.size == "S"]
    for c in small[1:]:
        bank.set_out_of_service(c.key, "broken hinge", "staff:S001")
    world.locker.sim.control("jam 1 1")
    world.deposit.login("S001", "123456")
    assert world.deposit.deposit("ORD-000003") is DepositState.DOOR_FAILED
    assert world.deposit.deposit("ORD-000003") is DepositState.DOOR_OPEN
    assert world.deposit.door_label == "A13"  # no small one left: the first medium


def test_every_message_the_flows_can_show_exists_in_both_languages():
    import re
    from pathlib import Path

    from kiosk.i18n import LANGUAGES, translate

    root = Path(__file__).resolve().parents[3] / "kiosk" / "flows"
    keys = set()
    for name in ("pickup.py", "deposit.py"):
        keys |= set(re.findall(r'"((?:pickup|deposit)\.[a-z_]+)"', (root / name).read_text()))
    assert {"pickup.door_open", "pickup.door_failed", "deposit.done"} <= keys
    for language in LANGUAGES:
        assert [k for k in sorted(keys) if translate(k, language) == k] == []
    assert "A07" in translate("pickup.door_open", "en", door="A07")


def test_input_while_a_door_is_open_is_ignored(world):
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_OPEN
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_OPEN  # a second tap on OK
    assert world.pickup.use_identity() is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(1, 3)]
    assert [type(e) for e in world.events].count(LockerDoorFailed) == 0


def test_the_notification_qr_under_the_scanner(world):
    world.present_id(1)
    scanner = FakeScanner("scanner", [b"\x00\x01", Ok(None), b"PICKUP:ORD-000002"])
    assert world.pickup.scan_notice(scanner) is PickupState.NOT_FOUND
    assert world.pickup.message_key == "pickup.not_a_notice"
    assert world.pickup.scan_notice(scanner) is PickupState.IDLE  # nothing shown in time
    assert world.pickup.scan_notice(scanner) is PickupState.DOOR_OPEN
    assert world.locker.sim.pulses == [(2, 1)]
    broken = FakeScanner("scanner", [Err(DeviceStatus("scanner", "scanner", DeviceState.OFFLINE))])
    world.pickup.start()
    assert world.pickup.scan_notice(broken) is PickupState.UNAVAILABLE


def test_a_second_deposit_tap_while_a_door_is_open_opens_nothing(world):
    world.deposit.login("S001", "123456")
    assert world.deposit.deposit("ORD-000003") is DepositState.DOOR_OPEN
    assert world.deposit.deposit("ORD-000003") is DepositState.DOOR_OPEN
    assert world.locker.sim.pulses == [(1, 1)]


def test_the_door_is_also_spoken(world):
    from kiosk.flows.pickup import PickupFlow

    spoken = []
    world.present_id(0)
    flow = PickupFlow(world.platform.client(), world.doors, world.bus, lambda: world.identity[0],
                      say=lambda key, **values: spoken.append((key, values)))  # fmt: skip
    flow.enter_code(CODE_1)
    assert spoken == [("pickup.door_open", {"door": "A03"})]


def test_a_compartment_holding_another_order_here_is_never_opened(world):
    world.bank.release_for_staff("1-3", "ORD-000099", "staff:S001")  # this kiosk knows better
    world.present_id(0)
    assert world.pickup.enter_code(CODE_1) is PickupState.DOOR_FAILED
    assert world.locker.sim.pulses == [] and world.outbox.count() == 0
    assert world.bank.audit_log()[-1].action == "compartment_mismatch"
