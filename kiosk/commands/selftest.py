"""``kiosk selftest [--config FILE]``: check config, font, data folder, and probe every device.

Exit status 0 only when everything checked is usable and every device answered ``online``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "selftest", help="check configuration, font, data folder and devices"
    )
    parser.add_argument("--config", type=Path, help="terminal configuration (default: the demo's)")
    parser.set_defaults(handler=run)


def _line(ok: bool, what: str, detail: str) -> bool:
    print(f"[{'ok' if ok else 'FAIL':>4}] {what}: {detail}")
    return ok


def run(args: argparse.Namespace) -> int:
    from kiosk.config import DEMO_CONFIG, ConfigError, load_config
    from kiosk.events import EventBus
    from kiosk.fonts import FontNotFound, find_cjk_font
    from peripherals.registry import build_devices
    from peripherals.status import DeviceState, StatusBoard

    path = args.config or DEMO_CONFIG
    try:
        config = load_config(path)
        board = StatusBoard(EventBus())
        devices = build_devices(config, board, str(path))
    except ConfigError as exc:
        _line(False, "configuration", str(path))
        print(exc, file=sys.stderr)
        return 1
    results = [_line(True, "configuration", f"{path} (terminal {config.terminal.id})")]
    try:
        font = find_cjk_font(config.cache_dir)
        results.append(_line(True, "Chinese font", str(font.regular)))
    except FontNotFound as exc:
        results.append(_line(False, "Chinese font", str(exc)))
    data_dir = config.data_dir
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        writable = os.access(data_dir, os.W_OK)
    except OSError:
        writable = False
    results.append(
        _line(writable, "data folder", f"{data_dir} {'writable' if writable else 'NOT writable'}")
    )
    if not devices:
        print("no devices are configured (add [peripherals.<name>] tables to the configuration)")
    for name, device in devices.items():
        try:
            status = device.status()
        finally:
            device.close()
        media = ""
        if status.media is not None:
            media = " " + " ".join(f"{k}={v.value}" for k, v in vars(status.media).items())
        error = f" (last error: {status.last_error.code})" if status.last_error else ""
        ok = status.state is DeviceState.ONLINE
        results.append(
            _line(ok, f"{name} [{device.device_class}]", f"{status.state.value}{media}{error}")
        )
    return 0 if all(results) else 1
