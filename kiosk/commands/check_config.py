"""``kiosk check-config FILE``: validate a configuration file and say what is wrong."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check-config", help="validate a configuration file")
    parser.add_argument("file", type=Path, help="TOML configuration file")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, load_config

    try:
        config = load_config(args.file)
    except ConfigError as exc:
        print(f"configuration NOT valid: {len(exc.problems)} problem(s)", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    devices = ", ".join(
        f"{name} ({p.device_class.value}: {p.model} at {p.url})"
        for name, p in config.peripherals.items()
    ) or "none"
    print(f"configuration valid: terminal {config.terminal.id}, site {config.site.name_zh}")
    print(f"platform {config.platform.url}; devices: {devices}")
    return 0
