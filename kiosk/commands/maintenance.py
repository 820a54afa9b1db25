"""``kiosk maintenance``: technician access, audit trail, diagnostics bundle, factory reset.

``set-pin`` and ``add-card`` write ``[maintenance]`` of the configuration (the PIN is read
from the terminal or stdin and stored only as a PBKDF2 hash; a card as the SHA-256 of its
number). ``audit`` lists the maintenance audit trail, ``diagnostics`` writes a support bundle,
``factory-reset --yes`` wipes keys, data, caches and logs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("maintenance", help="technician: PIN, cards, audit, reset")
    actions = parser.add_subparsers(dest="action", required=True)
    for name, text in (
        ("set-pin", "set the technician PIN (read from the terminal, or stdin)"),
        ("add-card", "register a technician card by its card number"),
        ("audit", "show the maintenance audit trail"),
        ("diagnostics", "write a support bundle (.tar.gz)"),
        ("factory-reset", "wipe keys, data, caches and logs"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--config", type=Path, required=True, help="terminal configuration")
        action.set_defaults(handler=run)
        if name == "add-card":
            action.add_argument("card_number")
        if name == "diagnostics":
            action.add_argument("--out", type=Path, default=Path("govkiosk-diagnostics.tar.gz"))
        if name == "factory-reset":
            action.add_argument("--yes", action="store_true", help="really wipe this terminal")


def run(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, load_config
    from provisioning.enrol import read_raw, write_config

    try:
        config = load_config(args.config)
    except ConfigError as exc:
        print(exc)
        return 2
    match args.action:
        case "set-pin" | "add-card":
            from provisioning.maintenance import card_digest, hash_pin

            raw = read_raw(args.config)
            section = raw.setdefault("maintenance", {})
            try:
                if args.action == "set-pin":
                    section["pin_hash"] = hash_pin(_read_pin())
                else:
                    cards = section.setdefault("technician_cards", [])
                    cards.append(card_digest(args.card_number))
            except ValueError as exc:
                print(exc)
                return 2
            write_config(args.config, raw)
            print(f"{args.config}: [maintenance] updated")
        case "audit":
            from datetime import UTC, datetime

            from provisioning.maintenance import AuditLog

            for at, who, action, detail in AuditLog(config.data_dir / "maintenance.sqlite").recent(
                200
            ):
                print(
                    f"{datetime.fromtimestamp(at, UTC):%Y-%m-%d %H:%M:%S}Z {who:<14} {action:<16} {detail}"
                )
        case "diagnostics":
            from kiosk.events import EventBus
            from peripherals.registry import build_devices
            from peripherals.status import StatusBoard
            from provisioning.device_test import describe
            from provisioning.diagnostics import build_bundle

            status = {}
            for name, device in build_devices(config, StatusBoard(EventBus())).items():
                try:
                    status[name] = describe(device.status())
                finally:
                    device.close()
            build_bundle(args.out, args.config, config.log_dir, config.data_dir, status)
            print(f"wrote {args.out}")
        case "factory-reset":
            from provisioning.factory_reset import factory_reset

            if not args.yes:
                print("factory reset deletes this terminal's keys, data and logs: add --yes")
                return 2
            for path in factory_reset(config, args.config):
                print(f"deleted {path}")
    return 0


def _read_pin() -> str:
    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("technician PIN (6-12 digits): ")
        if getpass.getpass("again: ") != pin:
            raise ValueError("the two PINs differ")
        return pin
    return sys.stdin.readline().strip()
