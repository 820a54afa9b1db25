"""The SAM driver against the simulator over a real pty: one test per state and fault."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

import pytest

from kiosk.events import EventBus
from kiosk.result import Err, Ok
from peripherals.idcard import codec
from peripherals.idcard.driver import SamIdCardReader, SamTimeouts
from peripherals.idcard.simulator import DEMO_CARDS, IdCardSimulator, SimulatorServer
from peripherals.link import open_link
from peripherals.rawlog import RawTraffic
from peripherals.status import CardPresence, DeviceState, StatusBoard

FAST = SamTimeouts(status_s=0.2, reply_s=0.3, read_s=0.5, poll_s=0.05)


@dataclass
class Rig:
    sim: IdCardSimulator
    server: SimulatorServer
    reader: SamIdCardReader
    board: StatusBoard


def start_rig(address: str | None = None, timeouts: SamTimeouts = FAST, log_dir=None) -> Rig:
    sim = IdCardSimulator()
    server = SimulatorServer(sim)
    address = address or server.start_pty()
    board = StatusBoard(EventBus())
    traffic = RawTraffic("idcard", log_dir, log_dir is not None, codec.redact)
    link = open_link(address, 115_200, traffic)
    return Rig(sim, server, SamIdCardReader("idcard", link, board, traffic, timeouts), board)


@pytest.fixture
def rig(tmp_path):
    rig = start_rig(log_dir=tmp_path)
    yield rig
    rig.reader.close()
    rig.server.stop()


def test_healthy_sam_is_online_and_a_failed_one_needs_a_technician(rig):
    assert rig.reader.status().state is DeviceState.ONLINE
    rig.sim.control("sam_fail")
    status = rig.reader.status()
    assert status.state is DeviceState.HARDWARE_ERROR
    assert status.last_error.code == "sam_60"


def test_a_placed_card_is_read_and_its_text_decoded(rig):
    rig.sim.control("place 1")
    result = rig.reader.read_card(2.0)
    assert isinstance(result, Ok)
    card, expected = result.value, DEMO_CARDS[1]
    assert (card.name, card.sex, card.nation) == ("欧阳娜娜", "女", "回")
    assert card.id_number == expected["id_number"]
    assert card.address == expected["address"]
    assert (card.birth_date, card.valid_from, card.valid_to) == ("19850615", "20200301", "20400301")
    assert card.authority == expected["authority"] and len(card.photo) == 1024
    assert rig.board.get("idcard").media.card is CardPresence.PRESENT


def test_no_card_within_the_wait_is_ok_none_and_absent(rig):
    started = time.monotonic()
    assert rig.reader.read_card(0.4) == Ok(None)
    assert 0.35 < time.monotonic() - started < 1.0
    assert rig.board.get("idcard").media.card is CardPresence.ABSENT


def test_card_placed_while_waiting_is_read(rig):
    threading.Timer(0.3, rig.sim.control, ("place",)).start()
    result = rig.reader.read_card(2.0)
    assert isinstance(result, Ok) and result.value.name == "张伟"


def test_card_pulled_mid_read_is_an_error_saying_so(rig):
    rig.sim.control("place")
    rig.sim.control("card_removed")
    result = rig.reader.read_card(1.0)
    assert isinstance(result, Err)
    assert result.error.last_error.code == "card_removed"
    assert result.error.media.card is CardPresence.ABSENT
    assert rig.reader.card_present() == Ok(False)


def test_bad_checksum_is_an_error_and_the_next_read_works(rig):
    rig.sim.control("place")
    rig.sim.control("bad_checksum")
    result = rig.reader.read_card(1.0)
    assert isinstance(result, Err) and result.error.last_error.code == "bad_checksum"
    assert result.error.state is DeviceState.UNKNOWN
    assert rig.reader.read_card(1.0).value.name == "张伟"


def test_sam_failure_during_a_read_is_an_error(rig):
    rig.sim.control("place")
    rig.sim.control("sam_fail")
    assert rig.reader.read_card(0.3) == Ok(None)  # find answers 0x60: no card can be found
    assert rig.reader.status().state is DeviceState.HARDWARE_ERROR


def test_silent_reader_is_unknown_then_offline_and_one_lost_reply_recovers(rig):
    rig.sim.control("no_reply")
    assert rig.reader.status().state is DeviceState.UNKNOWN
    assert rig.reader.status().state is DeviceState.ONLINE
    rig.sim.control("go_silent")
    started = time.monotonic()
    states = [rig.reader.status().state for _ in range(3)]
    assert states == [DeviceState.UNKNOWN, DeviceState.UNKNOWN, DeviceState.OFFLINE]
    assert time.monotonic() - started < 1.2  # three 0.2 s deadlines, not a hang


def test_a_reply_slower_than_the_deadline_is_no_reply_not_a_hang(rig):
    rig.sim.control("slow_reply 0.5")
    started = time.monotonic()
    status = rig.reader.status()
    assert (status.state, status.last_error.code) == (DeviceState.UNKNOWN, "no_reply")
    assert time.monotonic() - started < 0.45
    rig.sim.control("slow_reply 0")
    time.sleep(0.6)  # let the late answer arrive; the next exchange discards it
    assert rig.reader.status().state is DeviceState.ONLINE


def test_removal_is_seen_by_card_present(rig):
    rig.sim.control("place")
    assert rig.reader.card_present() == Ok(True)
    rig.sim.control("remove")
    assert rig.reader.card_present() == Ok(False)


def test_find_card_is_never_polled_faster_than_every_300_ms(tmp_path):
    rig = start_rig(timeouts=SamTimeouts(status_s=0.2, reply_s=0.3, read_s=0.5))
    try:
        started = time.monotonic()
        rig.reader.read_card(1.0)
        elapsed = time.monotonic() - started
        finds = rig.sim.commands.count("find_card")
        assert finds >= 2
        assert elapsed / (finds - 1) >= 0.29
        assert finds <= 1 + elapsed / 0.3
    finally:
        rig.reader.close()
        rig.server.stop()


def test_presence_polls_stay_paced_after_a_cancelled_read(tmp_path):
    rig = start_rig(timeouts=SamTimeouts(status_s=0.2, reply_s=0.3, read_s=0.5))
    try:
        rig.sim.control("place")
        rig.reader.cancel()
        started = time.monotonic()
        assert [rig.reader.card_present() for _ in range(4)] == [Ok(True)] * 4
        assert time.monotonic() - started >= 0.85  # three gaps of 300 ms
    finally:
        rig.reader.close()
        rig.server.stop()


def test_cancel_ends_a_wait_early(rig):
    threading.Timer(0.2, rig.reader.cancel).start()
    started = time.monotonic()
    assert rig.reader.read_card(5.0) == Ok(None)
    assert time.monotonic() - started < 0.6


def test_missing_port_is_no_device(tmp_path):
    rig = start_rig(address=str(tmp_path / "ttyNONE"))
    try:
        assert rig.reader.status().state is DeviceState.NO_DEVICE
    finally:
        rig.server.stop()


def test_raw_log_holds_frames_but_no_personal_data(rig, tmp_path):
    rig.sim.control("place")
    assert rig.reader.read_card(1.0).value.name == "张伟"
    log = (tmp_path / "raw" / "idcard.log").read_text(encoding="utf-8")
    card = DEMO_CARDS[0]
    assert "TX aa aa aa 96 69 00 03 30 01 32" in log and "<personal 1284B>" in log
    for value in (card["name"], card["id_number"], card["address"]):
        assert value.encode("utf-16-le").hex(" ")[:17] not in log
        assert value not in log


def test_simulator_in_another_process_driven_from_its_control_port():
    process = subprocess.Popen(
        [sys.executable, "-m", "peripherals.idcard.simulator", "--pty"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        found = re.search(r"on (\S+); control port (\d+)", banner)
        assert found, banner
        from kiosk.commands.printer_sim import tell

        assert tell(int(found[2]), "place 1") == 0
        board = StatusBoard(EventBus())
        link = open_link(found[1], 115_200, RawTraffic("idcard", None, False, codec.redact))
        reader = SamIdCardReader("idcard", link, board, RawTraffic("idcard", None, False), FAST)
        assert reader.read_card(2.0).value.name == "欧阳娜娜"
        reader.close()
    finally:
        process.terminate()
        process.wait(5)
