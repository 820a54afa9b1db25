"""The real driver against the bus simulator over a real pty: both families, one test per fault."""

from __future__ import annotations

import time

import pytest

from kiosk.result import Err, Ok
from peripherals.locker.interface import DoorState, OpenFailure
from peripherals.status import DeviceState
from tests.peripherals.locker.harness import start_bus

BOARD = {"8a80": 1, "wkly": 0}


@pytest.fixture(params=["8a80", "wkly"])
def rig(request):
    codec = request.param
    rig = start_bus(codec, boards=(BOARD[codec], BOARD[codec] + 1))
    rig.board = BOARD[codec]
    yield rig
    rig.stop()


def test_open_is_confirmed_by_reading_the_door_back(rig):
    assert rig.driver.open_door(rig.board, 3) == Ok(DoorState.OPEN)
    assert rig.sim.pulses == [(rig.board, 3)]  # pulsed once, never twice
    assert rig.driver.door_state(rig.board, 3) == Ok(DoorState.OPEN)
    time.sleep(0.35)  # the citizen shuts it
    assert rig.driver.door_state(rig.board, 3) == Ok(DoorState.CLOSED)


def test_all_doors_of_a_board(rig):
    rig.sim.control(f"open {rig.board} 5")
    result = rig.driver.door_states(rig.board)
    assert isinstance(result, Ok)
    assert [n for n, s in result.value.items() if s is DoorState.OPEN] == [5]
    assert len(result.value) == rig.driver.locks_per_board


def test_a_jammed_door_is_reported_not_opened(rig):
    rig.sim.control(f"jam {rig.board} 4")
    result = rig.driver.open_door(rig.board, 4)
    assert isinstance(result, Err) and result.error.reason is OpenFailure.NOT_OPENED
    assert result.error.reason.door_known_shut


def test_a_sensor_that_says_shut_is_not_taken_for_open(rig):
    rig.sim.control(f"wrong_state {rig.board} 2 closed")
    result = rig.driver.open_door(rig.board, 2)
    assert isinstance(result, Err) and result.error.reason is OpenFailure.NOT_OPENED


@pytest.mark.parametrize("fault", ["no_reply", "bad_checksum", "short_reply", "wrong_address"])
def test_one_damaged_reply_is_retried_and_the_answer_is_right(rig, fault):
    rig.sim.control(f"{fault} 1")
    assert rig.driver.door_state(rig.board, 1) == Ok(DoorState.CLOSED)
    assert rig.sim.control("state")  # the bus is still usable


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ("no_reply 10", OpenFailure.NO_REPLY),
        ("bad_checksum 10", OpenFailure.BAD_REPLY),
        ("wrong_address 10", OpenFailure.BAD_REPLY),
    ],
)
def test_retries_are_bounded_and_the_door_is_never_called_open(rig, fault, reason):
    rig.sim.control(fault)
    started = time.monotonic()
    result = rig.driver.open_door(rig.board, 6)
    assert isinstance(result, Err) and result.error.reason is reason
    assert not result.error.reason.door_known_shut  # unknown, not "did not open"
    assert time.monotonic() - started < 1.5
    assert result.error.status.state is not DeviceState.ONLINE


def test_a_lost_echo_does_not_pulse_the_lock_again(rig):
    rig.sim.control("no_reply 1")
    assert rig.driver.open_door(rig.board, 7) == Ok(DoorState.OPEN)
    assert rig.sim.pulses == [(rig.board, 7)]


def test_status_online_board_silent_then_offline(rig):
    assert rig.driver.status().state is DeviceState.ONLINE
    rig.sim.control(f"go_silent {rig.board + 1}")
    status = rig.driver.status()
    assert (status.state, status.last_error.code) == (DeviceState.HARDWARE_ERROR, "board_silent")
    rig.sim.control("go_silent")
    assert rig.driver.status().state is DeviceState.UNKNOWN
    rig.driver.status()
    assert rig.driver.status().state is DeviceState.OFFLINE
    rig.sim.control("wake")
    assert rig.driver.status().state is DeviceState.ONLINE
    states = [e.current.state for e in rig.events]
    assert states == [
        DeviceState.ONLINE,
        DeviceState.HARDWARE_ERROR,
        DeviceState.UNKNOWN,
        DeviceState.OFFLINE,
        DeviceState.ONLINE,
    ]  # changes only, once each
    assert any(" RX " in line or " TX " in line for line in rig.events[1].recent_traffic)


def test_a_board_missing_from_the_bus_is_silent_not_wrong():
    rig = start_bus("8a80", boards=(1,), driver_boards=(1, 2))
    try:
        result = rig.driver.open_door(2, 1)
        assert isinstance(result, Err) and result.error.reason is OpenFailure.NO_REPLY
    finally:
        rig.stop()


def test_concurrent_callers_never_interleave_on_the_bus(rig):
    import threading

    results = []

    def worker(lock):
        results.append(rig.driver.open_door(rig.board, lock))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [Ok(DoorState.OPEN)] * 6
    assert sorted(rig.sim.pulses) == [(rig.board, n) for n in range(1, 7)]


def test_scheduled_fault_fires_on_the_nth_command(rig):
    rig.sim.control("2:bad_checksum")
    assert rig.driver.door_state(rig.board, 1) == Ok(DoorState.CLOSED)
    assert rig.driver.door_state(rig.board, 1) == Ok(DoorState.CLOSED)  # retried inside
    assert len(rig.sim.commands) == 3
