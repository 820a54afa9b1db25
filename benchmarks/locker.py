"""Locker bus at 9600 baud: command-to-confirmed-open latency, and a status sweep of 32 boards.

The real driver talks to the bus simulator over a pty; the simulator takes every byte's wire
time at the baud rate (8N1, 10 bits a byte) in both directions, so times are what an RS485
line at 9600 Bd needs. Baselines: for an open, the wire time of its four frames (pulse, echo,
status query, answer), the floor any driver confirming by status must pay; for a sweep, asking
each of the 768 doors one by one instead of one query-all per board.

Run: .venv/bin/python benchmarks/locker.py [--baud 9600] [--opens 40] [--codec 8a80]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.events import EventBus
from kiosk.result import Ok
from peripherals.link import open_link
from peripherals.locker.codec import CODECS, Command, Op, Reply
from peripherals.locker.driver import LockerTimeouts, Rs485LockerBus
from peripherals.locker.interface import DoorState
from peripherals.locker.simulator import LockerBusSimulator, SimulatorServer
from peripherals.rawlog import RawTraffic
from peripherals.status import StatusBoard


def wire_s(n_bytes: int, baud: int) -> float:
    return n_bytes * 10 / baud


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument("--opens", type=int, default=40)
    parser.add_argument("--codec", default="8a80", choices=sorted(CODECS))
    args = parser.parse_args()
    codec = CODECS[args.codec]
    boards = tuple(codec.boards)[:32]
    sim = LockerBusSimulator(codec, boards, close_after_s=None)
    server = SimulatorServer(sim, args.baud)
    port = server.start_pty()
    traffic = RawTraffic("bench", None, False)
    driver = Rs485LockerBus(
        "bench", open_link(port, args.baud, traffic), codec, boards, StatusBoard(EventBus()),
        traffic, LockerTimeouts(baudrate=args.baud, poll_s=0.01),
    )  # fmt: skip
    print(f"{codec.name} bus, {len(boards)} boards x {codec.locks} locks, {args.baud} Bd 8N1, "
          "pty simulator")  # fmt: skip

    board = boards[0]
    latencies = []
    for n in range(args.opens):
        lock = n % codec.locks + 1
        started = time.perf_counter()
        result = driver.open_door(board, lock)
        latencies.append(time.perf_counter() - started)
        assert result == Ok(result.value) and sim.doors[board, lock].state.value == "open"
        sim.control(f"close {board} {lock}")
    frames = [
        codec.encode(Command(Op.OPEN, board, (1,))),
        codec.encode_reply(Reply(Op.OPEN, board, True, {1: DoorState.OPEN})),
        codec.encode(Command(Op.QUERY, board, (1,))),
        codec.encode_reply(Reply(Op.QUERY, board, True, {1: DoorState.OPEN})),
    ]
    floor_bytes = sum(map(len, frames))
    floor = wire_s(floor_bytes, args.baud)
    median, p95 = statistics.median(latencies), sorted(latencies)[int(0.95 * len(latencies)) - 1]
    print(
        f"open → confirmed open ({args.opens} doors): median {median * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms"
    )
    print(
        f"  baseline: wire time of 4 frames ({floor_bytes} B) {floor * 1000:.1f} ms; "
        f"ratio {median / floor:.2f}x"
    )

    started = time.perf_counter()
    status = driver.status()
    sweep = time.perf_counter() - started
    shut = {n: DoorState.CLOSED for n in range(1, codec.locks + 1)}
    all_reply = len(codec.encode_reply(Reply(Op.QUERY_ALL, board, True, shut)))
    sweep_floor = wire_s(len(boards) * (len(codec.encode(Command(Op.QUERY_ALL, board))) +
                                        all_reply), args.baud)  # fmt: skip
    print(
        f"status sweep of {len(boards)} boards (query all): {sweep * 1000:.0f} ms, "
        f"{status.state.value} (wire floor {sweep_floor * 1000:.0f} ms)"
    )
    started = time.perf_counter()
    for address in boards:
        for lock in range(1, codec.locks + 1):
            assert isinstance(driver.door_state(address, lock), Ok)
    one_by_one = time.perf_counter() - started
    doors = len(boards) * codec.locks
    print(
        f"  baseline: {doors} single-door queries {one_by_one * 1000:.0f} ms; "
        f"ratio {sweep / one_by_one:.3f}x"
    )
    sim.control(f"go_silent {boards[-1]}")
    started = time.perf_counter()
    status = driver.status()
    print(
        f"  with one board silent: {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"{status.state.value} ({status.last_error.code})"
    )
    driver.close()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
