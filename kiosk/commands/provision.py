"""``kiosk provision``: enrol with the operations manager, assign and probe devices, save.

Steps, each optional: enrolment with a one-time code (``--opsman URL --code CODE``); the devices
found on the machine; roles assigned with ``--assign ROLE=CLASS:MODEL:URL`` (repeatable) and
probed; the configuration written when it validates; the self-test report printed on the
assigned receipt printer (``--print-report``). Exit status 0 only when every step succeeded.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "provision", help="technician: enrol this terminal and set up devices"
    )
    parser.add_argument(
        "--config", type=Path, required=True, help="terminal configuration to write"
    )
    parser.add_argument("--data-dir", type=Path, help="data folder (default: the configuration's)")
    parser.add_argument("--opsman", help="operations manager URL, e.g. https://opsman.example:8443")
    parser.add_argument("--code", help="one-time enrolment code from the operations manager")
    parser.add_argument("--opsman-ca", help="CA file for the manager's HTTPS certificate")
    parser.add_argument("--assign", action="append", default=[], metavar="ROLE=CLASS:MODEL:URL",
                        help="e.g. receipt=printer:escpos:/dev/ttyUSB0 (repeatable)")  # fmt: skip
    parser.add_argument("--no-devices", action="store_true", help="skip device discovery")
    parser.add_argument("--printers", metavar="CIDR", help="also probe this network for port 9100")
    parser.add_argument("--udev-rules", type=Path, metavar="FILE",
                        help="write stable-name rules (e.g. /etc/udev/rules.d/99-govkiosk-devices.rules) "
                        "and configure USB-serial devices as /dev/govkiosk/<role>")  # fmt: skip
    parser.add_argument("--print-report", action="store_true",
                        help="print the self-test report on the assigned receipt printer")  # fmt: skip
    parser.set_defaults(handler=run)


def _data_dir(args: argparse.Namespace) -> Path:
    import platformdirs

    from kiosk.config import ConfigError, load_config

    if args.data_dir:
        return args.data_dir
    try:
        return load_config(args.config).data_dir
    except ConfigError:
        return Path(platformdirs.user_data_dir("govkiosk"))


def run(args: argparse.Namespace) -> int:
    from provisioning.enrol import EnrolmentFailed, enrol, read_raw
    from provisioning.provision import Assignment

    try:
        assignments = [Assignment.parse(text) for text in args.assign]
    except ValueError as exc:
        print(f"--assign {exc}")
        return 2
    if args.code:
        if not args.opsman:
            print("--code needs --opsman URL")
            return 2
        try:
            enrolled = enrol(args.config, _data_dir(args), args.opsman, args.code.strip().upper(),
                             args.opsman_ca or True)  # fmt: skip
        except EnrolmentFailed as exc:
            print(f"enrolment refused: {exc}")
            return 1
        print(f"enrolled as {enrolled.terminal_id} at site {enrolled.site_id}; "
              f"configuration written to {args.config}")  # fmt: skip
    found = [] if args.no_devices else _show_discovery(assignments, args.printers)
    if not assignments:
        return 0
    return _assign(args, read_raw(args.config), assignments, found)


def _show_discovery(assignments: list, printers: str | None) -> list:
    from provisioning.discovery import discover

    found = discover(tuple(a.url for a in assignments), printers)
    print("found on this machine:")
    for item in found.found:
        usb = f" [{item.usb_id}]" if item.usb_id else ""
        print(f"  {item.kind:<15} {item.address}  {item.description}{usb}")
    for problem in found.problems:
        print(f"  ({problem})")
    return list(found.found)


def _assign(args: argparse.Namespace, raw: dict, assignments: list, found: list) -> int:
    from kiosk.config import ConfigError, DeviceClass
    from kiosk.result import Ok
    from provisioning.device_test import build_device
    from provisioning.enrol import write_private
    from provisioning.provision import probe, save_devices, selftest_receipt, stable_names

    probes = [probe(a) for a in assignments]
    for item in probes:
        verdict = "ok" if item.report.ok else f"FAILED ({item.report.cause})"
        print(f"  {item.assignment.role:<12} {item.assignment.device_class.value:<8} "
              f"{item.assignment.url}: {'; '.join(item.report.steps)} {verdict}")  # fmt: skip
    urls: dict[str, str] = {}
    if args.udev_rules:
        rules, urls, kept = stable_names(probes, found)
        if rules:
            write_private(args.udev_rules, rules.encode(), 0o644)
            print(f"wrote {args.udev_rules}; run: udevadm control --reload && udevadm trigger")
        for role in kept:
            print(f"  {role}: not a local USB-serial port, keeps its address")
    try:
        save_devices(args.config, raw, probes, urls)
    except ConfigError as exc:
        print(f"configuration not written: {exc}")
        return 1
    print(f"devices written to {args.config}")
    ok = all(item.report.ok for item in probes)
    if args.print_report:
        printers = [
            p for p in probes if p.settings and p.assignment.device_class is DeviceClass.PRINTER
        ]
        if not printers:
            print("no receipt printer assigned: report not printed")
            return 1
        terminal = raw.get("terminal", {}).get("id", "-")
        device = build_device(printers[0].assignment.role, printers[0].settings)
        try:
            printed = device.print_receipt(selftest_receipt(terminal, probes))
        finally:
            device.close()
        print(
            "self-test report printed"
            if isinstance(printed, Ok)
            else "self-test report NOT printed"
        )
        ok = ok and isinstance(printed, Ok)
    return 0 if ok else 1
