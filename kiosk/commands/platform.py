"""``kiosk platform key|check|outbox [--config FILE]``: the terminal's platform link, for technicians.

- ``key``: the terminal id and its Ed25519 public key (created on first use), to enrol the
  terminal with the platform (``kiosk-platform-sim --enrol ID=KEY`` for the reference one).
- ``check``: call the platform's health operation and say what answered (exit 1 if nothing did).
- ``outbox``: how many submissions wait, were delivered or are parked, and why parked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("platform", help="terminal key, platform health, outbox state")
    parser.add_argument("action", choices=["key", "check", "outbox"])
    parser.add_argument("--config", type=Path, help="terminal configuration (default: the demo's)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import base64

    from kiosk.config import DEMO_CONFIG, ConfigError, load_config
    from kiosk.events import EventBus
    from kiosk.platform.auth import load_or_create_key, public_key_bytes
    from kiosk.platform.runtime import PlatformLink, terminal_key_path

    try:
        config = load_config(args.config or DEMO_CONFIG)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.action == "key":
        key = public_key_bytes(load_or_create_key(terminal_key_path(config)))
        print(f"{config.terminal.id}={base64.b64encode(key).decode()}")
        return 0
    if args.action == "outbox":
        from offline_cache.outbox import EntryState, Outbox

        outbox = Outbox(config.data_dir / "outbox.db")
        for state in EntryState:
            print(f"{state.value}: {outbox.count(state)}")
        for entry in outbox.entries(EntryState.PARKED):
            print(f"  parked #{entry.seq} {entry.operation} {entry.created_at}: {entry.last_error}")
        return 0
    link = PlatformLink(config, EventBus())
    try:
        result = link.client.health()
    finally:
        link.close()
    if result.ok:
        print(f"platform {link.client.base_url} answered; its clock: {result.value['time']}")
        return 0
    print(f"platform {config.platform.url}: {result.error}", file=sys.stderr)
    return 1
