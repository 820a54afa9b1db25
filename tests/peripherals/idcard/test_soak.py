"""Soak: hundreds of reads over a pty with faults thrown in at random (``-m slow``)."""

from __future__ import annotations

import random

import pytest

from kiosk.result import Err, Ok
from peripherals.idcard.simulator import DEMO_CARDS
from peripherals.status import DeviceState
from tests.peripherals.idcard.test_driver_sim import start_rig

FAULTS = ("card_removed", "bad_checksum", "no_reply", "remove", "sam_fail")


@pytest.mark.slow
def test_reads_survive_random_faults_and_always_recover(tmp_path):
    rig = start_rig(log_dir=tmp_path)
    rng = random.Random(7)
    outcomes = {"read": 0, "error": 0, "none": 0}
    try:
        for _ in range(300):
            rig.sim.control("reset")
            card = rng.randrange(len(DEMO_CARDS))
            rig.sim.control(f"place {card}")
            fault = rng.choice(FAULTS) if rng.random() < 0.4 else None
            if fault:
                rig.sim.control(fault)
            match rig.reader.read_card(0.4):
                case Ok(None):
                    outcomes["none"] += 1
                    assert fault in ("remove", "sam_fail", "no_reply")
                case Ok(fields):
                    outcomes["read"] += 1
                    assert fields.id_number == DEMO_CARDS[card]["id_number"]
                case Err(status):
                    outcomes["error"] += 1
                    assert fault is not None and status.last_error is not None
            rig.sim.control("reset")
            rig.sim.control(f"place {card}")
            assert rig.reader.status().state is DeviceState.ONLINE
            assert rig.reader.read_card(0.5).value.name == DEMO_CARDS[card]["name"]
    finally:
        rig.reader.close()
        rig.server.stop()
    assert outcomes["read"] > 150 and outcomes["error"] > 20
    log = (tmp_path / "raw" / "idcard.log").read_text(encoding="utf-8")
    assert all(c["id_number"] not in log and c["name"] not in log for c in DEMO_CARDS)
