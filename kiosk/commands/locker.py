"""``kiosk locker status|open``: talk to a locker bus (real or simulated) from a shell.

Prints what was sent and what came back (hex with ``--raw``), the decoded door states and, on
failure, the likely cause in plain words. Exit status 0 only when the board answered correctly
(and, for ``open``, the door read back open).
"""

from __future__ import annotations

import argparse

CAUSES = {
    "no_reply": "no reply: check the RS485 cable (A/B swapped?), the board's power, its DIP "
    "address, the baud rate (9600 for most boards) and the board family (--codec)",
    "bad_reply": "replies were malformed: wrong board family (--codec) or baud rate, or noise "
    "on the line (termination resistor?)",
    "link_lost": "the port failed or does not exist: check --port and its permissions",
    "not_opened": "the board answered but the door stayed shut: latch jammed, door pressed "
    "or lock not wired; check the compartment",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "locker", help="technician: door status of a locker board, or open one door"
    )
    parser.add_argument("action", choices=("status", "open"))
    parser.add_argument(
        "--port",
        required=True,
        help="serial port or URL, e.g. /dev/ttyUSB0, socket://127.0.0.1:9200",
    )
    parser.add_argument("--board", type=int, required=True, help="board address (DIP)")
    parser.add_argument("--lock", type=int, help="lock number (required for open)")
    parser.add_argument("--codec", default="8a80", help="board family: 8a80 or wkly")
    parser.add_argument("--baud", type=int, default=9600)
    parser.add_argument(
        "--wait",
        type=float,
        default=2.0,
        metavar="S",
        help="how long a door may take to read open (default 2)",
    )
    parser.add_argument("--raw", action="store_true", help="show the frames sent and received")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.events import EventBus
    from kiosk.result import Ok
    from peripherals.link import check_url, open_link
    from peripherals.locker.codec import CODECS, redact
    from peripherals.locker.driver import LockerTimeouts, Rs485LockerBus
    from peripherals.rawlog import RawTraffic
    from peripherals.status import StatusBoard

    codec = CODECS.get(args.codec)
    if codec is None:
        print(f"unknown codec {args.codec!r}; known: {', '.join(sorted(CODECS))}")
        return 2
    if (why := check_url(args.port)) is not None:
        print(f"--port: {why}")
        return 2
    bad_lock = args.lock is not None and not 1 <= args.lock <= codec.locks
    if args.board not in codec.boards or bad_lock:
        print(
            f"{codec.name}: boards {codec.boards.start}..{codec.boards.stop - 1}, "
            f"locks 1..{codec.locks}"
        )
        return 2
    if args.action == "open" and args.lock is None:
        print("open needs --lock")
        return 2
    traffic = RawTraffic("locker-cli", None, False, redact)
    timeouts = LockerTimeouts(baudrate=args.baud, confirm_s=args.wait)
    link = open_link(args.port, args.baud, traffic)
    bus = Rs485LockerBus(
        "locker-cli", link, codec, (args.board,), StatusBoard(EventBus()), traffic, timeouts
    )
    try:
        if args.action == "open":
            result = bus.open_door(args.board, args.lock)
        elif args.lock is not None:
            result = bus.door_state(args.board, args.lock)
        else:
            result = bus.door_states(args.board)
    finally:
        bus.close()
    if args.raw:
        for line in traffic.recent():
            print(line.split(" ", 2)[2])
    where = f"board {args.board}" + (f" lock {args.lock}" if args.lock else "")
    if isinstance(result, Ok):
        value = result.value
        doors = value if isinstance(value, dict) else {args.lock: value}
        opened = [n for n, state in doors.items() if state.value == "open"]
        print(f"{codec.name} {where}: " + " ".join(f"{n}={s.value}" for n, s in doors.items()))
        print(f"open doors: {', '.join(map(str, opened)) or 'none'}")
        return 0
    failure = result.error
    print(
        f"{codec.name} {where}: FAILED after {failure.attempts} attempt(s): {failure.reason.value}"
    )
    print(f"likely cause: {CAUSES[failure.reason.value]}")
    return 1
