"""``kiosk locker-bank``: the terminal's compartments for staff and technicians.

``list`` shows every compartment (size, label, held order, out of service, held for a check);
``disable KEY REASON`` / ``enable KEY`` take one out of service and back; ``release KEY
[--order ID]`` clears a hold after a check (the compartment then holds ``ID`` or nothing);
``audit [--last N]`` prints the audit trail. Every change is an audit record.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "locker-bank", help="staff: list compartments, take them out of service, audit trail"
    )
    parser.add_argument("action", choices=("list", "disable", "enable", "release", "audit"))
    parser.add_argument("key", nargs="?", help="compartment, <board>-<lock> (e.g. 1-3)")
    parser.add_argument("reason", nargs="?", help="why it is out of service (disable)")
    parser.add_argument("--order", help="order the compartment holds after a check (release)")
    parser.add_argument("--last", type=int, default=50, help="audit records to show")
    parser.add_argument("--config", type=Path, help="terminal configuration (default: the demo's)")
    parser.add_argument("--staff", default="technician", help="who does it, for the audit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, ConfigError, DeviceClass, load_config
    from kiosk.lockers.bank import LockerBank
    from kiosk.lockers.setup import BANK_FILE
    from peripherals.locker.driver import layout_for
    from peripherals.locker.profile import UnknownLayout

    try:
        config = load_config(args.config or DEMO_CONFIG)
        name, settings = next(
            (n, s) for n, s in config.peripherals.items() if s.device_class is DeviceClass.LOCKER
        )
        layout = layout_for(settings)
    except (ConfigError, UnknownLayout) as exc:
        print(exc, file=sys.stderr)
        return 2
    except StopIteration:
        print('no locker bus is configured ([peripherals.<id>] class = "locker")', file=sys.stderr)
        return 2
    if args.action in ("disable", "enable", "release") and not args.key:
        print(f"{args.action} needs a compartment, e.g. 1-3", file=sys.stderr)
        return 2
    bank = LockerBank(config.data_dir / BANK_FILE, layout)
    try:
        if args.key and bank.compartment(args.key) is None:
            print(f"no compartment {args.key} in layout {layout.name}", file=sys.stderr)
            return 2
        actor = f"staff:{args.staff}"
        if args.action == "disable":
            bank.set_out_of_service(args.key, args.reason or "out of service", actor)
        elif args.action == "enable":
            bank.set_out_of_service(args.key, None, actor)
        elif args.action == "release":
            bank.release_for_staff(args.key, args.order, actor)
        elif args.action == "audit":
            for r in bank.audit_log()[-args.last :]:
                print(f"{r.at} {r.actor} {r.action} {r.order_id or '-'} {r.compartment or '-'}"
                      f" {r.detail or ''}".rstrip())  # fmt: skip
            return 0
        print(f"{name}: layout {layout.name}")
        for c in bank.compartments():
            if args.action != "list" and c.key != args.key:
                continue
            notes = [f"holds {c.order_id}" if c.order_id else "empty"]
            notes += [f"OUT OF SERVICE ({c.out_of_service})"] if c.out_of_service else []
            notes += ["HELD for a staff check"] if c.held_for_staff else []
            print(f"{c.key:>6} {c.label:<5} {c.size}  {', '.join(notes)}")
    finally:
        bank.close()
    return 0
