"""``kiosk printer-sim``: run the ESC/POS printer simulator on a pty or a TCP port."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "printer-sim",
        help="run a simulated receipt printer (pty or TCP) with a fault control port",
        description="Simulated ESC/POS receipt printer. Control commands (one per line on the "
        "control port, or --fault at start): paper_out, paper_near_end, paper_ok, "
        "paper_out_after N, cover_open, cover_close, go_silent, no_reply, slow_reply S, "
        "reset, state, help.",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--pty", action="store_true", help="serve on a new pty (default)")
    where.add_argument("--tcp", type=int, metavar="PORT", help="serve on 127.0.0.1:PORT")
    parser.add_argument(
        "--control",
        type=int,
        default=0,
        metavar="PORT",
        help="control port on 127.0.0.1 (default: any free port)",
    )
    parser.add_argument(
        "--profile", default="generic-80", help="printer profile (default %(default)s)"
    )
    parser.add_argument("--out", type=Path, help="write each printed page as .txt and .png here")
    parser.add_argument("--baud", type=int, help="take each byte's wire time at this baud rate")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="CMD",
        help='control command applied at start, e.g. --fault "paper_out_after 12"',
    )
    parser.add_argument(
        "--tell", metavar="CMD", help="send CMD to a running simulator's --control port and exit"
    )
    parser.set_defaults(handler=run)


def tell(port: int, command: str) -> int:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(command.encode() + b"\n")
            conn.shutdown(socket.SHUT_WR)
            print(conn.makefile(encoding="utf-8").read().rstrip())
    except OSError as exc:
        print(f"no simulator control port at 127.0.0.1:{port}: {exc}", file=sys.stderr)
        return 1
    return 0


def run(args: argparse.Namespace) -> int:
    if args.tell:
        return tell(args.control, args.tell)
    from kiosk.config import DEMO_CONFIG, load_config
    from peripherals.printer.profile import UnknownProfile, load_profile
    from peripherals.printer.simulator import PrinterSimulator, SimulatorServer

    try:
        profile = load_profile(args.profile)
    except UnknownProfile as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    cache_dir = load_config(DEMO_CONFIG).cache_dir
    printer = PrinterSimulator(
        profile,
        args.out,
        cache_dir if args.out else None,
        on_page=lambda page: print(f"--- page printed ---\n{page.text()}", flush=True),
    )
    for fault in args.fault:
        print(printer.control(fault))
    server = SimulatorServer(printer, args.baud)
    address = server.start_tcp(args.tcp) if args.tcp is not None else server.start_pty()
    control = server.start_control(args.control)
    print(f"printer simulator ({profile.name}) at {address}", flush=True)
    print(f"control: kiosk printer-sim --control {control} --tell help", flush=True)
    try:
        threading.Event().wait()
    finally:
        server.stop()
    return 0
