"""``kiosk locker-sim``: run a simulated RS485 locker bus (pty or TCP) with a fault control port."""

from __future__ import annotations

import argparse
import sys

from peripherals.simserver import add_serve_options, tell


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "locker-sim",
        help="run a simulated locker bus (pty or TCP) with a fault control port",
        description="Simulated pickup-locker controller boards. Control commands (one per line "
        "on the control port, or --fault at start): close_after S|never [B L], open B L, "
        "close B L, jam B L, unjam B L, wrong_state B L open|closed|off, go_silent [B], "
        "wake [B], no_reply [N], bad_checksum [N], short_reply [N], wrong_address [N], "
        "slow_reply S, N:CMD, reset, state, help.",
    )
    parser.add_argument("--codec", default="8a80", help="board family: 8a80 or wkly")
    parser.add_argument("--boards", type=int, default=1, help="number of boards (default 1)")
    parser.add_argument(
        "--first", type=int, help="address of the first board (default: 1 for 8a80, 0 for wkly)"
    )
    add_serve_options(parser, fault_example='"jam 1 3"')
    parser.add_argument("--baud", type=int, help="take each byte's wire time at this baud rate")
    parser.add_argument(
        "--close-after",
        default="5",
        metavar="S",
        help="seconds an opened door stays open, or 'never' (default 5)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.tell:
        return tell(args.control, args.tell)
    from peripherals import simserver
    from peripherals.locker.codec import CODECS
    from peripherals.locker.simulator import LockerBusSimulator

    codec = CODECS.get(args.codec)
    if codec is None:
        print(f"unknown codec {args.codec!r}; known: {', '.join(sorted(CODECS))}", file=sys.stderr)
        return 2
    first = codec.boards.start if args.first is None else args.first
    boards = range(first, first + args.boards)
    if not 1 <= args.boards or boards.stop - 1 not in codec.boards or first not in codec.boards:
        print(
            f"{codec.name} board addresses are {codec.boards.start}..{codec.boards.stop - 1}",
            file=sys.stderr,
        )
        return 2
    close_after = None if args.close_after == "never" else float(args.close_after)
    sim = LockerBusSimulator(codec, boards, close_after)
    banner = (
        f"locker simulator ({codec.name}, boards {boards.start}..{boards.stop - 1}, "
        f"{codec.locks} locks each) at {{address}}\n"
        "control: kiosk locker-sim --control {control} --tell help"
    )
    return simserver.run(sim, args, banner, args.baud)
