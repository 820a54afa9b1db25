"""``kiosk device list|test``: every device class from a shell, through the kiosk's own drivers.

``list`` shows the configured devices with their status and what is attached to the machine;
``test CLASS`` talks to one device (the configured one, or ``--url``/``--port``, e.g. a
simulator's pty) and prints what was asked, what came back (hex with ``--raw``), the decoded
meaning and, on failure, the likely cause. Exit status 0 only when the device answered
correctly. ``kiosk locker status|open`` stays as the board-level tool (any board address, no
layout); ``kiosk device test locker`` is the same driver seen like every other class.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

CLASSES = ("printer", "idcard", "pcsc", "scanner", "locker", "doccam")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("device", help="technician: list and test devices")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="configured devices and what is attached")
    listing.add_argument("--config", type=Path, help="terminal configuration")
    listing.add_argument("--port", action="append", default=[], help="also list this port")
    listing.add_argument("--printers", metavar="CIDR", help="probe this network for port 9100")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    test = actions.add_parser("test", help="test one device class")
    test.add_argument("device_class", choices=CLASSES, metavar="CLASS", help=" | ".join(CLASSES))
    test.add_argument("--config", type=Path, help="terminal configuration")
    test.add_argument("--device", help="configured device name (when several of a class)")
    where = test.add_mutually_exclusive_group()
    where.add_argument(
        "--url", help="device URL, overriding the config (socket://, pcsc:, file://)"
    )
    where.add_argument("--port", help="serial port, overriding the config (/dev/ttyUSB0, a pty)")
    test.add_argument("--model", help="driver model (e.g. sam, 8a80, wkly, serial, camera)")
    test.add_argument("--baud", type=int, help="baud rate")
    test.add_argument("--profile", help="printer profile or locker layout")
    test.add_argument("--wait", type=float, default=5.0, metavar="S",
                      help="how long to wait for a card or a code (default 5)")  # fmt: skip
    test.add_argument("--no-print", action="store_true", help="printer: status only")
    test.add_argument("--board", type=int, help="locker: board address (default: the first)")
    test.add_argument("--open", type=int, metavar="N", help="locker: open door N")
    test.add_argument("--out", type=Path, default=Path("doccam-test.jpg"),
                      help="doccam: where to write the captured image")  # fmt: skip
    test.add_argument("--raw", action="store_true", help="show the frames sent and received")
    test.add_argument("--json", action="store_true")
    test.set_defaults(handler=run_test)


def _config(path: Path | None):
    from kiosk.config import load_config

    return load_config(path) if path else None


def run_list(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError
    from kiosk.events import EventBus
    from peripherals.registry import build_devices
    from peripherals.status import StatusBoard
    from provisioning.device_test import describe
    from provisioning.discovery import discover

    try:
        config = _config(args.config)
        devices = build_devices(config, StatusBoard(EventBus())) if config else {}
    except ConfigError as exc:
        print(exc)
        return 2
    configured = []
    for name, device in devices.items():
        try:
            status = device.status()
        finally:
            device.close()
        settings = config.peripherals[name]
        configured.append({
            "name": name, "class": settings.device_class.value, "model": settings.model,
            "url": settings.url, "state": status.state.value, "status": describe(status),
        })  # fmt: skip
    found = discover(tuple(args.port), args.printers)
    if args.json:
        attached = [f.as_dict() for f in found.found]
        print(json.dumps({"configured": configured, "attached": attached,
                          "problems": list(found.problems)}, ensure_ascii=False))  # fmt: skip
        return 0
    print("configured devices:" if configured else "configured devices: none (no --config?)")
    for row in configured:
        print(
            f"  {row['name']:<12} {row['class']:<8} {row['model']:<12} {row['url']}  {row['status']}"
        )
    print("attached:")
    for item in found.found:
        usb = f" [{item.usb_id}]" if item.usb_id else ""
        print(f"  {item.kind:<15} {item.address}  {item.description}{usb}")
    for problem in found.problems:
        print(f"  ({problem})")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, DeviceClass
    from provisioning.device_test import Options, build_device, run_test, settings_for

    device_class = DeviceClass(args.device_class)
    try:
        config = _config(args.config)
    except ConfigError as exc:
        print(exc)
        return 2
    candidates = {
        name: settings for name, settings in (config.peripherals if config else {}).items()
        if settings.device_class is device_class and args.device in (None, name)
    }  # fmt: skip
    name, configured = next(iter(candidates.items()), (args.device_class, None))
    url = args.url or args.port
    try:
        settings = settings_for(device_class, configured, url, args.model, args.baud, args.profile)
        device = build_device(name, settings)
    except ValueError as exc:
        print(f"{args.device_class}: {exc}")
        return 2
    options = Options(
        wait_s=args.wait, print_page=not args.no_print, open_door=args.open, board=args.board,
        out=args.out, terminal_id=config.terminal.id if config else "-",
    )  # fmt: skip
    try:
        report = run_test(device, device_class, settings.url, options)
    finally:
        device.close()
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return 0 if report.ok else 1
    print(f"{report.device_class} at {report.address} ({settings.model})")
    if args.raw:
        for line in report.raw:
            print(f"  {line}")
    for step in report.steps:
        print(f"  {step}")
    for key, value in report.fields.items():
        print(f"  {key}: {value}")
    if report.ok:
        print(f"OK in {report.seconds:.2f} s")
        return 0
    print(f"FAILED: {report.error}")
    print(f"likely cause: {report.cause}")
    return 1
