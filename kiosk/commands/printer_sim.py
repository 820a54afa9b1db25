"""``kiosk printer-sim``: run the ESC/POS printer simulator on a pty or a TCP port."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peripherals.simserver import add_serve_options, tell


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "printer-sim",
        help="run a simulated receipt printer (pty or TCP) with a fault control port",
        description="Simulated ESC/POS receipt printer. Control commands (one per line on the "
        "control port, or --fault at start): paper_out, paper_near_end, paper_ok, "
        "paper_out_after N, cover_open, cover_close, go_silent, no_reply, slow_reply S, "
        "reset, state, help.",
    )
    add_serve_options(parser, fault_example='"paper_out_after 12"')
    parser.add_argument(
        "--profile", default="generic-80", help="printer profile (default %(default)s)"
    )
    parser.add_argument("--out", type=Path, help="write each printed page as .txt and .png here")
    parser.add_argument("--baud", type=int, help="take each byte's wire time at this baud rate")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.tell:
        return tell(args.control, args.tell)
    from kiosk.config import DEMO_CONFIG, load_config
    from peripherals import simserver
    from peripherals.printer.profile import UnknownProfile, load_profile
    from peripherals.printer.simulator import PrinterSimulator

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
    banner = (
        f"printer simulator ({profile.name}) at {{address}}\n"
        "control: kiosk printer-sim --control {control} --tell help"
    )
    return simserver.run(printer, args, banner, args.baud)
